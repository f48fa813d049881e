// Ownership, adoption and prune: what we did not create is never touched; --prune deletes what we
// created and the manifests dropped, in dependency order, behind its guards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNT_A, ACCOUNT_B, cli, clearRequests, e2eEmulator, editFile, exampleCopy, state, writesOf } from './harness.js';

const HUMAN_TRUST = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT_A}:root`] } }] });
const HUMAN_POLICY = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }] });
const humanRole = (roleName: string) => ({ roleName, trust: HUMAN_TRUST, description: 'made by a human', policies: [{ policyName: 'AliyunECIFullAccess' }], tags: [{ key: 'owner', value: 'ops' }] });

const roleOf = (s: any, account: string, name: string) => s.accounts[account].ram.roles.find((r: any) => r.roleName === name);
const policyOf = (s: any, account: string, name: string) => s.accounts[account].ram.policies.find((p: any) => p.policyName === name);

test('a same-name role we do not own is reported and left untouched without adopt; its dependents are skipped', async () => {
  const emulator = await e2eEmulator({ rolesA: [humanRole('nginx-pull-eci')] });
  const dir = exampleCopy('cross-account');
  const before = roleOf(await state(emulator), ACCOUNT_A, 'nginx-pull-eci');
  const run = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out, /^failed +role nginx-pull-eci \(eci\): conflict: not managed/m);
  assert.match(run.out, /^skipped +imagecache nginx-cross-account .*depends on role\/1000000000000001\/nginx-pull-eci/m);
  assert.deepEqual(roleOf(await state(emulator), ACCOUNT_A, 'nginx-pull-eci'), before);
});

test('adopt: true takes over a same-name role: tagged as ours and converged', async () => {
  const emulator = await e2eEmulator({ rolesA: [humanRole('role-assume')] });
  const dir = exampleCopy('cross-account-explicit');
  editFile(join(dir, 'eci-role.yaml'), (t) => `${t.trimEnd()}\n  adopt: true\n`);
  const run = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const role = roleOf(await state(emulator), ACCOUNT_A, 'role-assume');
  assert.ok(role.tags.some((t: any) => t.key === 'managed-by' && t.value === 'eci-acr-reconciler'), `role-assume carries the managed-by tag: ${JSON.stringify(role.tags)}`);
  assert.ok(role.tags.some((t: any) => t.key === 'owner'), 'tags of others are kept');
  assert.match(role.trust, /eci\.aliyuncs\.com/);
  assert.deepEqual(role.attachments.map((a: any) => a.policyName), ['AliyunSTSAssumeRoleAccess']);
});

test('unmanaged roles, policies and caches are bit-identical after run --once --prune', async () => {
  const emulator = await e2eEmulator({
    rolesA: [humanRole('human-role')],
    policiesA: [{ policyName: 'human-policy', document: HUMAN_POLICY }],
    imageCachesA: [
      { regionId: 'cn-hangzhou', imageCacheName: 'human-cache', images: ['docker.io/library/nginx:1.27'], tags: [{ key: 'owner', value: 'ops' }], status: 'Ready' },
      { regionId: 'cn-hangzhou', imageCacheName: 'nginx-cross-account', images: ['docker.io/library/nginx:1.27'], tags: [], status: 'Ready' },
    ],
  });
  const dir = exampleCopy('cross-account');
  const unmanaged = (s: any) => ({
    role: roleOf(s, ACCOUNT_A, 'human-role'),
    policy: policyOf(s, ACCOUNT_A, 'human-policy'),
    caches: s.accounts[ACCOUNT_A].eci.imageCaches.filter((c: any) => !c.Tags.some((t: any) => t.Key === 'managed-by')),
  });
  const before = unmanaged(await state(emulator));
  assert.equal(before.caches.length, 2);
  const run = await cli(emulator, ['run', '--once', '--prune', '--manifests', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  assert.deepEqual(unmanaged(await state(emulator)), before);
});

test('--prune deletes removed owned resources in dependency order and keeps Retain ones', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('cross-account-explicit');
  writeFileSync(join(dir, 'kept.yaml'), [
    'apiVersion: eci-acr-reconciler/v1alpha1',
    'kind: RamPolicy',
    'metadata: {name: kept-policy}',
    'spec:',
    '  account: explicit-acr',
    '  description: kept when its manifest goes',
    '  deletionPolicy: Retain',
    '  document: {Version: "1", Statement: [{Effect: Allow, Action: ["cr:GetRepository"], Resource: ["*"]}]}',
    '',
  ].join('\n'));
  const first = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(first.code, 0, first.out + first.err);
  for (const file of ['image-cache.yaml', 'acr-role.yaml', 'kept.yaml']) rmSync(join(dir, file));
  const plain = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(plain.code, 0, plain.out + plain.err);
  assert.match(plain.out, /^skipped +role role-acr \(explicit-acr\): not in the manifests; run with --prune/m);
  assert.ok(roleOf(await state(emulator), ACCOUNT_B, 'role-acr'), 'nothing is deleted without --prune');
  await clearRequests(emulator);
  const pruned = await cli(emulator, ['run', '--once', '--prune', '--manifests', dir]);
  assert.equal(pruned.code, 0, pruned.out + pruned.err);
  assert.match(pruned.out, /^deleted +imagecache nginx-explicit/m);
  assert.match(pruned.out, /^deleted +role role-acr/m);
  assert.match(pruned.out, /^deleted +policy acme-pull-only/m);
  assert.match(pruned.out, /^skipped +policy kept-policy \(explicit-acr\): not in the manifests; kept: deletionPolicy Retain/m);
  assert.deepEqual(writesOf(await emulator.requests()), ['DeleteImageCache', 'DetachPolicyFromRole', 'DeleteRole', 'DeletePolicy']);
  const s = await state(emulator);
  assert.equal(roleOf(s, ACCOUNT_B, 'role-acr'), undefined);
  assert.equal(policyOf(s, ACCOUNT_B, 'acme-pull-only'), undefined);
  assert.ok(policyOf(s, ACCOUNT_B, 'kept-policy'), 'kept-policy (deletionPolicy Retain) survives the prune');
  assert.ok(roleOf(s, ACCOUNT_A, 'role-assume'), 'role-assume, still in the manifests, is not pruned');
  assert.equal(s.accounts[ACCOUNT_A].eci.imageCaches.length, 0);
});

test('--prune with an empty manifest folder deletes nothing and exits non-zero; --max-deletes refuses too', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('cross-account-explicit');
  const first = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(first.code, 0, first.out + first.err);
  const empty = mkdtempSync(join(tmpdir(), 'e2e-empty-'));
  try {
    await clearRequests(emulator);
    const run = await cli(emulator, ['run', '--once', '--prune', '--manifests', empty]);
    assert.notEqual(run.code, 0);
    rmSync(join(dir, 'image-cache.yaml'));
    rmSync(join(dir, 'acr-role.yaml'));
    const limited = await cli(emulator, ['run', '--once', '--prune', '--max-deletes', '1', '--manifests', dir]);
    assert.equal(limited.code, 1, limited.out + limited.err);
    assert.match(limited.err, /refusing to prune: the pass would delete 3 resources, more than --max-deletes 1/);
    assert.deepEqual(writesOf(await emulator.requests()), []);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
