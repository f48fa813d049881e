// ACR Personal Edition (2016-06-07, ROA) in the emulator, called through the official generic client
// (callApi with style ROA: method + path, ACS3 signatures verified over the path and query).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import { acrClient } from '../helpers/acr-sdk.js';
import { personalCall, PERSONAL_VERSION, type RoaCall } from '../helpers/acr-personal-sdk.js';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, ROOT_B, withEmulator } from '../helpers/emulator.js';
import { rejection } from '../helpers/sdk.js';

const NOBODY = { accessKeyId: 'LTAI5tCrPersonalNobody1', accessKeySecret: 'personal-nobody-secret' };
const APP_TAGS = { accessKeyId: 'LTAI5tCrPersonalAppTag1', accessKeySecret: 'personal-app-tags-secret' };
const manyTags = Array.from({ length: 45 }, (_, i) => `v${i}`);

const emu = await withEmulator({
  accounts: [
    {
      accountId: ACCOUNT_A,
      rootAccessKeys: [ROOT_A],
      users: [
        { name: 'nobody', accessKeys: [NOBODY], policies: [] },
        { name: 'app-tags', accessKeys: [APP_TAGS], policies: [{ policyName: 'tags-of-team-app', policyType: 'Custom' }] },
      ],
      policies: [{ policyName: 'tags-of-team-app', document: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:ListRepositoryTag', Resource: `acs:cr:*:${ACCOUNT_A}:repository/team/app` }] } }],
      registries: [
        { edition: 'Personal', regionId: 'cn-hangzhou', namespaces: ['team', 'empty-ns'], repositories: [
          { name: 'team/app', tags: manyTags, sizeGiB: 0.5 },
          { name: 'team/tool', tags: ['latest'] },
          { name: 'derived/only', tags: ['1.0'] },
        ] },
        { edition: 'Personal', regionId: 'cn-shanghai', namespaces: ['sh-ns'], repositories: [{ name: 'sh-ns/app', tags: ['2.0'] }] },
        { edition: 'Enterprise', instanceId: 'cri-ent1', instanceName: 'ent', regionId: 'cn-hangzhou', customDomains: [], namespaces: ['ent-ns'], repositories: [] },
      ],
    },
    {
      accountId: ACCOUNT_B,
      rootAccessKeys: [ROOT_B],
      registries: [{ edition: 'Personal', regionId: 'cn-hangzhou', namespaces: ['b-ns'], repositories: [{ name: 'b-ns/app', tags: ['1.0'] }] }],
    },
  ],
});

const root = acrClient(emu.endpoint, ROOT_A);
const hz = { RegionId: 'cn-hangzhou' };
const getNamespace = (namespace: string, query: Record<string, string | number> = hz) => ({ action: 'GetNamespace', pathname: `/namespace/${namespace}`, query });
const getRepoTags = (repo: string, query: Record<string, string | number> = hz) => ({ action: 'GetRepoTags', pathname: `/repos/${repo}/tags`, query });

test('GetNamespace answers a namespace of the caller: seeded, or the first segment of a seeded repository', async () => {
  const { body, headers } = await personalCall(root, getNamespace('team'));
  assert.deepEqual(body.data, { namespace: { namespace: 'team', authorizeType: 'ADMIN', defaultVisibility: 'PRIVATE', autoCreate: true, namespaceStatus: 'NORMAL' } });
  assert.match(body.requestId, /\S/, 'a ROA answer carries a lower-case requestId');
  assert.equal(body.RequestId, undefined);
  assert.equal(headers['x-acs-request-id'], body.requestId);
  assert.equal((await personalCall(root, getNamespace('empty-ns'))).body.data.namespace.namespace, 'empty-ns');
  assert.equal((await personalCall(root, getNamespace('derived'))).body.data.namespace.namespace, 'derived');
});

test('GetNamespace: a missing namespace, another account\'s, another region\'s and an Enterprise one are all NAMESPACE_NOT_EXIST 404', async () => {
  for (const [namespace, query] of [['nope', hz], ['b-ns', hz], ['sh-ns', hz], ['ent-ns', hz]] as const) {
    const error = await rejection(personalCall(root, getNamespace(namespace, query)));
    assert.deepEqual([error.code, error.statusCode], ['NAMESPACE_NOT_EXIST', 404], namespace);
    assert.equal(error.data?.code, 'NAMESPACE_NOT_EXIST', 'the error body is ROA-style {code, message, requestId}');
    assert.match(String(error.data?.requestId), /\S/, 'the error body carries requestId');
    assert.match(String(error.data?.message), new RegExp(namespace), 'the message names the namespace');
  }
  const owner = await personalCall(acrClient(emu.endpoint, ROOT_B), getNamespace('b-ns'));
  assert.equal(owner.body.data.namespace.namespace, 'b-ns');
  const shanghai = await personalCall(root, getNamespace('sh-ns', { RegionId: 'cn-shanghai' }));
  assert.equal(shanghai.body.data.namespace.namespace, 'sh-ns');
});

test('GetRepoTags pages with Page/PageSize through every tag in seed order; default page size 30', async () => {
  const seen: string[] = [];
  for (let page = 1; page <= 3; page += 1) {
    const { body } = await personalCall(root, getRepoTags('team/app', { ...hz, Page: page, PageSize: 20 }));
    assert.deepEqual([body.data.total, body.data.page, body.data.pageSize], [45, page, 20]);
    seen.push(...body.data.tags.map((t: any) => t.tag));
  }
  assert.deepEqual(seen, manyTags);
  const first = (await personalCall(root, getRepoTags('team/app'))).body.data;
  assert.deepEqual([first.total, first.page, first.pageSize, first.tags.length], [45, 1, 30, 30]);
  const v0 = first.tags[0];
  assert.deepEqual(Object.keys(v0).sort(), ['digest', 'imageCreate', 'imageId', 'imageSize', 'imageUpdate', 'status', 'tag']);
  assert.equal(v0.status, 'NORMAL');
  assert.equal(v0.imageSize, 0.5 * 1024 ** 3);
  assert.match(v0.digest, /^[0-9a-f]{64}$/);
  assert.equal(typeof v0.imageCreate, 'number', 'times are epoch milliseconds as JSON numbers');
  assert.notEqual(first.tags[1].digest, v0.digest, 'each tag has its own digest');
  const again = (await personalCall(root, getRepoTags('team/app', { ...hz, PageSize: 1 }))).body.data.tags[0];
  assert.equal(again.digest, v0.digest, 'the digest of a tag is stable');
});

test('GetRepoTags: PageSize above 100 or Page 0 is PARAM_INVALID 400', async () => {
  for (const paging of [{ PageSize: 101 }, { Page: 0 }, { PageSize: 'ten' }] as Record<string, string | number>[]) {
    const error = await rejection(personalCall(root, getRepoTags('team/app', { ...hz, ...paging })));
    assert.deepEqual([error.code, error.statusCode], ['PARAM_INVALID', 400], JSON.stringify(paging));
  }
});

test('GetRepoTags: a missing repository is REPO_NOT_EXIST; another region\'s or account\'s namespace is NAMESPACE_NOT_EXIST', async () => {
  const noRepo = await rejection(personalCall(root, getRepoTags('team/missing')));
  assert.deepEqual([noRepo.code, noRepo.statusCode], ['REPO_NOT_EXIST', 404]);
  const otherRegion = await rejection(personalCall(root, getRepoTags('sh-ns/app')));
  assert.deepEqual([otherRegion.code, otherRegion.statusCode], ['NAMESPACE_NOT_EXIST', 404]);
  const otherAccount = await rejection(personalCall(root, getRepoTags('b-ns/app')));
  assert.deepEqual([otherAccount.code, otherAccount.statusCode], ['NAMESPACE_NOT_EXIST', 404]);
  const inShanghai = await personalCall(root, getRepoTags('sh-ns/app', { RegionId: 'cn-shanghai' }));
  assert.deepEqual(inShanghai.body.data.tags.map((t: any) => t.tag), ['2.0']);
});

test('RAM per call: no policy is NoPrivilege 403; a policy granting cr:ListRepositoryTag on the repository ARN reads only that repository', async () => {
  const nobody = acrClient(emu.endpoint, NOBODY);
  for (const call of [getNamespace('team'), getRepoTags('team/app')]) {
    const denied = await rejection(personalCall(nobody, call));
    assert.deepEqual([denied.code, denied.statusCode], ['NoPrivilege', 403], call.action);
    assert.equal(denied.data?.code, 'NoPrivilege', 'the denial is rendered ROA-style');
  }
  const scoped = acrClient(emu.endpoint, APP_TAGS);
  assert.equal((await personalCall(scoped, getRepoTags('team/app'))).body.data.total, 45);
  const other = await rejection(personalCall(scoped, getRepoTags('team/tool')));
  assert.deepEqual([other.code, other.statusCode], ['NoPrivilege', 403]);
  const namespace = await rejection(personalCall(scoped, getNamespace('team')));
  assert.equal(namespace.code, 'NoPrivilege', 'cr:ListRepositoryTag does not allow cr:GetNamespace');
});

test('a wrong signature is SignatureDoesNotMatch in the gateway\'s shape, logged with no account', async () => {
  await emu.admin('DELETE', '/_emulator/requests');
  const forged = acrClient(emu.endpoint, { accessKeyId: ROOT_A.accessKeyId, accessKeySecret: 'not-the-secret' });
  const error = await rejection(personalCall(forged, getNamespace('team')));
  assert.deepEqual([error.code, error.statusCode], ['SignatureDoesNotMatch', 400]);
  assert.equal(error.data?.Code, 'SignatureDoesNotMatch', 'gateway errors keep {RequestId, HostId, Code, Message}');
  const log = (await emu.requests()).map((r) => [r.service, r.action, r.accountId, r.statusCode, r.code]);
  assert.deepEqual(log, [['cr', 'GetNamespace', null, 400, 'SignatureDoesNotMatch']]);
});

test('the SDK\'s older ROA signature (v2, "acs <key>:<signature>") is not verified: IncompleteSignature', async () => {
  const v2 = new OpenApi.default(new $OpenApi.Config({ endpoint: emu.endpoint, protocol: 'http', signatureAlgorithm: 'v2', accessKeyId: ROOT_A.accessKeyId, accessKeySecret: ROOT_A.accessKeySecret }));
  const error = await rejection(personalCall(v2, getNamespace('team')));
  assert.deepEqual([error.code, error.statusCode], ['IncompleteSignature', 400]);
});

test('a wrong method or a path that does not fit the action is InvalidAction.NotFound 404', async () => {
  const cases: RoaCall[] = [
    { ...getNamespace('team'), method: 'POST' },
    { action: 'GetNamespace', pathname: '/namespaces/team', query: hz },
    { action: 'GetNamespace', pathname: '/namespace/', query: hz },
    { action: 'GetRepoTags', pathname: '/repos/team/app', query: hz },
    { action: 'GetRepoTags', pathname: '/namespace/team', query: hz },
  ];
  for (const call of cases) {
    const error = await rejection(personalCall(root, call));
    assert.deepEqual([error.code, error.statusCode], ['InvalidAction.NotFound', 404], `${call.method ?? 'GET'} ${call.pathname}`);
  }
});

test('the region: RegionId in the query, or the cr[-vpc].<region>.aliyuncs.com host, which wins; neither is MissingParameter', async () => {
  const missing = await rejection(personalCall(root, getNamespace('team', {})));
  assert.deepEqual([missing.code, missing.statusCode], ['MissingParameter', 400]);
  for (const host of ['cr.cn-shanghai.aliyuncs.com', 'cr-vpc.cn-shanghai.aliyuncs.com']) {
    const reply = await signedGetWithHost(host, '/namespace/sh-ns', {});
    assert.equal(reply.status, 200, `${host}: ${reply.text}`);
    assert.equal(JSON.parse(reply.text).data.namespace.namespace, 'sh-ns');
    const hostWins = await signedGetWithHost(host, '/namespace/team', hz);
    assert.equal(JSON.parse(hostWins.text).code, 'NAMESPACE_NOT_EXIST', `${host}: the host's region, not RegionId`);
  }
});

test('the request log records Personal calls under service cr with action, account, status and code', async () => {
  await emu.admin('DELETE', '/_emulator/requests');
  await personalCall(root, getRepoTags('team/app', { ...hz, PageSize: 5 }));
  await rejection(personalCall(acrClient(emu.endpoint, NOBODY), getNamespace('team')));
  await rejection(personalCall(root, getRepoTags('team/missing')));
  const log = (await emu.requests()).map((r) => [r.service, r.action, r.accountId, r.statusCode, r.code]);
  assert.deepEqual(log, [
    ['cr', 'GetRepoTags', ACCOUNT_A, 200, null],
    ['cr', 'GetNamespace', ACCOUNT_A, 403, 'NoPrivilege'],
    ['cr', 'GetRepoTags', ACCOUNT_A, 404, 'REPO_NOT_EXIST'],
  ]);
});

/**
 * A GET signed by the SDK's own ACS3 signer but sent to the loopback emulator with another Host
 * header: the SDK itself would connect to that host (the Internet), which tests never do.
 */
async function signedGetWithHost(host: string, pathname: string, query: Record<string, string>): Promise<{ status: number; text: string }> {
  const algorithm = 'ACS3-HMAC-SHA256';
  const payloadHash = OpenApiUtil.default.hexEncode(OpenApiUtil.default.hash(Buffer.from(''), algorithm));
  const headers: Record<string, string> = {
    host,
    'x-acs-version': PERSONAL_VERSION,
    'x-acs-action': 'GetNamespace',
    'x-acs-date': OpenApiUtil.default.getTimestamp(),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': payloadHash,
  };
  headers.Authorization = OpenApiUtil.default.getAuthorization({ method: 'GET', pathname, query, headers } as never, algorithm, payloadHash, ROOT_A.accessKeyId, ROOT_A.accessKeySecret);
  const search = new URLSearchParams(query).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: emu.host, port: emu.port, method: 'GET', path: search ? `${pathname}?${search}` : pathname, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}
