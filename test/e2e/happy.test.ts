// The three cases of ARCHITECTURE §2 converge through `run --once --wait`, with the reconciler's
// least-privilege keys; the caches become Ready because the emulator's pull model walked the role
// chain and pulled the image; a second pass writes nothing; a broken trust fails the cache visibly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ACCOUNT_A, ACCOUNT_B, cli, clearRequests, e2eEmulator, editFile, exampleCopy, state, writesOf } from './harness.js';

const CASES = ['same-account-default-domain', 'same-account-custom-domain', 'cross-account'];

const allCaches = (s: any): any[] => [ACCOUNT_A, ACCOUNT_B].flatMap((id) => s.accounts[id].eci.imageCaches);

for (const example of CASES) {
  test(`${example}: converges, its caches are pulled and Ready, and a second pass writes nothing`, async () => {
    const emulator = await e2eEmulator();
    const dir = exampleCopy(example);
    const plan = await cli(emulator, ['plan', '--manifests', dir, '--detailed-exitcode']);
    assert.equal(plan.code, 2, plan.err);
    const first = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
    assert.equal(first.code, 0, first.out + first.err);
    assert.match(first.out, /^created +imagecache .*: Ready$/m);
    const caches = allCaches(await state(emulator));
    assert.ok(caches.length > 0, 'the pass created at least one image cache');
    for (const cache of caches) {
      assert.equal(cache.Status, 'Ready');
      assert.ok(cache.Events.some((e: any) => e.Reason === 'Pulled'), `pull model did not pull: ${JSON.stringify(cache.Events)}`);
    }
    await clearRequests(emulator);
    const second = await cli(emulator, ['run', '--once', '--manifests', dir]);
    assert.equal(second.code, 0, second.out + second.err);
    assert.deepEqual(writesOf(await emulator.requests()), []);
    assert.doesNotMatch(second.out, /^(created|updated|replaced|deleted)/m);
  });
}

test('a trust naming the wrong principal gives a Failed cache, the CLI shows why, and a fixed manifest recreates it', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('cross-account-explicit');
  editFile(join(dir, 'acr-role.yaml'), (t) => t.replace('- roleRef: role-assume', '- arn: acs:ram::1000000000000001:role/someone-else'));
  const run = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
  assert.equal(run.code, 1, run.out + run.err);
  const line = run.out.split('\n').find((l) => l.includes('imagecache nginx-explicit'));
  assert.match(line ?? '', /^failed +imagecache nginx-explicit .*: Failed: /);
  const cache = allCaches(await state(emulator)).find((c) => c.ImageCacheName === 'nginx-explicit');
  assert.equal(cache.Status, 'Failed');
  const warning = cache.Events.filter((e: any) => e.Type === 'Warning').at(-1);
  assert.ok(line?.includes(warning.Message), `CLI line ${line} lacks the event message ${warning.Message}`);

  // Fixing the trust and running again recreates the Failed cache: a new one, Ready, and only one.
  editFile(join(dir, 'acr-role.yaml'), (t) => t.replace('- arn: acs:ram::1000000000000001:role/someone-else', '- roleRef: role-assume'));
  const fixed = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
  assert.equal(fixed.code, 0, fixed.out + fixed.err);
  assert.match(fixed.out, /^replaced +imagecache nginx-explicit .*: Ready$/m);
  const now = allCaches(await state(emulator)).filter((c) => c.ImageCacheName === 'nginx-explicit');
  assert.deepEqual(now.map((c) => c.Status), ['Ready']);
  assert.notEqual(now[0].ImageCacheId, cache.ImageCacheId);
});

test('invalid manifests print diagnostics, exit 3 and send nothing to the cloud', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('cross-account');
  editFile(join(dir, 'manifests.yaml'), (t) => t.replace('kind: AcrPullAccess', 'kind: AcrPullAccess\nbogus: [unclosed'));
  for (const argv of [['plan'], ['run', '--once', '--prune']]) {
    const result = await cli(emulator, [...argv, '--manifests', dir]);
    assert.equal(result.code, 3, result.out + result.err);
    assert.match(result.err, /manifests\.yaml:\d+:\d+: error /);
  }
  assert.deepEqual(await emulator.requests(), []);
});

test('a no-op pass makes exactly the reads it needs: one list per kind, details only for our resources', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('cross-account');
  const first = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(first.code, 0, first.out + first.err);
  await clearRequests(emulator);
  const second = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(second.code, 0, second.out + second.err);
  const calls = (await emulator.requests()).map((r) => `${r.accountId?.slice(-1)}:${r.action}`).sort();
  assert.deepEqual(calls, [
    '1:DescribeImageCaches',
    '1:GetCallerIdentity',
    '1:GetRole',
    '1:ListPolicies',
    '1:ListPoliciesForRole',
    '1:ListRoles',
    // Account 2 declares no image cache: no ECI call (issue 14, finding 4).
    '2:GetCallerIdentity',
    '2:GetRole',
    '2:ListPolicies',
    '2:ListPoliciesForRole',
    '2:ListPolicyVersions',
    '2:ListRoles',
  ]);
});
