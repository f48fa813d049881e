// ECI image caches. Lists are flat in this API (`ImageCaches[]`, `Tags[]` with Key/Value) and the
// ECI client flattens request lists as `Tag.N.Key`, `Image.N`, `AcrRegistryInfo.N.Domain.M`.
import * as $Eci from '@alicloud/eci20180808';
import type { AcrRegistryInfo } from '../../model/desired.js';
import type { ObservedImageCache, Tags } from '../../model/observed.js';
import { CloudError, type CreateImageCacheInput, type ReadOptions, type UpdateImageCacheInput } from '../provider.js';
import { tolerate } from './call.js';
import { cacheResource, tagList, tagRecord, type AccountContext } from './context.js';

// DescribeImageCaches' maximum Limit is not documented: the example uses 20 and an old page says "a
// maximum of 20 records". 100 saves calls where it is accepted; if the service refuses it as an invalid
// parameter, this account lists with 20 from then on, so listing never fails on the page size.
const PAGE = 100;
const DOCUMENTED_PAGE = 20;
const smallPages = new WeakSet<AccountContext>();

function refusesPageSize(error: unknown, limit: number): boolean {
  return limit > DOCUMENTED_PAGE && error instanceof CloudError && error.details.classification === 'terminal' && error.details.code.startsWith('InvalidParameter');
}

async function describePage(c: AccountContext, run: AccountContext['run'], regionId: string, resource: string, fields: Record<string, unknown>) {
  const call = (limit: number) => {
    const req = new $Eci.DescribeImageCachesRequest({ ...fields, regionId, limit });
    return run({ service: 'eci', action: 'DescribeImageCaches', resource }, () => c.eci(regionId).describeImageCaches(req));
  };
  const limit = smallPages.has(c) ? DOCUMENTED_PAGE : PAGE;
  try {
    return await call(limit);
  } catch (error) {
    if (!refusesPageSize(error, limit)) throw error;
    smallPages.add(c);
    return call(DOCUMENTED_PAGE);
  }
}

type SdkCache = $Eci.DescribeImageCachesResponseBodyImageCaches;

function observed(regionId: string, c: SdkCache): ObservedImageCache {
  return {
    regionId: c.regionId ?? regionId,
    imageCacheId: c.imageCacheId ?? '',
    imageCacheName: c.imageCacheName ?? '',
    status: c.status ?? '',
    images: c.images ?? [],
    imageCacheSize: c.imageCacheSize ?? 0,
    ...(c.progress !== undefined ? { progress: c.progress } : {}),
    ...(c.expireDateTime ? { expireDateTime: c.expireDateTime } : {}),
    tags: tagRecord(c.tags),
    events: (c.events ?? []).map((e) => ({ type: e.type ?? '', reason: e.reason ?? '', message: e.message ?? '' })),
  };
}

