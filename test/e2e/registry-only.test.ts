// Issue 14, finding 4: an account that only holds the registry (it declares no image cache) was sent
// DescribeImageCaches anyway, so with only RAM permissions `plan` failed with an ECI NoPermission
// blamed on its role. Now such an account gets no ECI call, unless the pass prunes: then its default
// region is listed by our tags, which is how caches it stopped declaring are found and deleted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ACCOUNT_B, cli, clearRequests, e2eSeed, exampleCopy, RECONCILER_B } from './harness.js';
import { withEmulator } from '../helpers/emulator.js';

const RAM_ONLY_KEY = { accessKeyId: 'LTAI5tRamOnlyB000000001', accessKeySecret: 'ram-only-secret-b' };

/** The least-privilege policy without its ECI statement: what a registry-only account grants. */
function ramOnlyDocument(): string {
  const policy = JSON.parse(readFileSync('docs/reconciler-ram-policy.json', 'utf8')) as { Statement: { Action: string[] }[] };
  const Statement = policy.Statement.filter((s) => !s.Action.some((a) => a.startsWith('eci:')));
  assert.equal(Statement.length, policy.Statement.length - 1, 'exactly the ECI statement is dropped');
  return JSON.stringify({ ...policy, Statement });
}

function seed(): Record<string, any> {
  const s = e2eSeed();
  const b = s.accounts[1];
  b.policies.push({ policyName: 'RegistryOnly', document: ramOnlyDocument() });
  b.users.push({ name: 'registry-only', accessKeys: [RAM_ONLY_KEY], policies: [{ policyName: 'RegistryOnly', policyType: 'Custom' }] });
  // A cache of ours in the registry account, from a time it declared one (same owner as the example).
  b.imageCaches = [
    {
      regionId: 'cn-hangzhou',
      imageCacheName: 'left-behind',
      images: ['docker.io/library/nginx:1.27'],
      status: 'Ready',
      tags: [
        { key: 'managed-by', value: 'eci-acr-reconciler' },
        { key: 'eci-acr-reconciler.owner', value: 'example-cross-account' },
        { key: 'eci-acr-reconciler.manifest', value: 'ImageCache/left-behind' },
      ],
    },
  ];
  return s;
}

const emulator = await withEmulator(seed());
const dir = exampleCopy('cross-account');
const eciCallsOf = async (accountId: string) => (await emulator.requests()).filter((r) => r.service === 'eci' && r.accountId === accountId);

test('finding 4: a registry-only account with only RAM permissions plans cleanly, and gets 0 ECI calls', async () => {
  await clearRequests(emulator);
  const keys = { ACR_ACCESS_KEY_ID: RAM_ONLY_KEY.accessKeyId, ACR_ACCESS_KEY_SECRET: RAM_ONLY_KEY.accessKeySecret };
  const plan = await cli(emulator, ['plan', '--manifests', dir], keys);
  assert.equal(plan.code, 0, plan.out + plan.err);
  assert.doesNotMatch(plan.out, /NoPermission|^\s+!/m);
  assert.match(plan.out, /\+ role nginx-pull-acr/);
  assert.deepEqual(await eciCallsOf(ACCOUNT_B), [], 'no ECI call for the account that declares no cache');
  assert.ok((await emulator.requests()).some((r) => r.service === 'ram' && r.accountId === ACCOUNT_B), 'its RAM side was read');
});

test('finding 4: with --prune the account that stopped declaring caches is listed by tag, and its cache is planned for deletion', async () => {
  await clearRequests(emulator);
  const keys = { ACR_ACCESS_KEY_ID: RECONCILER_B.accessKeyId, ACR_ACCESS_KEY_SECRET: RECONCILER_B.accessKeySecret };
  const plan = await cli(emulator, ['plan', '--prune', '--manifests', dir], keys);
  assert.match(plan.out, /- imagecache left-behind \(cn-hangzhou/, plan.out + plan.err);
  const listed = await eciCallsOf(ACCOUNT_B);
  assert.deepEqual([...new Set(listed.map((r) => r.action))], ['DescribeImageCaches']);
});
