// CreateImageCache, DescribeImageCaches, UpdateImageCache, DeleteImageCache.
import { ApiError, type ActionContext, type ActionHandler } from '../contracts.js';
import { pullImages, createTimeline, updateTimeline } from './builder.js';
import { liveCaches, renderCache, statusOf } from './cache-view.js';
import { paginate, queryKeyOf } from './paging.js';
import {
  acrRegistryInfo, bool, flatList, hasTags, invalid, optional, positiveInt, required, tags, vSwitchIds, type Params,
} from './params.js';
import { newId, type CacheRecord, type EciState } from './state.js';
import { viewAt } from './timeline.js';

const UPDATABLE_FROM = ['Ready', 'UpdateFailed'];
// Alibaba's ImageCache CRD page: 20–32768 GiB, default 20 (documented for the Kubernetes resource; the API
// pages give no range, so this is the best available evidence).
const DEFAULT_CACHE_SIZE_GIB = 20;
const CACHE_SIZE_RANGE_GIB = { min: 20, max: 32768 };

const cacheArn = (ctx: ActionContext, regionId: string, id: string): string => `acs:eci:${regionId}:${ctx.caller.accountId}:imagecache/${id}`;

function images(params: Params, mandatory: boolean): string[] | undefined {
  const list = flatList(params, 'Image').filter((i) => i !== '');
  if (list.length === 0) {
    if (mandatory) throw new ApiError('MissingParameter', 400, 'The input parameter "Image.1" that is mandatory for processing this request is not supplied.');
    return undefined;
  }
  if (list.length > 20) throw invalid('Image', 'at most 20 images per cache');
  return list;
}

export function imageCacheActions(state: EciState): Record<string, ActionHandler> {
  return {
    CreateImageCache: (ctx) => create(state, ctx),
    DescribeImageCaches: (ctx) => describe(state, ctx),
    UpdateImageCache: (ctx) => update(state, ctx),
    DeleteImageCache: (ctx) => remove(state, ctx),
  };
}

function create(state: EciState, ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const regionId = required(p, 'RegionId');
  const name = required(p, 'ImageCacheName');
  const list = images(p, true)!;
  required(p, 'SecurityGroupId');
  required(p, 'VSwitchId');
  ctx.authorize('eci:CreateImageCache', cacheArn(ctx, regionId, '*'));
  const size = positiveInt(p, 'ImageCacheSize', CACHE_SIZE_RANGE_GIB) ?? DEFAULT_CACHE_SIZE_GIB;
  const retentionDays = positiveInt(p, 'RetentionDays');
  const tagList = tags(p);
  const acr = acrRegistryInfo(p).map(({ index: _index, ...entry }) => entry);
  const eliminationStrategy = optional(p, 'EliminationStrategy') ?? '';
  if (eliminationStrategy !== '' && eliminationStrategy !== 'LRU') throw invalid('EliminationStrategy', 'expected "" or LRU');
  bool(p, 'AutoMatchImageCache');
  bool(p, 'Flash');

  return state.tokens.once(ctx.caller.accountId, 'CreateImageCache', p, () => {
    const record: CacheRecord = {
      imageCacheId: newId('imc'),
      containerGroupId: newId('eci'),
      accountId: ctx.caller.accountId,
      regionId,
      name,
      images: list,
      imageCacheSize: size,
      ...(retentionDays === undefined ? {} : { retentionDays }),
      creationTime: ctx.now,
      tags: tagList,
      eliminationStrategy,
      ...(optional(p, 'ResourceGroupId') === undefined ? {} : { resourceGroupId: optional(p, 'ResourceGroupId')! }),
      snapshotId: newId('s'),
      securityGroupId: required(p, 'SecurityGroupId'),
      vSwitchIds: vSwitchIds(p),
      ...(optional(p, 'EipInstanceId') === undefined ? {} : { eipInstanceId: optional(p, 'EipInstanceId')! }),
      acrRegistryInfo: acr,
      pastEvents: [],
      timeline: { phases: [], events: [] },
      kind: 'create',
    };
    const outcome = pullImages(list, setupOf(record), state.pullWorld, size);
    record.timeline = createTimeline(ctx.now, state.timing('imageCachePreparingMs', 500), state.timing('imageCacheCreatingMs', 1500), list, outcome);
    state.caches.set(record.imageCacheId, record);
    return { ImageCacheId: record.imageCacheId, ContainerGroupId: record.containerGroupId };
  });
}

function setupOf(record: CacheRecord) {
  return {
    accountId: record.accountId,
    regionId: record.regionId,
    acrRegistryInfo: record.acrRegistryInfo,
    vSwitchIds: record.vSwitchIds,
    ...(record.eipInstanceId === undefined ? {} : { eipInstanceId: record.eipInstanceId }),
  };
}

