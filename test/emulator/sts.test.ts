// STS through the official clients: GetCallerIdentity and AssumeRole's checks, including a
// two-account chain (user in A → role in A → role in B) that must fail at its first broken link.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import * as $Sts from '@alicloud/sts20150401';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { ramClient, rejection, stsClient, type TestCredentials } from '../helpers/sdk.js';

const trust = (ram: string[] | null, service?: string) => ({
  Version: '1',
  Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { ...(ram ? { RAM: ram } : {}), ...(service ? { Service: [service] } : {}) } }],
});
const DEPLOYER = { accessKeyId: 'LTAI5tDeployerA00000001', accessKeySecret: 'deployer-secret-a' };
const NO_STS = { accessKeyId: 'LTAI5tNoStsA00000000001', accessKeySecret: 'nosts-secret-a' };

const emu = await withEmulator(twoAccountSeed({
  usersA: [
    { name: 'deployer', accessKeys: [DEPLOYER], policies: ['AliyunSTSAssumeRoleAccess'] },
    { name: 'nosts', accessKeys: [NO_STS], policies: ['AliyunRAMReadOnlyAccess'] },
  ],
  rolesA: [
    { roleName: 'hop', trust: trust([`acs:ram::${ACCOUNT_A}:user/deployer`]), policies: ['AliyunSTSAssumeRoleAccess'] },
    { roleName: 'open', trust: trust([`acs:ram::${ACCOUNT_A}:root`]), policies: ['AliyunRAMReadOnlyAccess'] },
    { roleName: 'svc', trust: trust(null, 'eci.aliyuncs.com'), policies: [] },
  ],
  rolesB: [
    { roleName: 'acr', trust: trust([`acs:ram::${ACCOUNT_A}:role/hop`]), policies: ['AliyunContainerRegistryFullAccess'] },
    { roleName: 'acr-open', trust: trust([`acs:ram::${ACCOUNT_A}:role/open`]), policies: [] },
    { roleName: 'acr-root', trust: trust([`acs:ram::${ACCOUNT_A}:root`]), policies: [] },
  ],
}));

const arn = (account: string, role: string) => `acs:ram::${account}:role/${role}`;
async function assume(creds: TestCredentials, roleArn: string, extra: Partial<$Sts.AssumeRoleRequest> = {}) {
  const res = await stsClient(emu.endpoint, creds).assumeRole(new $Sts.AssumeRoleRequest({ roleArn, roleSessionName: 'sess-1', ...extra }));
  const c = res.body?.credentials;
  return { creds: { accessKeyId: c?.accessKeyId ?? '', accessKeySecret: c?.accessKeySecret ?? '', securityToken: c?.securityToken ?? '' }, body: res.body };
}
async function denied(promise: Promise<unknown>) {
  const error = await rejection(promise);
  assert.deepEqual([error.code, error.statusCode], ['NoPermission', 403]);
  return error;
}

describe('GetCallerIdentity', () => {
  test('root, RAM user and role session', async () => {
    const root = (await stsClient(emu.endpoint, ROOT_A).getCallerIdentity()).body;
    assert.deepEqual([root?.identityType, root?.arn, root?.accountId], ['Account', `acs:ram::${ACCOUNT_A}:root`, ACCOUNT_A]);
    assert.equal(root?.userId, ACCOUNT_A, 'D4: a root key\'s UserId is the account ID, as in a captured real answer');
    const user = (await stsClient(emu.endpoint, DEPLOYER).getCallerIdentity()).body;
    assert.deepEqual([user?.identityType, user?.arn], ['RAMUser', `acs:ram::${ACCOUNT_A}:user/deployer`]);
    assert.match(user?.userId ?? '', /^\d+$/);
    const { creds } = await assume(DEPLOYER, arn(ACCOUNT_A, 'open'));
    const session = (await stsClient(emu.endpoint, creds).getCallerIdentity()).body;
    assert.deepEqual([session?.identityType, session?.arn], ['AssumedRoleUser', `acs:ram::${ACCOUNT_A}:role/open/sess-1`]);
    assert.match(session?.roleId ?? '', /^\d+$/);
  });
});

