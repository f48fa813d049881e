// RAM tags: ListTagResources for a single resource, TagResources/UntagResources in batches
// within the API's limits (50 names, 20 tags or keys per call).
import * as $Ram from '@alicloud/ram20150501';
import type { Tags } from '../../model/observed.js';
import { chunk, policyResource, roleResource, tagList, type AccountContext } from './context.js';

type ResourceType = 'role' | 'policy';

const resourceOf = (c: AccountContext, type: ResourceType, name: string) => (type === 'role' ? roleResource(c, name) : policyResource(c, name));

export async function listTags(c: AccountContext, type: ResourceType, name: string): Promise<Tags> {
  const out: Tags = {};
  let nextToken: string | undefined;
  do {
    const req = new $Ram.ListTagResourcesRequest({ resourceType: type, resourceNames: [name], pageSize: 100, ...(nextToken ? { nextToken } : {}) });
    const body = (await c.run({ service: 'ram', action: 'ListTagResources', resource: resourceOf(c, type, name) }, () => c.ram().listTagResources(req))).body;
    for (const t of body?.tagResources ?? []) if (t.tagKey !== undefined && t.resourceName === name) out[t.tagKey] = t.tagValue ?? '';
    nextToken = body?.nextToken || undefined;
  } while (nextToken);
  return out;
}

export async function tagResources(c: AccountContext, type: ResourceType, names: string[], tags: Tags): Promise<void> {
  const list = tagList(tags);
  if (names.length === 0 || list.length === 0) return;
  for (const batch of chunk(names, 50)) {
    for (const tagBatch of chunk(list, 20)) {
      const req = new $Ram.TagResourcesRequest({ resourceType: type, resourceNames: batch, tag: tagBatch.map((t) => new $Ram.TagResourcesRequestTag(t)) });
      const resource = batch.map((n) => resourceOf(c, type, n)).join(', ');
      await c.run({ service: 'ram', action: 'TagResources', resource }, () => c.ram().tagResources(req));
    }
  }
}

export async function untagResources(c: AccountContext, type: ResourceType, names: string[], keys: string[]): Promise<void> {
  if (names.length === 0 || keys.length === 0) return;
  for (const batch of chunk(names, 50)) {
    for (const keyBatch of chunk(keys, 20)) {
      const req = new $Ram.UntagResourcesRequest({ resourceType: type, resourceNames: batch, tagKeys: keyBatch });
      const resource = batch.map((n) => resourceOf(c, type, n)).join(', ');
      await c.run({ service: 'ram', action: 'UntagResources', resource }, () => c.ram().untagResources(req));
    }
  }
}
