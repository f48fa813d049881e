// Issue 11, Deliver 2: AcrPullAccess with pullPolicy: documented validates without warnings,
// converges through `run --once --wait`, and the cache is Ready because the emulator's own pull
// table accepted the guide-shaped policy the reconciler generated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ACCOUNT_A, ACCOUNT_B, cli, clearRequests, e2eEmulator, editFile, exampleCopy, state, writesOf } from './harness.js';

test('issue 11 D2: pullPolicy documented lints clean, converges, pulls, and a second pass writes nothing', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('cross-account');
  editFile(join(dir, 'manifests.yaml'), (t) => t.replace('pullPolicy: minimal', 'pullPolicy: documented'));

  const validate = await cli(emulator, ['validate', '--strict', '--manifests', dir]);
  assert.equal(validate.code, 0, validate.out + validate.err);
  assert.doesNotMatch(validate.out + validate.err, /warning|LINT_/);

  const run = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /^created +imagecache nginx-cross-account .*: Ready$/m);

  const s = await state(emulator);
  const [cache] = s.accounts[ACCOUNT_A].eci.imageCaches;
  assert.equal(cache.Status, 'Ready');
  assert.ok(cache.Events.some((e: any) => e.Reason === 'Pulled'), `the emulator pulled: ${JSON.stringify(cache.Events)}`);
  const policy = s.accounts[ACCOUNT_B].ram.policies.find((p: any) => p.policyName === 'nginx-pull-pull');
  const current = policy.versions.find((v: any) => v.versionId === policy.defaultVersion);
  assert.deepEqual(JSON.parse(current.document), {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['cr:Get*', 'cr:List*'], Resource: '*' },
      { Effect: 'Allow', Action: ['cr:Pull*'], Resource: [`acs:cr:cn-hangzhou:${ACCOUNT_B}:instance/cri-aaaa0000000000001`] },
    ],
  });

  await clearRequests(emulator);
  const second = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(second.code, 0, second.out + second.err);
  assert.deepEqual(writesOf(await emulator.requests()), []);
});
