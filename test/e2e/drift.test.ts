// Console edits after a converged pass: each is seen by `plan --detailed-exitcode` (exit 2) and
// corrected by one `run --once`, after which plan is clean again (exit 0).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as $Ram from '@alicloud/ram20150501';
import * as $Eci from '@alicloud/eci20180808';
import { eciClient, ramClient } from '../helpers/sdk.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, ROOT_B, cli, e2eEmulator, editFile, exampleCopy, removeDir, startE2eEmulator, state } from './harness.js';

const ROOT_TRUST = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT_A}:root`] } }] });
const WIDE_POLICY = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: '*' }] });

const cachesOf = async (emulator: TestEmulator, accountId: string, name: string): Promise<any[]> =>
  (await state(emulator)).accounts[accountId].eci.imageCaches.filter((c: any) => c.ImageCacheName === name);

async function seenAndCorrected(emulator: TestEmulator, dir: string, expect: RegExp): Promise<string> {
  const plan = await cli(emulator, ['plan', '--manifests', dir, '--detailed-exitcode']);
  assert.equal(plan.code, 2, `plan did not see the drift:\n${plan.out}${plan.err}`);
  assert.match(plan.out, expect);
  const run = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const after = await cli(emulator, ['plan', '--manifests', dir, '--detailed-exitcode']);
  assert.equal(after.code, 0, `still drifted after run --once:\n${after.out}`);
  return run.out;
}

describe('drift in the cross-account case', () => {
  let emulator: TestEmulator;
  let dir: string;
  after(async () => {
    await emulator.stop();
    removeDir(dir);
  });
  before(async () => {
    emulator = await startE2eEmulator();
    dir = exampleCopy('cross-account', { cleanup: false });
    const first = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
    assert.equal(first.code, 0, first.out + first.err);
  });

  test('a trust policy changed by hand is restored', async () => {
    await ramClient(emulator.endpoint, ROOT_B).updateRole(new $Ram.UpdateRoleRequest({ roleName: 'nginx-pull-acr', newAssumeRolePolicyDocument: ROOT_TRUST }));
    await seenAndCorrected(emulator, dir, /~ role nginx-pull-acr: trust policy differs/);
    const role = (await state(emulator)).accounts[ACCOUNT_B].ram.roles.find((r: any) => r.roleName === 'nginx-pull-acr');
    assert.match(role.trust, /role\/nginx-pull-eci/);
    assert.doesNotMatch(role.trust, /:root/);
  });

  test('an extra policy attached by hand is detached (attachments are authoritative)', async () => {
    await ramClient(emulator.endpoint, ROOT_A).attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'nginx-pull-eci', policyType: 'System', policyName: 'AliyunECIFullAccess' }));
    await seenAndCorrected(emulator, dir, /- policy: System:AliyunECIFullAccess/);
    const role = (await state(emulator)).accounts[ACCOUNT_A].ram.roles.find((r: any) => r.roleName === 'nginx-pull-eci');
    assert.deepEqual(role.attachments.map((a: any) => a.policyName), ['AliyunSTSAssumeRoleAccess']);
  });

  test('a default version switched by hand is switched back without deleting the human version', async () => {
    const ram = ramClient(emulator.endpoint, ROOT_B);
    const created = await ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'nginx-pull-pull', policyDocument: WIDE_POLICY, setAsDefault: false }));
    const human = created.body?.policyVersion?.versionId ?? '';
    await ram.setDefaultPolicyVersion(new $Ram.SetDefaultPolicyVersionRequest({ policyName: 'nginx-pull-pull', versionId: human }));
    await seenAndCorrected(emulator, dir, /~ policy nginx-pull-pull: default version v2 differs from the manifest; version v1 holds the desired document/);
    const policy = (await state(emulator)).accounts[ACCOUNT_B].ram.policies.find((p: any) => p.policyName === 'nginx-pull-pull');
    assert.equal(policy.defaultVersion, 'v1');
    assert.ok(policy.versions.some((v: any) => v.versionId === human), `the human's version ${human} is kept: ${JSON.stringify(policy.versions)}`);
  });

  test('a cache deleted by hand is created again', async () => {
    const [cache] = await cachesOf(emulator, ACCOUNT_A, 'nginx-cross-account');
    await eciClient(emulator.endpoint, ROOT_A).deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: cache.ImageCacheId }));
    const out = await seenAndCorrected(emulator, dir, /\+ imagecache nginx-cross-account/);
    assert.match(out, /^created +imagecache nginx-cross-account .*: Ready$/m);
    const now = await cachesOf(emulator, ACCOUNT_A, 'nginx-cross-account');
    assert.equal(now.length, 1);
    assert.notEqual(now[0].ImageCacheId, cache.ImageCacheId);
    assert.equal(now[0].Status, 'Ready');
  });

  test('a changed image list or retention is an UpdateImageCache of the same cache, not a replacement', async () => {
    const [before] = await cachesOf(emulator, ACCOUNT_A, 'nginx-cross-account');
    editFile(join(dir, 'manifests.yaml'), (t) => t.replace('retentionDays: 7', 'retentionDays: 14').replace('- registry.acme.example/eci_test/nginx:1.0', '- registry.acme.example/eci_test/nginx:1.0\n    - registry.acme.example/eci_test/nginx:latest'));
    const out = await seenAndCorrected(emulator, dir, /~ imagecache nginx-cross-account .*images differs; retentionDays differs/);
    assert.match(out, /^updated +imagecache nginx-cross-account .*: Ready$/m);
    const now = await cachesOf(emulator, ACCOUNT_A, 'nginx-cross-account');
    assert.deepEqual(now.map((c) => [c.ImageCacheId, c.Images.length]), [[before.ImageCacheId, 2]]);
    const writes = (await emulator.requests()).map((r) => r.action);
    assert.equal(writes.filter((a) => a === 'UpdateImageCache').length, 1);
  });
});

test('a changed AcrRegistryInfo replaces the cache: the new one is created, then the old one deleted', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('cross-account-explicit');
  const first = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
  assert.equal(first.code, 0, first.out + first.err);
  const [old] = await cachesOf(emulator, ACCOUNT_A, 'nginx-explicit');
  editFile(join(dir, 'image-cache.yaml'), (t) => t.replace('- instanceId: cri-aaaa0000000000001', '- instanceId: cri-aaaa0000000000001\n      regionId: cn-hangzhou'));
  const out = await seenAndCorrected(emulator, dir, /± imagecache nginx-explicit .*AcrRegistryInfo differs/);
  assert.match(out, /^replaced +imagecache nginx-explicit .*: Ready$/m);
  const now = await cachesOf(emulator, ACCOUNT_A, 'nginx-explicit');
  assert.equal(now.length, 1);
  assert.notEqual(now[0].ImageCacheId, old.ImageCacheId);
  const order = (await emulator.requests()).map((r) => r.action).filter((a) => a === 'CreateImageCache' || a === 'DeleteImageCache');
  assert.deepEqual(order.slice(-2), ['CreateImageCache', 'DeleteImageCache']);
});
