// What RAM changes on a role or policy when it changes (fidelity audit): GetRole documents UpdateDate as
// the time of the role's last modification, so UpdateRole moves it; version changes move a policy's
// DefaultVersion and UpdateDate; AttachmentCount follows attachments. Attach/detach leaving a role's
// UpdateDate alone is the emulator's documented choice (no source says).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as $Ram from '@alicloud/ram20150501';
import { ROOT_A, ROOT_B, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { ramClient } from '../helpers/sdk.js';

const TRUST = JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['eci.aliyuncs.com'] } }] });
const doc = (action: string) => JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

const emu = await withEmulator(twoAccountSeed());
const ram = ramClient(emu.endpoint, ROOT_A);
const roleDates = async () => {
  const role = (await ram.getRole(new $Ram.GetRoleRequest({ roleName: 'dated' }))).body?.role;
  return { create: role?.createDate, update: role?.updateDate };
};
const policy = async () => (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'dated-policy', policyType: 'Custom' }))).body?.policy;
const listedCount = async () =>
  (await ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'Custom' }))).body?.policies?.policy?.find((p) => p.policyName === 'dated-policy')?.attachmentCount;

test('D4: UpdateRole moves the role\'s UpdateDate; attach and detach leave it (documented choice)', async () => {
  await ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'dated', assumeRolePolicyDocument: TRUST }));
  const created = await roleDates();
  assert.equal(created.update, created.create);
  await emu.advance(5_000);
  await ram.updateRole(new $Ram.UpdateRoleRequest({ roleName: 'dated', newDescription: 'changed' }));
  const updated = await roleDates();
  assert.ok((updated.update ?? '') > (created.update ?? ''), `UpdateDate moved: ${created.update} -> ${updated.update}`);
  await emu.advance(5_000);
  await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'dated', policyName: 'AliyunRAMReadOnlyAccess', policyType: 'System' }));
  await ram.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ roleName: 'dated', policyName: 'AliyunRAMReadOnlyAccess', policyType: 'System' }));
  assert.equal((await roleDates()).update, updated.update);
});

test('D4: creating, defaulting and deleting versions move DefaultVersion and UpdateDate', async () => {
  await ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: 'dated-policy', policyDocument: doc('cr:Get*') }));
  const dates: string[] = [(await policy())?.updateDate ?? ''];
  const step = async (change: () => Promise<unknown>, defaultVersion: string) => {
    await emu.advance(5_000);
    await change();
    const now = await policy();
    assert.equal(now?.defaultVersion, defaultVersion);
    dates.push(now?.updateDate ?? '');
  };
  await step(() => ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'dated-policy', policyDocument: doc('cr:List*'), setAsDefault: true })), 'v2');
  await step(() => ram.setDefaultPolicyVersion(new $Ram.SetDefaultPolicyVersionRequest({ policyName: 'dated-policy', versionId: 'v1' })), 'v1');
  await step(() => ram.deletePolicyVersion(new $Ram.DeletePolicyVersionRequest({ policyName: 'dated-policy', versionId: 'v2' })), 'v1');
  assert.deepEqual([...dates].sort(), dates, 'UpdateDate never goes back');
  assert.equal(new Set(dates).size, dates.length, `each version change moved UpdateDate: ${dates.join(', ')}`);
});

test('D4: AttachmentCount follows attachments in GetPolicy and ListPolicies', async () => {
  const attach = { roleName: 'dated', policyName: 'dated-policy', policyType: 'Custom' };
  assert.deepEqual([(await policy())?.attachmentCount, await listedCount()], [0, 0]);
  await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest(attach));
  assert.deepEqual([(await policy())?.attachmentCount, await listedCount()], [1, 1]);
  await ram.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest(attach));
  assert.deepEqual([(await policy())?.attachmentCount, await listedCount()], [0, 0]);
});

test('issue 15: a system policy\'s AttachmentCount counts this account\'s attachments only, in ListPolicies(System) and GetPolicy', async () => {
  const system = async (client: typeof ram) => {
    const listed = (await client.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'System', maxItems: 1000 }))).body?.policies?.policy?.find((p) => p.policyName === 'AliyunECIFullAccess');
    const got = (await client.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'AliyunECIFullAccess', policyType: 'System' }))).body?.policy;
    return { listed: listed?.attachmentCount, got: got?.attachmentCount, defaultVersion: listed?.defaultVersion, dated: typeof listed?.updateDate === 'string' };
  };
  const other = ramClient(emu.endpoint, ROOT_B);
  assert.deepEqual(await system(ram), { listed: 0, got: 0, defaultVersion: 'v1', dated: true });
  await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'dated', policyName: 'AliyunECIFullAccess', policyType: 'System' }));
  assert.deepEqual(await system(ram), { listed: 1, got: 1, defaultVersion: 'v1', dated: true });
  assert.deepEqual(await system(other), { listed: 0, got: 0, defaultVersion: 'v1', dated: true }, 'another account counts its own attachments only');
  await ram.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ roleName: 'dated', policyName: 'AliyunECIFullAccess', policyType: 'System' }));
  assert.deepEqual(await system(ram), { listed: 0, got: 0, defaultVersion: 'v1', dated: true });
});

test('issue 15: ListRoles carries UpdateDate, Description, MaxSessionDuration and tags, and its UpdateDate is GetRole\'s', async () => {
  await ram.tagResources(new $Ram.TagResourcesRequest({ resourceType: 'role', resourceNames: ['dated'], tag: [new $Ram.TagResourcesRequestTag({ key: 'owner', value: 'x' })] }));
  await ram.updateRole(new $Ram.UpdateRoleRequest({ roleName: 'dated', newMaxSessionDuration: 7200 }));
  const listed = (await ram.listRoles(new $Ram.ListRolesRequest({}))).body?.roles?.role?.find((r) => r.roleName === 'dated');
  assert.deepEqual(
    { description: listed?.description, duration: listed?.maxSessionDuration, tags: listed?.tags?.tag?.map((t) => [t.tagKey, t.tagValue]), update: listed?.updateDate },
    { description: 'changed', duration: 7200, tags: [['owner', 'x']], update: (await roleDates()).update },
  );
});
