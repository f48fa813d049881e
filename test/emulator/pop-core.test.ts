// An independent client, @alicloud/pop-core (HMAC-SHA1, RPC v1), against the emulator: GET puts every
// parameter and the Signature in the query; POST puts them all, Signature included, in a form body
// (fidelity audit: aliyun-openapi-meta lists POST|GET). The emulator must accept both for RAM, STS, ECI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import RPCClient from '@alicloud/pop-core';
import { ACCOUNT_A, ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { rejection } from '../helpers/sdk.js';

const VERSIONS = { ram: '2015-05-01', sts: '2015-04-01', eci: '2018-08-08' } as const;
const TRUST = JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['eci.aliyuncs.com'] } }] });

const emu = await withEmulator(twoAccountSeed());
const client = (product: keyof typeof VERSIONS, secret = ROOT_A.accessKeySecret) =>
  new RPCClient({ endpoint: emu.url, apiVersion: VERSIONS[product], accessKeyId: ROOT_A.accessKeyId, accessKeySecret: secret });

for (const method of ['GET', 'POST'] as const) {
  const opts = { method, timeout: 5000 };

  test(`D4: pop-core ${method}: RAM CreateRole and GetRole, STS GetCallerIdentity, ECI DescribeImageCaches`, async () => {
    const roleName = `pop-${method.toLowerCase()}`;
    const created = await client('ram').request<{ Role: { RoleName: string } }>('CreateRole', { RoleName: roleName, AssumeRolePolicyDocument: TRUST }, opts);
    assert.equal(created.Role.RoleName, roleName);
    const got = await client('ram').request<{ Role: { AssumeRolePolicyDocument: string } }>('GetRole', { RoleName: roleName }, opts);
    assert.deepEqual(JSON.parse(got.Role.AssumeRolePolicyDocument), JSON.parse(TRUST));
    const who = await client('sts').request<{ AccountId: string; IdentityType: string }>('GetCallerIdentity', {}, opts);
    assert.deepEqual([who.AccountId, who.IdentityType], [ACCOUNT_A, 'Account']);
    const caches = await client('eci').request<{ ImageCaches: unknown[]; TotalCount: number }>('DescribeImageCaches', { RegionId: 'cn-hangzhou' }, opts);
    assert.deepEqual([caches.ImageCaches, caches.TotalCount], [[], 0]);
  });

  test(`D4: pop-core ${method} with a wrong secret is refused with SignatureDoesNotMatch`, async () => {
    const error = await rejection(client('sts', 'not-the-secret').request('GetCallerIdentity', {}, opts));
    assert.equal(error.code, 'SignatureDoesNotMatch');
  });
}
