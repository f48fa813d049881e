// RAM tag actions through the official client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import { ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { ramClient, rejection } from '../helpers/sdk.js';

const TRUST = JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['eci.aliyuncs.com'] } }] });
const emu = await withEmulator(twoAccountSeed());
const ram = ramClient(emu.endpoint, ROOT_A);
const tag = (key: string, value: string) => new $Ram.TagResourcesRequestTag({ key, value });

test('TagResources, ListTagResources with NextToken paging, UntagResources', async () => {
  for (const name of ['t1', 't2']) await ram.createRole(new $Ram.CreateRoleRequest({ roleName: name, assumeRolePolicyDocument: TRUST }));
  await ram.tagResources(new $Ram.TagResourcesRequest({ resourceType: 'role', resourceNames: ['t1', 't2'], tag: [tag('managed-by', 'r'), tag('env', 'dev')] }));
  await ram.tagResources(new $Ram.TagResourcesRequest({ resourceType: 'role', resourceNames: ['t1'], tag: [tag('env', 'prod')] }));

  const rows: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const body = (await ram.listTagResources(new $Ram.ListTagResourcesRequest({ resourceType: 'role', resourceNames: ['t1', 't2'], pageSize: 3, ...(nextToken ? { nextToken } : {}) }))).body;
    rows.push(...(body?.tagResources ?? []).map((r) => `${r.resourceName}:${r.tagKey}=${r.tagValue}`));
    nextToken = body?.nextToken;
    pages += 1;
  } while (nextToken);
  assert.deepEqual(rows, ['t1:managed-by=r', 't1:env=prod', 't2:managed-by=r', 't2:env=dev']);
  assert.equal(pages, 2);

  const filtered = (await ram.listTagResources(new $Ram.ListTagResourcesRequest({ resourceType: 'role', tag: [new $Ram.ListTagResourcesRequestTag({ key: 'env', value: 'prod' })] }))).body;
  assert.deepEqual([...new Set(filtered?.tagResources?.map((r) => r.resourceName))], ['t1']);

  await ram.untagResources(new $Ram.UntagResourcesRequest({ resourceType: 'role', resourceNames: ['t1'], tagKeys: ['env'] }));
  await ram.untagResources(new $Ram.UntagResourcesRequest({ resourceType: 'role', resourceNames: ['t2'], all: true }));
  const after = (await ram.listTagResources(new $Ram.ListTagResourcesRequest({ resourceType: 'role', resourceNames: ['t1', 't2'] }))).body;
  assert.deepEqual(after?.tagResources?.map((r) => `${r.resourceName}:${r.tagKey}`), ['t1:managed-by']);
  assert.equal(after?.nextToken, undefined);
});

test('tags on custom policies show in ListPolicies as Tags.Tag[]', async () => {
  await ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: 'tagged', policyDocument: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:Get*","Resource":"*"}]}' }));
  await ram.tagResources(new $Ram.TagResourcesRequest({ resourceType: 'policy', resourceNames: ['tagged'], tag: [tag('owner', 'me')] }));
  const policy = (await ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'Custom' }))).body?.policies?.policy?.[0];
  assert.deepEqual(policy?.tags?.tag?.map((t) => [t.tagKey, t.tagValue]), [['owner', 'me']]);
});

test('tagging an unknown role → EntityNotExist.Role; a bad ResourceType → InvalidParameter.ResourceType', async () => {
  const missing = await rejection(ram.tagResources(new $Ram.TagResourcesRequest({ resourceType: 'role', resourceNames: ['ghost'], tag: [tag('a', 'b')] })));
  assert.deepEqual([missing.code, missing.statusCode], ['EntityNotExist.Role', 404]);
  const type = await rejection(ram.tagResources(new $Ram.TagResourcesRequest({ resourceType: 'user', resourceNames: ['x'], tag: [tag('a', 'b')] })));
  assert.deepEqual([type.code, type.statusCode], ['InvalidParameter.ResourceType', 400]);
});