async function describe(c: AccountContext, regionId: string, filter: { tags?: Tags; imageCacheId?: string }, read?: ReadOptions): Promise<ObservedImageCache[]> {
  const run = read?.singleAttempt ? c.runOnce : c.run;
  const out: ObservedImageCache[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  const resource = filter.imageCacheId ? cacheResource(regionId, filter.imageCacheId) : `image caches in ${regionId}`;
  do {
    const body = (
      await describePage(c, run, regionId, resource, {
        ...(filter.imageCacheId ? { imageCacheId: filter.imageCacheId } : {}),
        ...(filter.tags ? { tag: tagList(filter.tags).map((t) => new $Eci.DescribeImageCachesRequestTag(t)) } : {}),
        ...(nextToken ? { nextToken } : {}),
      })
    ).body;
    for (const cache of body?.imageCaches ?? []) out.push(observed(regionId, cache));
    // Absent or empty NextToken ends the listing (§10 #24); a repeated token would loop forever.
    nextToken = body?.nextToken || undefined;
    if (nextToken && seen.has(nextToken)) break;
    if (nextToken) seen.add(nextToken);
  } while (nextToken);
  return out;
}

export const listImageCaches = (c: AccountContext, regionId: string, tagFilter: Tags, read?: ReadOptions) => describe(c, regionId, { tags: tagFilter }, read);

export async function getImageCache(c: AccountContext, regionId: string, imageCacheId: string, read?: ReadOptions): Promise<ObservedImageCache | undefined> {
  // An unknown ID is an empty list, not an error.
  return (await describe(c, regionId, { imageCacheId }, read)).find((x) => x.imageCacheId === imageCacheId);
}

function registryInfo(info: AcrRegistryInfo, withArns: boolean) {
  return {
    ...(info.instanceId ? { instanceId: info.instanceId } : {}),
    ...(info.instanceName ? { instanceName: info.instanceName } : {}),
    ...(info.regionId ? { regionId: info.regionId } : {}),
    ...(info.domains?.length ? { domain: info.domains } : {}),
    ...(withArns && info.arnService ? { arnService: info.arnService } : {}),
    ...(withArns && info.arnUser ? { arnUser: info.arnUser } : {}),
  };
}

export async function createImageCache(c: AccountContext, input: CreateImageCacheInput): Promise<{ imageCacheId: string }> {
  const req = new $Eci.CreateImageCacheRequest({
    regionId: input.regionId,
    imageCacheName: input.imageCacheName,
    image: input.images,
    vSwitchId: input.vSwitchId,
    securityGroupId: input.securityGroupId,
    imageCacheSize: input.imageCacheSize,
    ...(input.eipInstanceId ? { eipInstanceId: input.eipInstanceId } : {}),
    ...(input.retentionDays !== undefined ? { retentionDays: input.retentionDays } : {}),
    tag: tagList(input.tags).map((t) => new $Eci.CreateImageCacheRequestTag(t)),
    acrRegistryInfo: input.acrRegistryInfo.map((i) => new $Eci.CreateImageCacheRequestAcrRegistryInfo(registryInfo(i, true))),
    clientToken: input.clientToken,
  });
  const resource = `image cache ${input.imageCacheName} in ${input.regionId}`;
  const res = await c.run({ service: 'eci', action: 'CreateImageCache', resource }, () => c.eci(input.regionId).createImageCache(req));
  return { imageCacheId: res.body?.imageCacheId ?? '' };
}

export async function updateImageCache(c: AccountContext, input: UpdateImageCacheInput): Promise<void> {
  const req = new $Eci.UpdateImageCacheRequest({
    regionId: input.regionId,
    imageCacheId: input.imageCacheId,
    ...(input.imageCacheName ? { imageCacheName: input.imageCacheName } : {}),
    ...(input.images ? { image: input.images } : {}),
    ...(input.imageCacheSize !== undefined ? { imageCacheSize: input.imageCacheSize } : {}),
    ...(input.retentionDays !== undefined ? { retentionDays: input.retentionDays } : {}),
    ...(input.tags ? { tag: tagList(input.tags).map((t) => new $Eci.UpdateImageCacheRequestTag(t)) } : {}),
    // ArnService/ArnUser cannot be updated (§6.3): only the instance fields are sent.
    ...(input.acrRegistryInfo
      ? { acrRegistryInfo: input.acrRegistryInfo.map((i) => new $Eci.UpdateImageCacheRequestAcrRegistryInfo(registryInfo(i, false))) }
      : {}),
    ...(input.clientToken ? { clientToken: input.clientToken } : {}),
  });
  await c.run({ service: 'eci', action: 'UpdateImageCache', resource: cacheResource(input.regionId, input.imageCacheId) }, () =>
    c.eci(input.regionId).updateImageCache(req),
  );
}

/** Idempotent: an unknown ID counts as deleted (§10 #21). */
export async function deleteImageCache(c: AccountContext, regionId: string, imageCacheId: string): Promise<void> {
  const req = new $Eci.DeleteImageCacheRequest({ regionId, imageCacheId });
  await tolerate(
    c.run({ service: 'eci', action: 'DeleteImageCache', resource: cacheResource(regionId, imageCacheId) }, () => c.eci(regionId).deleteImageCache(req)),
    (_code, cls) => cls === 'not-found',
    undefined,
  );
}