function describe(state: EciState, ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const regionId = required(p, 'RegionId');
  ctx.authorize('eci:DescribeImageCaches', cacheArn(ctx, regionId, '*'));
  const wantedTags = tags(p);
  const matchImages = flatList(p, 'MatchImage');
  const fullMatch = bool(p, 'ImageFullMatch') ?? false;
  const filters: ((c: CacheRecord) => boolean)[] = [];
  const equal = (param: string, get: (c: CacheRecord) => string | undefined) => {
    const want = optional(p, param);
    if (want !== undefined) filters.push((c) => get(c) === want);
  };
  equal('ImageCacheId', (c) => c.imageCacheId);
  equal('ImageCacheName', (c) => c.name);
  equal('SnapshotId', (c) => c.snapshotId);
  equal('ResourceGroupId', (c) => c.resourceGroupId);
  const image = optional(p, 'Image');
  if (image !== undefined) filters.push((c) => c.images.includes(image));
  if (wantedTags.length > 0) filters.push((c) => hasTags(c.tags, wantedTags));
  if (matchImages.length > 0) {
    filters.push((c) => (fullMatch ? matchImages.every((m) => c.images.includes(m)) : matchImages.some((m) => c.images.includes(m))));
  }
  const matching = liveCaches(state, ctx.caller.accountId, regionId, ctx.now).filter((c) => filters.every((f) => f(c)));
  const page = paginate(matching, p, queryKeyOf(ctx.caller.accountId, p));
  return {
    TotalCount: page.totalCount,
    ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
    ImageCaches: page.items.map((c) => renderCache(c, ctx.now)),
  };
}

function findCache(state: EciState, ctx: ActionContext, regionId: string, id: string): CacheRecord {
  const record = liveCaches(state, ctx.caller.accountId, regionId, ctx.now).find((c) => c.imageCacheId === id);
  if (!record) throw new ApiError('InvalidImageCacheId.NotFound', 404, `The specified image cache ${id} does not exist.`);
  return record;
}

function update(state: EciState, ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const regionId = required(p, 'RegionId');
  const id = required(p, 'ImageCacheId');
  ctx.authorize('eci:UpdateImageCache', cacheArn(ctx, regionId, id));
  const entries = acrRegistryInfo(p);
  for (const e of entries) {
    // §6.3: neither the 2.0.3 nor the newest UpdateImageCache model has these fields.
    if (e.arnService !== undefined) throw invalid(`AcrRegistryInfo.${e.index}.ArnService`, 'ArnService cannot be updated; create a new image cache');
    if (e.arnUser !== undefined) throw invalid(`AcrRegistryInfo.${e.index}.ArnUser`, 'ArnUser cannot be updated; create a new image cache');
  }
  const newImages = images(p, false);
  const size = positiveInt(p, 'ImageCacheSize', CACHE_SIZE_RANGE_GIB);
  const retentionDays = positiveInt(p, 'RetentionDays');
  const tagList = tags(p);
  return state.tokens.once(ctx.caller.accountId, 'UpdateImageCache', p, () => {
    const record = findCache(state, ctx, regionId, id);
    const status = statusOf(record, ctx.now);
    if (!UPDATABLE_FROM.includes(status)) {
      throw new ApiError('IncorrectImageCacheStatus', 400, `The image cache ${id} is ${status}; only Ready or UpdateFailed caches can be updated.`);
    }
    applyUpdate(record, p, { newImages, size, retentionDays, tagList, entries });
    record.pastEvents = [...record.pastEvents, ...viewAt(record.timeline, ctx.now).events];
    const outcome = pullImages(record.images, setupOf(record), state.pullWorld, record.imageCacheSize);
    record.timeline = updateTimeline(ctx.now, state.timing('imageCacheUpdatingMs', 1000), record.images, outcome);
    record.kind = 'update';
    return {};
  });
}

interface UpdateFields {
  newImages: string[] | undefined;
  size: number | undefined;
  retentionDays: number | undefined;
  tagList: ReturnType<typeof tags>;
  entries: ReturnType<typeof acrRegistryInfo>;
}

/** Entry N keeps the ArnService/ArnUser it was created with: those cannot change (§6.3). */
function applyUpdate(record: CacheRecord, p: Params, f: UpdateFields): void {
  const name = optional(p, 'ImageCacheName');
  if (name !== undefined) record.name = name;
  if (f.newImages) record.images = f.newImages;
  if (f.size !== undefined) record.imageCacheSize = f.size;
  if (f.retentionDays !== undefined) record.retentionDays = f.retentionDays;
  if (f.tagList.length > 0) record.tags = f.tagList;
  const sg = optional(p, 'SecurityGroupId');
  if (sg !== undefined) record.securityGroupId = sg;
  if (optional(p, 'VSwitchId') !== undefined) record.vSwitchIds = vSwitchIds(p);
  const eip = optional(p, 'EipInstanceId');
  if (eip !== undefined) record.eipInstanceId = eip;
  const strategy = optional(p, 'EliminationStrategy');
  if (strategy !== undefined) record.eliminationStrategy = strategy;
  if (f.entries.length > 0) {
    record.acrRegistryInfo = f.entries.map(({ index, ...entry }) => {
      const old = record.acrRegistryInfo[index - 1];
      return {
        ...entry,
        ...(old?.arnService === undefined ? {} : { arnService: old.arnService }),
        ...(old?.arnUser === undefined ? {} : { arnUser: old.arnUser }),
      };
    });
  }
}

function remove(state: EciState, ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const regionId = required(p, 'RegionId');
  const id = required(p, 'ImageCacheId');
  ctx.authorize('eci:DeleteImageCache', cacheArn(ctx, regionId, id));
  return state.tokens.once(ctx.caller.accountId, 'DeleteImageCache', p, () => {
    findCache(state, ctx, regionId, id);
    state.caches.delete(id);
    return {};
  });
}
