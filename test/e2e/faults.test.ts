// Faults and pinning: a throttling/unavailability storm does not stop one pass from converging;
// credentials that resolve to the wrong account are refused before any write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_A, RECONCILER_B, cli, e2eEmulator, exampleCopy, state, writesOf } from './harness.js';

test('with 30% Throttling.User / ServiceUnavailable on every action, one run --once converges', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('cross-account');
  const faults = await emulator.admin('PUT', '/_emulator/faults', {
    seed: 7,
    rules: [
      { probability: 0.18, code: 'Throttling.User', statusCode: 400, delayMs: 0, times: null },
      { probability: 0.15, code: 'ServiceUnavailable', statusCode: 503, delayMs: 0, times: null },
    ],
  });
  assert.equal(faults.status, 200, JSON.stringify(faults.body));
  const run = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '60s', '--manifests', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const requests = await emulator.requests();
  assert.ok(requests.some((r) => r.code === 'Throttling.User'), 'the storm happened');
  assert.ok(requests.some((r) => r.code === 'ServiceUnavailable'), 'the storm happened');
  await emulator.admin('DELETE', '/_emulator/faults');
  const plan = await cli(emulator, ['plan', '--manifests', dir, '--detailed-exitcode']);
  assert.equal(plan.code, 0, plan.out);
});

test('account pinning: credentials of another account are refused before any write (--endpoint beats the env)', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('same-account-default-domain');
  // The env points nowhere: only the --endpoint flag leads to the emulator.
  const wrongKeys = { ECI_ACCESS_KEY_ID: RECONCILER_B.accessKeyId, ECI_ACCESS_KEY_SECRET: RECONCILER_B.accessKeySecret, ECI_ACR_RECONCILER_ENDPOINT: 'http://127.0.0.1:9' };
  const before = JSON.stringify((await state(emulator)).accounts);
  const run = await cli(emulator, ['run', '--once', '--endpoint', emulator.url, '--manifests', dir], wrongKeys);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out, new RegExp(`account pinning: the credentials of Account default-domain resolve to account 1000000000000002, not ${ACCOUNT_A}`));
  assert.deepEqual(writesOf(await emulator.requests()), []);
  assert.equal(JSON.stringify((await state(emulator)).accounts), before);
});
