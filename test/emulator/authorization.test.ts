// Authorisation of RAM calls by the caller's attached policies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import { ACCOUNT_A, ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { ramClient, rejection } from '../helpers/sdk.js';

const READER = { accessKeyId: 'LTAI5tReaderA0000000001', accessKeySecret: 'reader-secret-a' };
const SCOPED = { accessKeyId: 'LTAI5tScopedA0000000001', accessKeySecret: 'scoped-secret-a' };
const TRUST = JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['eci.aliyuncs.com'] } }] });
const emu = await withEmulator(twoAccountSeed({
  usersA: [
    { name: 'reader', accessKeys: [READER], policies: ['AliyunRAMReadOnlyAccess'] },
    { name: 'scoped', accessKeys: [SCOPED], policies: [{ policyName: 'eci-roles-only', policyType: 'Custom' }] },
  ],
  policiesA: [{
    policyName: 'eci-roles-only',
    document: { Version: '1', Statement: [
      { Effect: 'Allow', Action: ['ram:CreateRole', 'ram:GetRole', 'ram:DeleteRole'], Resource: `acs:ram:*:${ACCOUNT_A}:role/eci-*` },
      { Effect: 'Deny', Action: 'ram:DeleteRole', Resource: `acs:ram:*:${ACCOUNT_A}:role/eci-keep` },
    ] },
  }],
  rolesA: [{ roleName: 'existing', trust: TRUST }],
}));

test('a user holding only AliyunRAMReadOnlyAccess reads but gets NoPermission on writes', async () => {
  const ram = ramClient(emu.endpoint, READER);
  assert.equal((await ram.getRole(new $Ram.GetRoleRequest({ roleName: 'existing' }))).body?.role?.roleName, 'existing');
  assert.ok(((await ram.listRoles(new $Ram.ListRolesRequest({}))).body?.roles?.role ?? []).length > 0, 'ListRoles is readable');
  assert.ok(((await ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'System' }))).body?.policies?.policy ?? []).length > 0, 'ListPolicies is readable');
  const writes = [
    ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'new-role', assumeRolePolicyDocument: TRUST })),
    ram.deleteRole(new $Ram.DeleteRoleRequest({ roleName: 'existing' })),
    ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'existing', policyName: 'AdministratorAccess', policyType: 'System' })),
    ram.tagResources(new $Ram.TagResourcesRequest({ resourceType: 'role', resourceNames: ['existing'], tag: [new $Ram.TagResourcesRequestTag({ key: 'k', value: 'v' })] })),
  ];
  for (const write of writes) {
    const error = await rejection(write);
    assert.deepEqual([error.name, error.code, error.statusCode], ['ClientError', 'NoPermission', 403]);
    assert.equal((error.accessDeniedDetail as { NoPermissionType?: string } | undefined)?.NoPermissionType, 'ImplicitDeny');
  }
});

test('resource-scoped custom policies: allowed on matching ARNs, denied elsewhere, explicit Deny wins', async () => {
  const ram = ramClient(emu.endpoint, SCOPED);
  await ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'eci-pull', assumeRolePolicyDocument: TRUST }));
  await ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'eci-keep', assumeRolePolicyDocument: TRUST }));
  const outside = await rejection(ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'other', assumeRolePolicyDocument: TRUST })));
  assert.equal(outside.code, 'NoPermission');
  await ram.deleteRole(new $Ram.DeleteRoleRequest({ roleName: 'eci-pull' }));
  const kept = await rejection(ram.deleteRole(new $Ram.DeleteRoleRequest({ roleName: 'eci-keep' })));
  assert.equal(kept.code, 'NoPermission');
  assert.equal((kept.accessDeniedDetail as { NoPermissionType?: string } | undefined)?.NoPermissionType, 'ExplicitDeny');
});

test('root keys may do everything in RAM', async () => {
  const ram = ramClient(emu.endpoint, ROOT_A);
  await ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'by-root', assumeRolePolicyDocument: TRUST }));
  await ram.deleteRole(new $Ram.DeleteRoleRequest({ roleName: 'by-root' }));
  const gone = await rejection(ram.getRole(new $Ram.GetRoleRequest({ roleName: 'by-root' })));
  assert.equal(gone.code, 'EntityNotExist.Role');
});
