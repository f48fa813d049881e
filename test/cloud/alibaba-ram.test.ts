// The Alibaba adapter's RAM side through the official SDK clients against the emulator.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT_A, ROOT_A, withEmulator } from '../helpers/emulator.js';
import { account, DOC, envCreds, OWNED, provider, type Recorded, rejected, TRUST_ECI } from './fixture.js';

const seededRoles = Array.from({ length: 1205 }, (_, i) => ({
  roleName: `seeded-${String(i).padStart(4, '0')}`,
  trust: TRUST_ECI,
  ...(i % 100 === 0 ? { tags: [{ key: 'managed-by', value: 'eci-acr-reconciler' }] } : {}),
}));
const emu = await withEmulator({
  options: { quotas: { roles: 2000 } },
  accounts: [
    {
      accountId: ACCOUNT_A,
      rootAccessKeys: [ROOT_A],
      users: [{ name: 'nobody', accessKeys: [{ accessKeyId: 'LTAI5tNobodyA0000000001', accessKeySecret: 'nobody-secret' }], policies: [] }],
      roles: seededRoles,
    },
  ],
});
const env = { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret, N_ID: 'LTAI5tNobodyA0000000001', N_SECRET: 'nobody-secret' };
const recorded: Recorded = { calls: [], retries: [] };
const cloud = provider({ accounts: [account('a', ACCOUNT_A, envCreds('A')), account('n', ACCOUNT_A, envCreds('N'))], env, endpoint: emu.endpoint }, recorded).account('a');

describe('RAM roles through the adapter', () => {
  test('listRoles pages through more than one ListRoles page and returns tags', async () => {
    await emu.admin('DELETE', '/_emulator/requests');
    const roles = await cloud.listRoles();
    assert.equal(roles.filter((r) => r.roleName.startsWith('seeded-')).length, 1205);
    assert.equal(roles.filter((r) => r.tags['managed-by'] === 'eci-acr-reconciler').length, 13);
    const listCalls = (await emu.requests()).filter((r) => r.action === 'ListRoles');
    assert.equal(listCalls.length, 2);
  });

  test('createRole, getRole with trust, attachments and tags, attach and detach are idempotent', async () => {
    await cloud.createRole({ roleName: 'adapter-role', trustDocument: TRUST_ECI, description: 'd', maxSessionDuration: 3600, tags: OWNED });
    await cloud.attachPolicy('adapter-role', { policyType: 'System', policyName: 'AliyunContainerRegistryReadOnlyAccess' });
    await cloud.attachPolicy('adapter-role', { policyType: 'System', policyName: 'AliyunContainerRegistryReadOnlyAccess' });
    const role = await cloud.getRole('adapter-role');
    assert.deepEqual(JSON.parse(role?.trustDocument ?? ''), JSON.parse(TRUST_ECI), 'RAM returns its own serialisation of the same document');
    assert.equal(role?.arn, `acs:ram::${ACCOUNT_A}:role/adapter-role`);
    assert.deepEqual(role?.tags, OWNED);
    assert.deepEqual(role?.attachedPolicies, [{ policyType: 'System', policyName: 'AliyunContainerRegistryReadOnlyAccess' }]);
    await cloud.detachPolicy('adapter-role', { policyType: 'System', policyName: 'AliyunContainerRegistryReadOnlyAccess' });
    await cloud.detachPolicy('adapter-role', { policyType: 'System', policyName: 'AliyunContainerRegistryReadOnlyAccess' });
    assert.deepEqual((await cloud.getRole('adapter-role'))?.attachedPolicies, []);
  });

  test('getRole with a summary reuses its tags; a missing role is undefined; delete is idempotent', async () => {
    const summary = (await cloud.listRoles()).find((r) => r.roleName === 'seeded-0100');
    assert.ok(summary, 'seeded-0100 is listed');
    await emu.admin('DELETE', '/_emulator/requests');
    const role = await cloud.getRole('seeded-0100', summary);
    assert.deepEqual(role?.tags, OWNED);
    assert.deepEqual((await emu.requests()).map((r) => r.action), ['GetRole', 'ListPoliciesForRole']);
    assert.equal(await cloud.getRole('no-such-role'), undefined);
    await cloud.deleteRole('seeded-0001');
    await cloud.deleteRole('seeded-0001');
    assert.equal(await cloud.getRole('seeded-0001'), undefined);
  });

  test('createRole of an existing role rethrows already-exists; updateRole of a missing role is not-found with its RequestId', async () => {
    const exists = await rejected(cloud.createRole({ roleName: 'adapter-role', trustDocument: TRUST_ECI, description: 'd', maxSessionDuration: 3600, tags: {} }));
    assert.equal(exists.details.classification, 'already-exists');
    assert.equal(exists.details.code, 'EntityAlreadyExists.Role');
    const missing = await rejected(cloud.updateRole({ roleName: 'ghost', description: 'x' }));
    assert.equal(missing.details.classification, 'not-found');
    assert.ok(missing.details.requestId, 'the not-found error carries the RequestId');
    assert.match(missing.message, new RegExp(`^ram UpdateRole role acs:ram::${ACCOUNT_A}:role/ghost: EntityNotExist\\.Role \\(HTTP 404, RequestId ${missing.details.requestId}\\): `));
  });

  test('tagResources and untagResources change what getRole reports', async () => {
    await cloud.tagResources('role', ['adapter-role'], { team: 'x', env: 'dev' });
    await cloud.untagResources('role', ['adapter-role'], ['env']);
    assert.deepEqual((await cloud.getRole('adapter-role'))?.tags, { ...OWNED, team: 'x' });
  });
});

