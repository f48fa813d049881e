// STS AssumeRoleWithOIDC through the official STS client (anonymous call): token verification,
// the RRSA trust policy shape, documented codes, and short session lifetimes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import Sts, * as $Sts from '@alicloud/sts20150401';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { ACCOUNT_A, ROOT_A, withEmulator } from '../helpers/emulator.js';
import { mintToken, oidcProviderSeed, providerArn, rrsaTrust, strangerKey, testIssuer } from '../helpers/oidc.js';
import { ramClient, rejection } from '../helpers/sdk.js';

const SUBJECT = 'system:serviceaccount:eci-acr-reconciler:eci-acr-reconciler';
const issuer = testIssuer();
const emu = await withEmulator({
  accounts: [
    {
      accountId: ACCOUNT_A,
      rootAccessKeys: [ROOT_A],
      oidcProviders: [oidcProviderSeed(issuer)],
      roles: [{ roleName: 'reconciler', trust: rrsaTrust(ACCOUNT_A, SUBJECT), policies: ['AliyunRAMReadOnlyAccess'] }],
    },
  ],
  options: { sessionLifetimeSeconds: 2 },
});

// No AccessKey: the SDK sends AssumeRoleWithOIDC unsigned.
const anonymous = new Sts.default(new $OpenApiUtil.Config({ endpoint: emu.endpoint, protocol: 'http', regionId: 'cn-hangzhou', readTimeout: 5000, connectTimeout: 5000 }));
const roleArn = `acs:ram::${ACCOUNT_A}:role/reconciler`;
const exchange = (oidcToken: string, extra: Partial<$Sts.AssumeRoleWithOIDCRequest> = {}) =>
  anonymous.assumeRoleWithOIDC(new $Sts.AssumeRoleWithOIDCRequest({ OIDCProviderArn: providerArn(ACCOUNT_A), roleArn, OIDCToken: oidcToken, roleSessionName: 'pod-1', ...extra }));

async function refused(promise: Promise<unknown>, code: string, status = 401): Promise<void> {
  const error = await rejection(promise);
  assert.deepEqual([error.code, error.statusCode], [code, status]);
}

describe('AssumeRoleWithOIDC', () => {
  test('a projected token of the trusted service account yields a session that signs RAM calls', async () => {
    const res = await exchange(mintToken(issuer, { sub: SUBJECT }));
    const creds = res.body?.credentials;
    assert.match(creds?.accessKeyId ?? '', /^STS\./);
    assert.equal(res.body?.assumedRoleUser?.arn, `${roleArn}/pod-1`);
    assert.deepEqual([res.body?.OIDCTokenInfo?.subject, res.body?.OIDCTokenInfo?.clientIds], [SUBJECT, 'sts.aliyuncs.com']);
    const roles = await ramClient(emu.endpoint, { accessKeyId: creds?.accessKeyId ?? '', accessKeySecret: creds?.accessKeySecret ?? '', securityToken: creds?.securityToken ?? '' }).listRoles(new $Ram.ListRolesRequest({}));
    assert.ok((roles.body?.roles?.role ?? []).some((r) => r.roleName === 'reconciler'), 'the session lists roles with the role\'s policy');
  });

  test('sessionLifetimeSeconds shortens the session whatever DurationSeconds asked', async () => {
    const res = await exchange(mintToken(issuer, { sub: SUBJECT }), { durationSeconds: 3600 });
    const lifetime = Date.parse(res.body?.credentials?.expiration ?? '') - Date.now();
    assert.ok(lifetime > 0 && lifetime <= 3000, `session lives ${lifetime} ms`);
  });

  test('each documented refusal: audience, issuer, expiry, signature, subject, provider, empty token', async () => {
    await refused(exchange(mintToken(issuer, { sub: SUBJECT, aud: 'someone-else' })), 'AuthenticationFail.OIDCToken.AudienceNotMatch');
    await refused(exchange(mintToken(issuer, { sub: SUBJECT, iss: 'https://other-issuer.example' })), 'AuthenticationFail.OIDCToken.Invalid');
    await refused(exchange(mintToken(issuer, { sub: SUBJECT, expiresIn: -10 })), 'AuthenticationFail.OIDCToken.Expired');
    await refused(exchange(mintToken(issuer, { sub: SUBJECT }, strangerKey())), 'AuthenticationFail.OIDCToken.InvalidSignature');
    await refused(exchange(mintToken(issuer, { sub: 'system:serviceaccount:default:intruder' })), 'AuthenticationFail.NoPermission');
    await refused(exchange(mintToken(issuer, { sub: SUBJECT }), { OIDCProviderArn: providerArn(ACCOUNT_A, 'unknown') }), 'AuthenticationFail.NoPermission');
    await refused(exchange('header.payload'), 'AuthenticationFail.OIDCToken.Invalid');
    await refused(exchange(mintToken(issuer, { sub: SUBJECT }), { roleArn: `acs:ram::${ACCOUNT_A}:role/missing` }), 'EntityNotExist.Role', 404);
    await refused(exchange(mintToken(issuer, { sub: SUBJECT }), { durationSeconds: 600 }), 'InvalidParameter.DurationSeconds', 400);
  });

  test('a role whose trust names a RAM principal only refuses OIDC tokens', async () => {
    const ram = ramClient(emu.endpoint, ROOT_A);
    await ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'ram-only', assumeRolePolicyDocument: JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT_A}:root`] } }] }) }));
    await refused(exchange(mintToken(issuer, { sub: SUBJECT }), { roleArn: `acs:ram::${ACCOUNT_A}:role/ram-only` }), 'AuthenticationFail.NoPermission');
  });

  test('the request log records the anonymous exchange without an account', async () => {
    const log = await emu.requests();
    const entry = log.find((r) => r.action === 'AssumeRoleWithOIDC' && r.statusCode === 200);
    assert.ok(entry, 'AssumeRoleWithOIDC is logged');
    assert.deepEqual([entry.service, entry.accountId], ['sts', null]);
  });
});
