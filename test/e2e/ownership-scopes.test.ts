// Ownership scoped to a manifest set (issue 10): each Account's ownerId is written as the owner tag;
// prune deletes only this set's resources, another set's are `conflict: owned by <id>`, and resources
// made before ownership scopes (managed-by, no owner tag) are claimed by the first set declaring them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { ACCOUNT_A, ACCOUNT_B, cli, e2eEmulator, editFile, exampleCopy, removeDir, state, writesOf, clearRequests } from './harness.js';

const OWNER_TAG = 'eci-acr-reconciler.owner';
const TRUST = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['eci.aliyuncs.com'] } }] });
/** A role someone else made that carries managed-by (by hand, or an older reconciler): no owner tag. */
const taggedRole = (roleName: string) => ({ roleName, trust: TRUST, description: 'made elsewhere', tags: [{ key: 'managed-by', value: 'eci-acr-reconciler' }] });

const roleOf = (s: any, account: string, name: string) => s.accounts[account].ram.roles.find((r: any) => r.roleName === name);
const tagOf = (resource: any, key: string) => resource?.tags.find((t: any) => t.key === key)?.value;
const deletesOf = (requests: { action: string | null }[]) => writesOf(requests).filter((a) => a.startsWith('Delete') || a.startsWith('Detach'));

/** Every RAM role and image cache in both accounts, as the emulator holds them. */
function inventory(s: any): { roles: string[]; caches: string[] } {
  const accounts = [ACCOUNT_A, ACCOUNT_B].map((id) => s.accounts[id]);
  return {
    roles: accounts.flatMap((a) => a.ram.roles.map((r: any) => `${r.roleName} ${JSON.stringify(r.tags)}`)).sort(),
    caches: accounts.flatMap((a) => a.eci.imageCaches.map((c: any) => `${c.ImageCacheId} ${c.ImageCacheName}`)).sort(),
  };
}

test('B5: run --once --prune of one example folder deletes nothing of another folder\'s set in the same accounts', async () => {
  const emulator = await e2eEmulator();
  const mine = exampleCopy('cross-account-explicit');
  const theirs = exampleCopy('cross-account');
  for (const dir of [theirs, mine]) {
    const run = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
    assert.equal(run.code, 0, run.out + run.err);
  }
  const before = inventory(await state(emulator));
  await clearRequests(emulator);
  const pruned = await cli(emulator, ['run', '--once', '--prune', '--manifests', mine]);
  assert.equal(pruned.code, 0, pruned.out + pruned.err);
  assert.deepEqual(deletesOf(await emulator.requests()), [], 'no delete or detach call reaches the cloud');
  assert.deepEqual(inventory(await state(emulator)), before, 'the other set\'s roles and caches are all still there');
  assert.equal(tagOf(roleOf(await state(emulator), ACCOUNT_A, 'nginx-pull-eci'), OWNER_TAG), 'example-cross-account', 'the other set\'s role carries its own owner tag');
});

test('B3: a role someone else made with the managed-by tag (no owner tag) is not deleted by prune; plan lists it as unclaimed', async () => {
  const emulator = await e2eEmulator({ rolesA: [taggedRole('made-elsewhere')] });
  const dir = exampleCopy('cross-account-explicit');
  const first = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(first.code, 0, first.out + first.err);
  const before = roleOf(await state(emulator), ACCOUNT_A, 'made-elsewhere');
  await clearRequests(emulator);
  const pruned = await cli(emulator, ['run', '--once', '--prune', '--manifests', dir]);
  assert.equal(pruned.code, 0, pruned.out + pruned.err);
  assert.match(pruned.out, /^skipped +role made-elsewhere \(explicit-eci\): not in the manifests; managed-by without an owner tag/m);
  assert.deepEqual(writesOf(await emulator.requests()), [], 'a converged set with an unclaimed role writes nothing');
  assert.deepEqual(roleOf(await state(emulator), ACCOUNT_A, 'made-elsewhere'), before);
});

test('migration: a declared role with managed-by but no owner tag is claimed; another set declaring it is a conflict in text and JSON plans', async () => {
  const emulator = await e2eEmulator({ rolesA: [taggedRole('role-assume')] });
  const dir = exampleCopy('cross-account-explicit');
  const claimed = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(claimed.code, 0, claimed.out + claimed.err);
  const role = roleOf(await state(emulator), ACCOUNT_A, 'role-assume');
  assert.equal(tagOf(role, OWNER_TAG), 'example-cross-account-explicit', `claimed: ${JSON.stringify(role.tags)}`);
  assert.equal(role.description, 'ECI assumes this to reach the registry account', 'and converged to the manifest');

  const other = exampleCopy('cross-account-explicit');
  editFile(join(other, 'accounts.yaml'), (t) => t.replaceAll('ownerId: example-cross-account-explicit', 'ownerId: team-b'));
  await clearRequests(emulator);
  const text = await cli(emulator, ['plan', '--manifests', other]);
  assert.match(text.out, /role-assume.*conflict: owned by example-cross-account-explicit/);
  const json = await cli(emulator, ['plan', '--output', 'json', '--manifests', other]);
  const diff = JSON.parse(json.out).accounts.flatMap((a: any) => a.resources).find((r: any) => r.kind === 'role' && r.name === 'role-assume');
  assert.equal(diff.action, 'conflict');
  assert.match(diff.reasons.join(' '), /^conflict: owned by example-cross-account-explicit/);
  const run = await cli(emulator, ['run', '--once', '--prune', '--manifests', other]);
  assert.equal(run.code, 1, run.out + run.err);
  // Every resource of the other set's manifests is owned by the first set (a conflict), and the cache
  // depends on the conflicting role: the second set writes nothing at all, with --prune.
  assert.deepEqual(writesOf(await emulator.requests()), []);
  assert.deepEqual(roleOf(await state(emulator), ACCOUNT_A, 'role-assume'), role);
});

test('description: a RamPolicy and a RamRole without description are created (no empty Description is sent)', async () => {
  const emulator = await e2eEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'e2e-description-'));
  after(() => removeDir(dir));
  copyFileSync('manifests/examples/cross-account-explicit/accounts.yaml', join(dir, 'accounts.yaml'));
  writeFileSync(join(dir, 'bare.yaml'), [
    'apiVersion: eci-acr-reconciler/v1alpha1',
    'kind: RamPolicy',
    'metadata: {name: bare-policy}',
    'spec:',
    '  account: explicit-eci',
    '  document: {Version: "1", Statement: [{Effect: Allow, Action: ["cr:GetRepository"], Resource: ["*"]}]}',
    '---',
    'apiVersion: eci-acr-reconciler/v1alpha1',
    'kind: RamRole',
    'metadata: {name: bare-role}',
    'spec:',
    '  account: explicit-eci',
    '  trust: {services: [eci.aliyuncs.com]}',
    '  policies: [{policyRef: bare-policy}]',
    '',
  ].join('\n'));
  const validate = await cli(emulator, ['validate', '--manifests', dir]);
  assert.equal(validate.code, 0, validate.out + validate.err);
  const run = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const s = await state(emulator);
  assert.ok(s.accounts[ACCOUNT_A].ram.policies.some((p: any) => p.policyName === 'bare-policy'), 'bare-policy was created');
  assert.ok(roleOf(s, ACCOUNT_A, 'bare-role'), 'bare-role was created');
});