describe('AssumeRole', () => {
  test('allowed through the account root in the trust policy; credentials have the documented shape', async () => {
    const { body, creds } = await assume(DEPLOYER, arn(ACCOUNT_A, 'open'), { durationSeconds: 900 });
    assert.match(body?.credentials?.accessKeyId ?? '', /^STS\./);
    assert.match(body?.credentials?.expiration ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(body?.assumedRoleUser?.arn, `acs:ram::${ACCOUNT_A}:role/open/sess-1`);
    assert.match(body?.assumedRoleUser?.assumedRoleId ?? '', /^\d+:sess-1$/);
    const roles = (await ramClient(emu.endpoint, creds).listRoles(new $Ram.ListRolesRequest({}))).body?.roles?.role ?? [];
    assert.ok(roles.some((r) => r.roleName === 'open'), 'the session can list roles');
  });

  test('the two-account chain works: user in A → role in A (trusts the user) → role in B (trusts that role ARN)', async () => {
    const hop = await assume(DEPLOYER, arn(ACCOUNT_A, 'hop'));
    const acr = await assume(hop.creds, arn(ACCOUNT_B, 'acr'));
    const identity = (await stsClient(emu.endpoint, acr.creds).getCallerIdentity()).body;
    assert.deepEqual([identity?.accountId, identity?.arn], [ACCOUNT_B, `acs:ram::${ACCOUNT_B}:role/acr/sess-1`]);
  });

  test('the chain fails at the first broken link', async () => {
    // Link 1 broken: a user of A without sts:AssumeRole.
    await denied(assume(NO_STS, arn(ACCOUNT_A, 'open')));
    // Link 1 broken: the user is not the principal hop trusts.
    const open = await assume(DEPLOYER, arn(ACCOUNT_A, 'open'));
    await denied(assume(open.creds, arn(ACCOUNT_A, 'hop')));
    // Link 2 broken: B's role trusts A's `open` role, but `open` holds no sts:AssumeRole.
    await denied(assume(open.creds, arn(ACCOUNT_B, 'acr-open')));
    // Link 2 broken: hop may assume roles, but acr-open does not trust hop.
    const hop = await assume(DEPLOYER, arn(ACCOUNT_A, 'hop'));
    await denied(assume(hop.creds, arn(ACCOUNT_B, 'acr-open')));
    // A's root in B's trust admits any identity of A that holds sts:AssumeRole.
    assert.match((await assume(hop.creds, arn(ACCOUNT_B, 'acr-root'))).body?.credentials?.accessKeyId ?? '', /^STS\./);
  });

  test('D4: NoPermission for a root key with STS\'s documented message, even when the trust policy names its account', async () => {
    const error = await denied(assume(ROOT_A, arn(ACCOUNT_A, 'open')));
    assert.equal(error.data?.Message, 'Roles may not be assumed by root accounts.');
    assert.ok(error.accessDeniedDetail, 'NoPermission carries AccessDeniedDetail');
  });

  test('a Service principal never admits a RAM caller', async () => {
    await denied(assume(DEPLOYER, arn(ACCOUNT_A, 'svc')));
  });

  test('parameter checks: unknown role, ARN, session name, duration, session policy', async () => {
    const cases: [Partial<$Sts.AssumeRoleRequest>, string, number][] = [
      [{ roleArn: arn(ACCOUNT_A, 'ghost') }, 'EntityNotExist.Role', 404],
      [{ roleArn: 'arn:aws:iam::1:role/x' }, 'InvalidParameter.RoleArn', 400],
      [{ roleSessionName: 'x' }, 'InvalidParameter.RoleSessionName', 400],
      [{ roleSessionName: 'bad name' }, 'InvalidParameter.RoleSessionName', 400],
      [{ durationSeconds: 899 }, 'InvalidParameter.DurationSeconds', 400],
      [{ durationSeconds: 3601 }, 'InvalidParameter.DurationSeconds', 400],
      [{ policy: '{"Version":"1"}' }, 'InvalidParameter.PolicyGrammar', 400],
      [{ policy: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:*', Resource: 'x'.repeat(2100) }] }) }, 'InvalidParameter.PolicySize', 400],
    ];
    for (const [fields, code, status] of cases) {
      const error = await rejection(stsClient(emu.endpoint, DEPLOYER).assumeRole(new $Sts.AssumeRoleRequest({ roleArn: arn(ACCOUNT_A, 'open'), roleSessionName: 'sess-1', ...fields })));
      assert.deepEqual([error.code, error.statusCode], [code, status], JSON.stringify(fields).slice(0, 60));
    }
  });

  test('a session policy narrows the role: GetRole allowed, ListRoles denied', async () => {
    const policy = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:GetRole', Resource: '*' }] });
    const { creds } = await assume(DEPLOYER, arn(ACCOUNT_A, 'open'), { policy });
    const ram = ramClient(emu.endpoint, creds);
    assert.equal((await ram.getRole(new $Ram.GetRoleRequest({ roleName: 'open' }))).body?.role?.roleName, 'open');
    await denied(ram.listRoles(new $Ram.ListRolesRequest({})));
  });

  test('issued credentials stop working when the emulated clock passes their expiry', async () => {
    const { creds } = await assume(DEPLOYER, arn(ACCOUNT_A, 'open'), { durationSeconds: 900 });
    const sts = stsClient(emu.endpoint, creds);
    assert.equal((await sts.getCallerIdentity()).body?.identityType, 'AssumedRoleUser');
    await emu.advance(899_000);
    assert.equal((await sts.getCallerIdentity()).body?.identityType, 'AssumedRoleUser');
    await emu.advance(2_000);
    const error = await rejection(sts.getCallerIdentity());
    assert.deepEqual([error.code, error.statusCode], ['InvalidSecurityToken.Expired', 400]);
  });
});
