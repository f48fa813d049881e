// Gateway behaviour through the official clients: signatures, keys, tokens, freshness, routing, faults.
import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import Ram, * as $Ram from '@alicloud/ram20150501';
import * as $Sts from '@alicloud/sts20150401';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { RuntimeOptions } from '@darabonba/typescript';
import { ACCOUNT_A, ROOT_A, startTestEmulator, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { ramClient, rejection, stsClient } from '../helpers/sdk.js';

const USER = { accessKeyId: 'LTAI5tUserA000000000001', accessKeySecret: 'user-secret-a' };
const DISABLED = { accessKeyId: 'LTAI5tDisabledA00000001', accessKeySecret: 'disabled-secret-a' };
const seed = twoAccountSeed({
  usersA: [
    { name: 'assumer', accessKeys: [USER], policies: ['AliyunSTSAssumeRoleAccess', 'AliyunRAMReadOnlyAccess'] },
    { name: 'disabled', accessKeys: [{ ...DISABLED, status: 'Inactive' }], policies: ['AdministratorAccess'] },
  ],
  rolesA: [{ roleName: 'reader', trust: { Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT_A}:root`] } }] }, policies: ['AliyunRAMReadOnlyAccess'] }],
});
const emu = await withEmulator(seed);
const getRole = (client: ReturnType<typeof ramClient>) => client.getRole(new $Ram.GetRoleRequest({ roleName: 'reader' }));

async function assume(durationSeconds = 900) {
  const res = await stsClient(emu.endpoint, USER).assumeRole(new $Sts.AssumeRoleRequest({ roleArn: `acs:ram::${ACCOUNT_A}:role/reader`, roleSessionName: 'transport', durationSeconds }));
  const c = res.body?.credentials;
  return { accessKeyId: c?.accessKeyId ?? '', accessKeySecret: c?.accessKeySecret ?? '', securityToken: c?.securityToken ?? '' };
}

/** Calls a RAM action by name through the client's generic entry point (for unknown actions/versions). */
function callApi(action: string, version: string) {
  const client = ramClient(emu.endpoint, ROOT_A);
  const params = new $OpenApiUtil.Params({ action, version, protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
  return client.callApi(params, new $OpenApiUtil.OpenApiRequest({ query: {} }), new RuntimeOptions({}));
}

describe('signatures and credentials', () => {
  test('a static-key client and an STS-token client both succeed', async () => {
    assert.equal((await getRole(ramClient(emu.endpoint, ROOT_A))).body?.role?.roleName, 'reader');
    assert.equal((await getRole(ramClient(emu.endpoint, await assume()))).body?.role?.roleName, 'reader');
  });

  test('parameter values with reserved, unreserved-but-escaped and non-ASCII characters verify under both signatures', async () => {
    const description = "a+b c!d'e(f)g*h~i&j=k%l/m?n#o 中文 ünï";
    for (const options of [{}, { signatureAlgorithm: 'v2' as const }]) {
      const ram = ramClient(emu.endpoint, ROOT_A, options);
      await ram.updateRole(new $Ram.UpdateRoleRequest({ roleName: 'reader', newDescription: description }));
      assert.equal((await getRole(ram)).body?.role?.description, description);
    }
  });

  test('legacy HMAC-SHA1 (signatureAlgorithm v2) works with static keys and STS tokens', async () => {
    assert.equal((await getRole(ramClient(emu.endpoint, ROOT_A, { signatureAlgorithm: 'v2' }))).body?.role?.roleName, 'reader');
    const identity = await stsClient(emu.endpoint, await assume(), { signatureAlgorithm: 'v2' }).getCallerIdentity();
    assert.equal(identity.body?.identityType, 'AssumedRoleUser');
    const wrong = await rejection(getRole(ramClient(emu.endpoint, { ...ROOT_A, accessKeySecret: 'nope' }, { signatureAlgorithm: 'v2' })));
    assert.deepEqual([wrong.code, wrong.statusCode], ['SignatureDoesNotMatch', 400]);
  });

  test('wrong secret → SignatureDoesNotMatch (ClientError, 400) with the documented body', async () => {
    const error = await rejection(getRole(ramClient(emu.endpoint, { ...ROOT_A, accessKeySecret: 'wrong' })));
    assert.equal(error.name, 'ClientError');
    assert.deepEqual([error.code, error.statusCode], ['SignatureDoesNotMatch', 400]);
    assert.deepEqual(Object.keys(error.data ?? {}).sort(), ['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    assert.equal(error.data?.HostId, 'ram.aliyuncs.com');
  });

  test('unknown AccessKey → InvalidAccessKeyId.NotFound (404)', async () => {
    const error = await rejection(getRole(ramClient(emu.endpoint, { accessKeyId: 'LTAI5tNobody', accessKeySecret: 'x' })));
    assert.deepEqual([error.code, error.statusCode], ['InvalidAccessKeyId.NotFound', 404]);
  });

  test('a disabled AccessKey → InvalidAccessKeyId.Inactive (403)', async () => {
    const error = await rejection(getRole(ramClient(emu.endpoint, DISABLED)));
    assert.deepEqual([error.code, error.statusCode], ['InvalidAccessKeyId.Inactive', 403]);
  });

  test('STS key without its token → MissingSecurityToken; expired token → InvalidSecurityToken.Expired', async () => {
    const creds = await assume(900);
    const missing = await rejection(getRole(ramClient(emu.endpoint, { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret })));
    assert.deepEqual([missing.code, missing.statusCode], ['MissingSecurityToken', 400]);
    await emu.advance(901_000);
    const expired = await rejection(getRole(ramClient(emu.endpoint, creds)));
    assert.deepEqual([expired.code, expired.statusCode], ['InvalidSecurityToken.Expired', 400]);
  });

  test('no signature at all (a bearer-token client) → IncompleteSignature', async () => {
    const client = new Ram.default(new $OpenApiUtil.Config({ endpoint: emu.endpoint, protocol: 'http', bearerToken: 'tok', readTimeout: 5000, connectTimeout: 5000 }));
    const error = await rejection(getRole(client));
    assert.deepEqual([error.code, error.statusCode], ['IncompleteSignature', 400]);
  });

  test('a request replayed byte for byte → SignatureNonceUsed', async () => {
    // The only hand-made HTTP here: a pass-through proxy records the SDK's request so it can be re-sent.
    let captured: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer } | undefined;
    const target = new URL(emu.url);
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captured = { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
        const upstream = request({ host: target.hostname, port: target.port, method: captured.method, path: captured.url, headers: captured.headers }, (up) => {
          res.writeHead(up.statusCode ?? 500, up.headers);
          up.pipe(res);
        });
        upstream.end(captured.body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    after(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    const proxied = ramClient(`127.0.0.1:${(proxy.address() as AddressInfo).port}`, ROOT_A);
    await getRole(proxied);
    assert.ok(captured, 'the proxy saw the request');
    const replay = await new Promise<{ status: number; body: { Code?: string } }>((resolve, reject) => {
      const req = request({ host: target.hostname, port: target.port, method: captured!.method, path: captured!.url, headers: captured!.headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(captured!.body);
    });
    assert.deepEqual([replay.body.Code, replay.status], ['SignatureNonceUsed', 400]);
  });

  test('a date more than 15 minutes from the server wall clock → InvalidTimeStamp.Expired', async () => {
    const skewed = await startTestEmulator(seed, { wallNow: () => Date.now() + 16 * 60_000 });
    after(() => skewed.stop());
    const error = await rejection(getRole(ramClient(skewed.endpoint, ROOT_A)));
    assert.deepEqual([error.code, error.statusCode], ['InvalidTimeStamp.Expired', 400]);
  });

  test('advancing emulated time never breaks a correctly signed request', async () => {
    await emu.advance(24 * 3600_000);
    assert.equal((await getRole(ramClient(emu.endpoint, ROOT_A))).body?.role?.roleName, 'reader');
  });
});

describe('routing', () => {
  test('missing parameter → MissingParameter; unknown action → InvalidAction.NotFound; unknown version → InvalidVersion', async () => {
    const missing = await rejection(ramClient(emu.endpoint, ROOT_A).getRole(new $Ram.GetRoleRequest({})));
    assert.deepEqual([missing.code, missing.statusCode], ['MissingParameter', 400]);
    const action = await rejection(callApi('NoSuchAction', '2015-05-01'));
    assert.deepEqual([action.code, action.statusCode], ['InvalidAction.NotFound', 404]);
    const version = await rejection(callApi('GetRole', '2099-01-01'));
    assert.deepEqual([version.code, version.statusCode], ['InvalidVersion', 400]);
  });

  test('every call is in the request log, rejected ones included', async () => {
    await emu.admin('DELETE', '/_emulator/requests');
    await getRole(ramClient(emu.endpoint, ROOT_A));
    await rejection(getRole(ramClient(emu.endpoint, { ...ROOT_A, accessKeySecret: 'wrong' })));
    assert.deepEqual((await emu.requests()).map(({ at: _at, ...entry }) => entry), [
      { service: 'ram', action: 'GetRole', accountId: ACCOUNT_A, statusCode: 200, code: null, accessKeyId: ROOT_A.accessKeyId, keyKind: 'access-key', issuedAccessKeyId: null },
      // Refused before the signature verified: no signer is claimed for it.
      { service: 'ram', action: 'GetRole', accountId: null, statusCode: 400, code: 'SignatureDoesNotMatch', accessKeyId: null, keyKind: null, issuedAccessKeyId: null },
    ]);
  });
});

describe('injected faults reach the SDK as its error classes', () => {
  test('Throttling → ThrottlingError with retryAfter; 5xx → ServerError; ConnectionReset → ECONNRESET', async () => {
    const client = ramClient(emu.endpoint, ROOT_A);
    await emu.admin('PUT', '/_emulator/faults', { rateLimits: [{ service: 'ram', action: 'GetRole', limit: 1, intervalMs: 60_000 }] });
    await getRole(client);
    const throttled = await rejection(getRole(client));
    assert.deepEqual([throttled.name, throttled.code], ['ThrottlingError', 'Throttling.User']);
    assert.ok((throttled.retryAfter ?? 0) > 0, 'retryAfter comes from x-acs-retry-after');
    await emu.admin('PUT', '/_emulator/faults', { rules: [{ service: 'ram', action: 'GetRole', code: 'ServiceUnavailable', statusCode: 503, times: 1 }] });
    const server = await rejection(getRole(client));
    assert.deepEqual([server.name, server.code, server.statusCode], ['ServerError', 'ServiceUnavailable', 503]);
    await emu.admin('PUT', '/_emulator/faults', { rules: [{ service: 'ram', action: 'GetRole', code: 'ConnectionReset', times: 1 }] });
    const dropped = await rejection(getRole(client));
    assert.equal(dropped.code, 'ECONNRESET');
    await emu.admin('DELETE', '/_emulator/faults');
    assert.equal((await getRole(client)).body?.role?.roleName, 'reader');
  });
});

describe('form-body parameters', () => {
  for (const signatureAlgorithm of [undefined, 'v2'] as const) {
    test(`parameters in an x-www-form-urlencoded body are read and signed (${signatureAlgorithm ?? 'ACS3'})`, async () => {
      const client = ramClient(emu.endpoint, ROOT_A, signatureAlgorithm ? { signatureAlgorithm } : {});
      const params = new $OpenApiUtil.Params({ action: 'GetRole', version: '2015-05-01', protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
      const res = await client.callApi(params, new $OpenApiUtil.OpenApiRequest({ body: { RoleName: 'reader' } }), new RuntimeOptions({}));
      assert.equal((res.body as { Role?: { RoleName?: string } }).Role?.RoleName, 'reader');
    });
  }
});
