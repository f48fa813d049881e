// The engine through the real Alibaba adapter against the emulator: eventual consistency retries on
// the injected clock, dependents of a failure skipped, and reconcileKey's narrow observation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAlibabaProvider } from '../../src/cloud/alibaba/index.js';
import { reconcileAll, reconcileKey } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/index.js';
import { ManualClock, systemClock } from '../../src/runtime/clock.js';
import { e2eEmulator, reconcilerEnv } from '../e2e/harness.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { driveClock, waitFor } from '../helpers/wait.js';

function setup(emulator: TestEmulator, example: string) {
  const { state } = loadManifests([`manifests/examples/${example}`]);
  assert.ok(state, `example ${example} loads`);
  const provider = createAlibabaProvider({ accounts: state.accounts, env: reconcilerEnv(emulator), clock: systemClock, retry: { attempts: 1 } });
  return { desired: state, provider };
}

test('an attach that sees the just-created role as not-found is retried on the injected clock, then succeeds', async () => {
  const emulator = await e2eEmulator();
  const { desired, provider } = setup(emulator, 'same-account-default-domain');
  await emulator.admin('PUT', '/_emulator/faults', { seed: 1, rules: [{ service: 'ram', action: 'AttachPolicyToRole', probability: 1, code: 'EntityNotExist.Role', statusCode: 404, times: 2 }] });
  const clock = new ManualClock();
  const pass = reconcileAll(desired, { provider, clock });
  for (let advanced = 0; advanced < 2; advanced++) {
    await waitFor(() => clock.pendingSleepers() > 0, `retry sleep ${advanced + 1}`, 30_000, 5);
    clock.advance(60_000);
  }
  const report = await pass;
  assert.equal(report.ok, true, JSON.stringify(report.outcomes));
  const attaches = (await emulator.requests()).filter((r) => r.action === 'AttachPolicyToRole');
  assert.deepEqual(attaches.map((r) => r.code), ['EntityNotExist.Role', 'EntityNotExist.Role', null]);
});

test('a terminal failure fails its resource, skips its dependents and leaves unrelated resources converged', async () => {
  const emulator = await e2eEmulator();
  const { desired, provider } = setup(emulator, 'cross-account-explicit');
  await emulator.admin('PUT', '/_emulator/faults', { seed: 1, rules: [{ service: 'ram', action: 'CreateRole', probability: 1, code: 'LimitExceeded.Role', statusCode: 409, times: 1 }] });
  const report = await reconcileAll(desired, { provider, clock: systemClock });
  const byName = Object.fromEntries(report.outcomes.map((o) => [o.name, o]));
  const failedRole = Object.values(byName).find((o) => o.kind === 'role' && o.outcome === 'failed');
  assert.ok(failedRole, JSON.stringify(report.outcomes));
  assert.equal(failedRole.error?.code, 'LimitExceeded.Role');
  assert.equal(byName['nginx-explicit']?.outcome, 'skipped');
  assert.equal(byName['acme-pull-only']?.outcome, 'created');
  assert.equal(report.ok, false);
});

test('reconcileKey observes only its own account and resource, and applies only that key', async () => {
  const emulator = await e2eEmulator();
  const { desired, provider } = setup(emulator, 'cross-account-explicit');
  const outcome = await reconcileKey('policy/1000000000000002/acme-pull-only', desired, { provider, clock: systemClock });
  assert.equal(outcome?.outcome, 'created');
  const requests = await emulator.requests();
  assert.deepEqual([...new Set(requests.map((r) => r.accountId))], ['1000000000000002']);
  assert.deepEqual(requests.filter((r) => !/^(List|Get|Describe)/.test(r.action ?? '')).map((r) => r.action), ['CreatePolicy']);
  assert.equal(requests.some((r) => r.action === 'GetRole'), false);
});

test('--wait gives up at the timeout on the injected clock: a cache still building is failed, not left waiting', async () => {
  const emulator = await e2eEmulator({ timing: { imageCachePreparingMs: 3_600_000, imageCacheCreatingMs: 3_600_000 } });
  const { desired, provider } = setup(emulator, 'same-account-custom-domain');
  const clock = new ManualClock();
  const pass = reconcileAll(desired, { provider, clock, wait: true, waitTimeoutMs: 60_000, pollIntervalMs: 10_000 });
  const report = await driveClock(clock, pass, { stepMs: 10_000 });
  const cache = report.outcomes.find((o) => o.kind === 'imagecache');
  assert.equal(cache?.outcome, 'failed');
  assert.match(cache?.message ?? '', /^still Preparing after the --wait-timeout of 60s$/);
  const polls = (await emulator.requests()).filter((r) => r.action === 'DescribeImageCaches').length;
  assert.ok(polls >= 6 && polls <= 9, `polled ${polls} times over 60 s at 10 s intervals`);
});