describe('RAM policies through the adapter', () => {
  test('create, version, set default, list and delete a custom policy', async () => {
    await cloud.createPolicy({ policyName: 'adapter-policy', document: DOC('cr:GetRepository'), description: 'p', tags: OWNED });
    const v2 = await cloud.createPolicyVersion('adapter-policy', DOC('cr:ListRepository'));
    assert.equal(v2.versionId, 'v2');
    const listed = (await cloud.listCustomPolicies()).find((p) => p.policyName === 'adapter-policy');
    const { updateDate, ...rest } = listed ?? { updateDate: undefined };
    assert.deepEqual(rest, { policyName: 'adapter-policy', description: 'p', defaultVersion: 'v2', tags: OWNED, attachmentCount: 0 });
    assert.match(updateDate ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'ListPolicies carries the UpdateDate the incremental observer compares');
    const full = await cloud.getPolicy('adapter-policy');
    assert.deepEqual(full?.versions.map((v) => [v.versionId, v.isDefault, JSON.parse(v.document)]), [
      ['v1', false, JSON.parse(DOC('cr:GetRepository'))],
      ['v2', true, JSON.parse(DOC('cr:ListRepository'))],
    ]);
    assert.deepEqual(full?.tags, OWNED);
    const v3 = await cloud.createPolicyVersion('adapter-policy', DOC('cr:PullRepository'), { setAsDefault: false });
    assert.equal((await cloud.getPolicy('adapter-policy', listed))?.defaultVersion, 'v2');
    await cloud.setDefaultPolicyVersion('adapter-policy', v3.versionId);
    await cloud.deletePolicyVersion('adapter-policy', 'v1');
    await cloud.deletePolicyVersion('adapter-policy', 'v1');
    const after = await cloud.getPolicy('adapter-policy', listed);
    assert.deepEqual(after?.versions.map((v) => v.versionId), ['v2', 'v3']);
    assert.equal(after?.defaultVersion, 'v3');
    await cloud.deletePolicy('adapter-policy');
    await cloud.deletePolicy('adapter-policy');
    assert.equal(await cloud.getPolicy('adapter-policy'), undefined);
  });
});

describe('errors, retries and events', () => {
  test('a Throttling fault is retried and the call then succeeds, reported through onRetry and onCall', async () => {
    recorded.calls.length = 0;
    recorded.retries.length = 0;
    const fault = await emu.admin('PUT', '/_emulator/faults', { seed: 1, rules: [{ service: 'ram', action: 'GetRole', code: 'Throttling.User', statusCode: 400, probability: 1, times: 2 }] });
    assert.equal(fault.status, 200);
    const role = await cloud.getRole('adapter-role');
    assert.equal(role?.roleName, 'adapter-role');
    assert.deepEqual(recorded.retries.map((r) => [r.action, r.attempt, r.code, r.classification]), [
      ['GetRole', 1, 'Throttling.User', 'retryable'],
      ['GetRole', 2, 'Throttling.User', 'retryable'],
    ]);
    assert.deepEqual(recorded.calls.filter((c) => c.action === 'GetRole').map((c) => c.outcome), ['throttled', 'throttled', 'ok']);
    assert.ok(recorded.calls.every((c) => c.accountName === 'a' && c.service === 'ram'), 'every call is recorded for account a and service ram');
    await emu.admin('DELETE', '/_emulator/faults');
  });

  test('a RAM user without policies gets a permission error that is not retried', async () => {
    recorded.retries.length = 0;
    const nobody = provider({ accounts: [account('n', ACCOUNT_A, envCreds('N'))], env, endpoint: emu.endpoint }, recorded).account('n');
    const denied = await rejected(nobody.createRole({ roleName: 'denied', trustDocument: TRUST_ECI, description: 'd', maxSessionDuration: 3600, tags: {} }));
    assert.equal(denied.details.classification, 'permission');
    assert.equal(denied.details.code, 'NoPermission');
    assert.equal(recorded.retries.length, 0);
  });
});
