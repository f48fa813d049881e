// RAM roles through the official client: shapes, validation codes, paging, conflicts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import { ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { ramClient, rejection } from '../helpers/sdk.js';
import { ramSerialised } from '../../src/emulator/ram/reserialise.js';

const TRUST = JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['eci.aliyuncs.com'] } }] });

const emu = await withEmulator(twoAccountSeed());
const ram = ramClient(emu.endpoint, ROOT_A);

describe('RAM roles', () => {
  test('CreateRole returns the documented shape with the trust document as RAM re-serialises it', async () => {
    const res = await ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'eci-acr-pull', assumeRolePolicyDocument: TRUST, description: 'pull', tag: [new $Ram.CreateRoleRequestTag({ key: 'managed-by', value: 'test' })] }));
    const role = res.body?.role;
    assert.equal(role?.roleName, 'eci-acr-pull');
    assert.equal(role?.arn, 'acs:ram::1000000000000001:role/eci-acr-pull');
    assert.equal(role?.assumeRolePolicyDocument, ramSerialised(TRUST));
    assert.equal(role?.maxSessionDuration, 3600);
    assert.match(role?.roleId ?? '', /^\d+$/);
    assert.match(role?.createDate ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const got = await ram.getRole(new $Ram.GetRoleRequest({ roleName: 'eci-acr-pull' }));
    assert.equal(got.body?.role?.assumeRolePolicyDocument, ramSerialised(TRUST));
    assert.deepEqual(JSON.parse(got.body?.role?.assumeRolePolicyDocument ?? ''), JSON.parse(TRUST));
    assert.equal(got.body?.role?.description, 'pull');
  });

  test('role names: duplicates differing only in case conflict, lookups are exact-case', async () => {
    const dup = await rejection(ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'ECI-ACR-PULL', assumeRolePolicyDocument: TRUST })));
    assert.equal(dup.code, 'EntityAlreadyExists.Role');
    assert.equal(dup.statusCode, 409);
    const missing = await rejection(ram.getRole(new $Ram.GetRoleRequest({ roleName: 'ECI-ACR-PULL' })));
    assert.equal(missing.code, 'EntityNotExist.Role');
    assert.equal(missing.statusCode, 404);
  });

  test('CreateRole validation codes', async () => {
    const cases: [Partial<$Ram.CreateRoleRequest>, string][] = [
      [{ roleName: 'bad_name' }, 'InvalidParameter.RoleName.InvalidChars'],
      [{ roleName: 'x'.repeat(65) }, 'InvalidParameter.RoleName.Length'],
      [{ roleName: 'ok', maxSessionDuration: 3599 }, 'InvalidParameter.MaxSessionDuration'],
      [{ roleName: 'ok', maxSessionDuration: 43201 }, 'InvalidParameter.MaxSessionDuration'],
      [{ roleName: 'ok', assumeRolePolicyDocument: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}' }, 'MalformedPolicyDocument'],
      [{ roleName: 'ok', assumeRolePolicyDocument: 'not json' }, 'MalformedPolicyDocument'],
      [{ roleName: 'ok', description: 'd'.repeat(1025) }, 'InvalidParameter.Description.Length'],
      [{ assumeRolePolicyDocument: TRUST, roleName: '' }, 'MissingParameter'],
    ];
    for (const [fields, code] of cases) {
      const error = await rejection(ram.createRole(new $Ram.CreateRoleRequest({ assumeRolePolicyDocument: TRUST, ...fields })));
      assert.equal(error.code, code, JSON.stringify(fields));
      assert.equal(error.statusCode, 400);
    }
  });

  test('UpdateRole changes only what is sent', async () => {
    await ram.updateRole(new $Ram.UpdateRoleRequest({ roleName: 'eci-acr-pull', newMaxSessionDuration: 7200 }));
    const role = (await ram.getRole(new $Ram.GetRoleRequest({ roleName: 'eci-acr-pull' }))).body?.role;
    assert.equal(role?.maxSessionDuration, 7200);
    assert.equal(role?.description, 'pull');
    assert.equal(role?.assumeRolePolicyDocument, ramSerialised(TRUST));
  });

  test('ListRoles pages with MaxItems=2 through Marker and ends without one', async () => {
    for (const name of ['page-a', 'page-b', 'page-c', 'page-d']) {
      await ram.createRole(new $Ram.CreateRoleRequest({ roleName: name, assumeRolePolicyDocument: TRUST }));
    }
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const body = (await ram.listRoles(new $Ram.ListRolesRequest({ maxItems: 2, ...(marker ? { marker } : {}) }))).body;
      const roles = body?.roles?.role ?? [];
      assert.ok(roles.length <= 2, 'at most MaxItems roles per page');
      assert.equal(roles[0]?.assumeRolePolicyDocument, undefined, 'list items carry no trust document');
      seen.push(...roles.map((r) => r.roleName ?? ''));
      marker = body?.isTruncated ? body.marker : undefined;
      if (!body?.isTruncated) assert.equal(body?.marker, undefined);
      pages += 1;
    } while (marker);
    assert.deepEqual(seen, ['eci-acr-pull', 'page-a', 'page-b', 'page-c', 'page-d']);
    assert.equal(pages, 3);
  });

  test('ListRoles returns tags as Tags.Tag[] and filters by Tag', async () => {
    const body = (await ram.listRoles(new $Ram.ListRolesRequest({ tag: [new $Ram.ListRolesRequestTag({ key: 'managed-by', value: 'test' })] }))).body;
    const roles = body?.roles?.role ?? [];
    assert.deepEqual(roles.map((r) => r.roleName), ['eci-acr-pull']);
    assert.deepEqual(roles[0]?.tags?.tag?.map((t) => [t.tagKey, t.tagValue]), [['managed-by', 'test']]);
  });

  test('DeleteRole refuses while a policy is attached (DeleteConflict.Role.Policy), then succeeds', async () => {
    await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'page-a', policyName: 'AliyunSTSAssumeRoleAccess', policyType: 'System' }));
    const conflict = await rejection(ram.deleteRole(new $Ram.DeleteRoleRequest({ roleName: 'page-a' })));
    assert.equal(conflict.code, 'DeleteConflict.Role.Policy');
    assert.equal(conflict.statusCode, 409);
    await ram.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ roleName: 'page-a', policyName: 'AliyunSTSAssumeRoleAccess', policyType: 'System' }));
    await ram.deleteRole(new $Ram.DeleteRoleRequest({ roleName: 'page-a' }));
    const gone = await rejection(ram.getRole(new $Ram.GetRoleRequest({ roleName: 'page-a' })));
    assert.equal(gone.code, 'EntityNotExist.Role');
  });

  test('the role quota answers LimitExceeded.Role', async () => {
    const small = await withEmulator({ ...twoAccountSeed(), options: { quotas: { roles: 1 } } });
    const client = ramClient(small.endpoint, ROOT_A);
    await client.createRole(new $Ram.CreateRoleRequest({ roleName: 'one', assumeRolePolicyDocument: TRUST }));
    const error = await rejection(client.createRole(new $Ram.CreateRoleRequest({ roleName: 'two', assumeRolePolicyDocument: TRUST })));
    assert.equal(error.code, 'LimitExceeded.Role');
    assert.equal(error.statusCode, 409);
  });
});
