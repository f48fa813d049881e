// The ACR RegistryCatalog through the generic official client (callApi, real signatures) against the emulator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT_A, ROOT_A, withEmulator } from '../helpers/emulator.js';
import { account, envCreds, provider, rejected, type Recorded } from './fixture.js';

const NOBODY = { accessKeyId: 'LTAI5tAcrNoRights000001', accessKeySecret: 'acr-no-rights' };
const tags = Array.from({ length: 230 }, (_, i) => `t${i}`);
const repos = Array.from({ length: 120 }, (_, i) => ({ name: `bulk/r${String(i).padStart(3, '0')}`, tags: ['1'] }));
const emu = await withEmulator({
  accounts: [{
    accountId: ACCOUNT_A,
    rootAccessKeys: [ROOT_A],
    users: [{ name: 'nobody', accessKeys: [NOBODY], policies: [] }],
    registries: [
      { edition: 'Enterprise', instanceId: 'cri-main1', instanceName: 'main', regionId: 'cn-hangzhou', customDomains: ['registry.acme.example'], repositories: [{ name: 'team/app', tags }, ...repos] },
      { edition: 'Enterprise', instanceId: 'cri-main2', instanceName: 'main-2', regionId: 'cn-hangzhou', customDomains: [], repositories: [] },
      { edition: 'Personal', regionId: 'cn-hangzhou', namespaces: ['mine'], repositories: [{ name: 'mine/app', tags }] },
    ],
  }],
});
const env = { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret, N_ID: NOBODY.accessKeyId, N_SECRET: NOBODY.accessKeySecret };
const recorded: Recorded = { calls: [], retries: [] };
const cloud = provider({ accounts: [account('a', ACCOUNT_A, envCreds('A')), account('n', ACCOUNT_A, envCreds('N'))], env, endpoint: emu.endpoint }, recorded);
const acr = cloud.registry!('a');

test('instances: listed, found by exact name (not by prefix), read by ID; a missing ID reads as undefined', async () => {
  assert.deepEqual((await acr.listInstances('cn-hangzhou')).map((i) => i.instanceId), ['cri-main1', 'cri-main2']);
  assert.equal((await acr.findInstanceByName('cn-hangzhou', 'main'))?.instanceId, 'cri-main1');
  assert.equal(await acr.findInstanceByName('cn-hangzhou', 'mai'), undefined);
  assert.equal(await acr.findInstanceByName('cn-shanghai', 'main'), undefined);
  assert.equal((await acr.getInstance('cn-hangzhou', 'cri-main2'))?.instanceName, 'main-2');
  assert.equal(await acr.getInstance('cn-hangzhou', 'cri-nope'), undefined);
});

test('domains, namespaces, repositories and tags, paged to the end (PageSize 100)', async () => {
  assert.deepEqual((await acr.listDomains('cn-hangzhou', 'cri-main1')).map((d) => `${d.type}:${d.domain}`), [
    'SYSTEM:main-registry.cn-hangzhou.cr.aliyuncs.com', 'SYSTEM:main-registry-vpc.cn-hangzhou.cr.aliyuncs.com', 'USER:registry.acme.example',
  ]);
  assert.deepEqual((await acr.listNamespaces('cn-hangzhou', 'cri-main1')).map((n) => n.name), ['bulk', 'team']);
  const before = recorded.calls.length;
  assert.equal((await acr.listRepositories('cn-hangzhou', 'cri-main1')).length, 121);
  assert.equal(recorded.calls.length - before, 2, 'two pages of 100');
  const app = await acr.findRepository('cn-hangzhou', 'cri-main1', 'team', 'app');
  assert.match(app?.repoId ?? '', /^crr-/);
  assert.equal(await acr.findRepository('cn-hangzhou', 'cri-main1', 'team', 'nope'), undefined);
  assert.deepEqual(await acr.listTags('cn-hangzhou', 'cri-main1', app!.repoId), tags);
});

test('errors are classified CloudErrors naming the resource, the ACR code and the RequestId', async () => {
  const denied = await rejected(cloud.registry!('n').listInstances('cn-hangzhou'));
  assert.equal(denied.details.classification, 'permission');
  assert.equal(denied.details.code, 'NoPrivilege');
  assert.equal(denied.details.service, 'cr');
  assert.match(denied.message, /^cr ListInstance ACR instances of account n in cn-hangzhou: NoPrivilege \(HTTP 403, RequestId [0-9A-F-]{36}\)/);
  const missing = await rejected(acr.listDomains('cn-hangzhou', 'cri-gone'));
  assert.equal(missing.details.classification, 'not-found');
  assert.match(missing.message, /acs:cr:cn-hangzhou:1000000000000001:instance\/cri-gone: INSTANCE_NOT_EXIST/);
});

test('Personal Edition (2016-06-07, ROA): the namespace is found, tags are paged to the end, and what is not this account\'s reads as absent', async () => {
  assert.equal(await acr.hasPersonalNamespace('cn-hangzhou', 'mine'), true);
  assert.equal(await acr.hasPersonalNamespace('cn-hangzhou', 'theirs'), false);
  assert.equal(await acr.hasPersonalNamespace('cn-shanghai', 'mine'), false, 'a namespace is per region');
  const before = recorded.calls.length;
  assert.deepEqual(await acr.listPersonalTags('cn-hangzhou', 'mine', 'app'), tags);
  assert.deepEqual(recorded.calls.slice(before).map((c) => `${c.action} ${c.outcome}`), ['GetRepoTags ok', 'GetRepoTags ok', 'GetRepoTags ok'], 'three pages of at most 100');
  assert.equal(await acr.listPersonalTags('cn-hangzhou', 'mine', 'gone'), undefined, 'REPO_NOT_EXIST');
  assert.equal(await acr.listPersonalTags('cn-hangzhou', 'theirs', 'app'), undefined, 'NAMESPACE_NOT_EXIST');
});
