// ACR 2018-12-01 in the emulator, called through the official generic client (callApi, ACS3 signatures).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stableId } from '../../src/emulator/acr/state.js';
import { acrCall, acrClient } from '../helpers/acr-sdk.js';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, ROOT_B, withEmulator } from '../helpers/emulator.js';
import { rejection } from '../helpers/sdk.js';

const READER = { accessKeyId: 'LTAI5tAcrReader00000001', accessKeySecret: 'acr-reader-secret' };
const NOBODY = { accessKeyId: 'LTAI5tAcrNobody00000001', accessKeySecret: 'acr-nobody-secret' };
const ONE_REPO = { accessKeyId: 'LTAI5tAcrOneRepo0000001', accessKeySecret: 'acr-one-repo-secret' };
const manyTags = Array.from({ length: 45 }, (_, i) => `v${i}`);

const emu = await withEmulator({
  accounts: [
    {
      accountId: ACCOUNT_A,
      rootAccessKeys: [ROOT_A],
      users: [
        { name: 'acr-reader', accessKeys: [READER], policies: ['AliyunContainerRegistryReadOnlyAccess'] },
        { name: 'nobody', accessKeys: [NOBODY], policies: [] },
        { name: 'one-repo', accessKeys: [ONE_REPO], policies: [{ policyName: 'tags-of-app', policyType: 'Custom' }] },
      ],
      policies: [{ policyName: 'tags-of-app', document: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:ListRepositoryTag', Resource: `acs:cr:*:${ACCOUNT_A}:repository/cri-prod1/team/app` }] } }],
      registries: [
        { edition: 'Enterprise', instanceId: 'cri-prod1', instanceName: 'prod', regionId: 'cn-hangzhou', customDomains: ['registry.example.com'], namespaces: ['empty-ns'], repositories: [
          { name: 'team/app', tags: manyTags },
          { name: 'team/worker', tags: ['1.0'] },
          { name: 'base/nginx', tags: ['1.27'] },
        ] },
        { edition: 'Enterprise', instanceId: 'cri-sh1', instanceName: 'shanghai', regionId: 'cn-shanghai', customDomains: [], repositories: [] },
        { edition: 'Personal', regionId: 'cn-hangzhou', namespaces: ['me'], repositories: [{ name: 'me/tool', tags: ['latest'] }] },
      ],
    },
    { accountId: ACCOUNT_B, rootAccessKeys: [ROOT_B] },
  ],
});

const root = acrClient(emu.endpoint, ROOT_A);
const hz = { RegionId: 'cn-hangzhou' };

test('ListInstance lists the Enterprise instances of the caller in the region; Personal registries have none', async () => {
  const body = await acrCall(root, 'ListInstance', hz);
  assert.equal(body.IsSuccess, true);
  assert.equal(body.Code, 'success');
  assert.equal(body.TotalCount, '1');
  assert.deepEqual(body.Instances.map((i: any) => [i.InstanceId, i.InstanceName, i.InstanceStatus, i.RegionId]), [['cri-prod1', 'prod', 'RUNNING', 'cn-hangzhou']]);
  const byName = await acrCall(root, 'ListInstance', { RegionId: 'cn-shanghai', InstanceName: 'shanghai' });
  assert.deepEqual(byName.Instances.map((i: any) => i.InstanceId), ['cri-sh1']);
  const otherAccount = await acrCall(acrClient(emu.endpoint, ROOT_B), 'ListInstance', hz);
  assert.equal(otherAccount.TotalCount, '0');
  const stopped = await acrCall(root, 'ListInstance', { ...hz, InstanceStatus: 'STOPPED' });
  assert.equal(stopped.Instances.length, 0);
});

test('GetInstance answers one instance; another region or an unknown ID is INSTANCE_NOT_EXIST', async () => {
  const body = await acrCall(root, 'GetInstance', { ...hz, InstanceId: 'cri-prod1' });
  assert.deepEqual([body.InstanceId, body.InstanceName, body.InstanceSpecification, body.IsSuccess], ['cri-prod1', 'prod', 'Enterprise_Basic', true]);
  const wrongRegion = await rejection(acrCall(root, 'GetInstance', { RegionId: 'cn-shanghai', InstanceId: 'cri-prod1' }));
  assert.deepEqual([wrongRegion.code, wrongRegion.statusCode], ['INSTANCE_NOT_EXIST', 404]);
  const missing = await rejection(acrCall(root, 'GetInstance', hz));
  assert.equal(missing.code, 'MissingParameter');
});

test('ListInstanceDomain: the default public and VPC domains (SYSTEM) and the custom ones (USER)', async () => {
  const body = await acrCall(root, 'ListInstanceDomain', { ...hz, InstanceId: 'cri-prod1' });
  assert.deepEqual(body.Domains.map((d: any) => [d.Domain, d.DomainType]), [
    ['prod-registry.cn-hangzhou.cr.aliyuncs.com', 'SYSTEM'],
    ['prod-registry-vpc.cn-hangzhou.cr.aliyuncs.com', 'SYSTEM'],
    ['registry.example.com', 'USER'],
  ]);
});

test('ListNamespace and ListRepository: namespaces from the seed and the repositories, filters, stable crr- IDs', async () => {
  const ns = await acrCall(root, 'ListNamespace', { ...hz, InstanceId: 'cri-prod1' });
  assert.deepEqual(ns.Namespaces.map((n: any) => n.NamespaceName), ['base', 'empty-ns', 'team']);
  const repos = await acrCall(root, 'ListRepository', { ...hz, InstanceId: 'cri-prod1', RepoNamespaceName: 'team' });
  assert.deepEqual(repos.Repositories.map((r: any) => `${r.RepoNamespaceName}/${r.RepoName}`), ['team/app', 'team/worker']);
  const app = repos.Repositories[0];
  assert.match(app.RepoId, /^crr-[a-z0-9]{16}$/);
  assert.equal(app.RepoId, stableId('crr', ACCOUNT_A, 'cri-prod1', 'team/app'), 'the ID derives from account, instance and name only');
  const one = await acrCall(root, 'ListRepository', { ...hz, InstanceId: 'cri-prod1', RepoNamespaceName: 'base', RepoName: 'nginx' });
  assert.equal(one.TotalCount, '1');
});

test('ListRepoTag pages with PageNo/PageSize to the last page; PageSize above 100 is refused', async () => {
  const repos = await acrCall(root, 'ListRepository', { ...hz, InstanceId: 'cri-prod1', RepoNamespaceName: 'team', RepoName: 'app' });
  const repoId = repos.Repositories[0].RepoId;
  const seen: string[] = [];
  for (let pageNo = 1; pageNo <= 4; pageNo += 1) {
    const body = await acrCall(root, 'ListRepoTag', { ...hz, InstanceId: 'cri-prod1', RepoId: repoId, PageNo: pageNo, PageSize: 20 });
    assert.deepEqual([body.PageNo, body.PageSize, body.TotalCount], [pageNo, 20, '45']);
    seen.push(...body.Images.map((i: any) => i.Tag));
  }
  assert.deepEqual(seen, manyTags);
  const tooBig = await rejection(acrCall(root, 'ListRepoTag', { ...hz, InstanceId: 'cri-prod1', RepoId: repoId, PageSize: 101 }));
  assert.deepEqual([tooBig.code, tooBig.statusCode], ['PARAM_INVALID', 400]);
  const noRepo = await rejection(acrCall(root, 'ListRepoTag', { ...hz, InstanceId: 'cri-prod1', RepoId: 'crr-doesnotexist0000' }));
  assert.deepEqual([noRepo.code, noRepo.statusCode], ['REPO_NOT_EXIST', 404]);
});

test('a wrong signature is SignatureDoesNotMatch and no ACR action runs', async () => {
  const forged = acrClient(emu.endpoint, { accessKeyId: ROOT_A.accessKeyId, accessKeySecret: 'not-the-secret' });
  const error = await rejection(acrCall(forged, 'ListInstance', hz));
  assert.deepEqual([error.code, error.statusCode], ['SignatureDoesNotMatch', 400]);
});

test('RAM authorisation per call: read-only system policy reads; no policy is NoPrivilege; a repository-scoped policy reads only that repository', async () => {
  const reader = await acrCall(acrClient(emu.endpoint, READER), 'ListInstance', hz);
  assert.equal(reader.TotalCount, '1');
  for (const [action, query] of [['ListInstance', hz], ['GetInstance', { ...hz, InstanceId: 'cri-prod1' }], ['ListRepository', { ...hz, InstanceId: 'cri-prod1' }]] as const) {
    const denied = await rejection(acrCall(acrClient(emu.endpoint, NOBODY), action, query));
    assert.deepEqual([denied.code, denied.statusCode], ['NoPrivilege', 403], `${action} without ACR rights`);
  }
  const scoped = acrClient(emu.endpoint, ONE_REPO);
  const app = stableId('crr', ACCOUNT_A, 'cri-prod1', 'team/app');
  const worker = stableId('crr', ACCOUNT_A, 'cri-prod1', 'team/worker');
  assert.equal((await acrCall(scoped, 'ListRepoTag', { ...hz, InstanceId: 'cri-prod1', RepoId: app })).TotalCount, '45');
  const other = await rejection(acrCall(scoped, 'ListRepoTag', { ...hz, InstanceId: 'cri-prod1', RepoId: worker }));
  assert.equal(other.code, 'NoPrivilege');
  const log = (await emu.requests()).filter((r) => r.service === 'cr' && r.code === 'NoPrivilege');
  assert.ok(log.length >= 4, 'the request log records the ACR denials under service cr');
});
