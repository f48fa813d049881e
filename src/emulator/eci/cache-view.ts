// What DescribeImageCaches shows of a cache at an emulated instant, and when a cache disappears:
// expired caches (CreationTime + RetentionDays) and caches Failed for a day are removed on the
// next read, as if ECI had cleaned them up (§6.1, §10 #26: no Expired or Deleting status).
import { DAY_MS, type CacheRecord, type EciState } from './state.js';
import { isoSeconds, reachedAt, renderEvents, viewAt } from './timeline.js';

export function expireAt(record: CacheRecord): number | undefined {
  return record.retentionDays === undefined ? undefined : record.creationTime + record.retentionDays * DAY_MS;
}

export function goneAt(record: CacheRecord): number | undefined {
  const failed = record.kind === 'update' ? undefined : reachedAt(record.timeline, 'Failed');
  const times = [expireAt(record), failed === undefined ? undefined : failed + DAY_MS].filter((t): t is number => t !== undefined);
  return times.length === 0 ? undefined : Math.min(...times);
}

/** Caches of one account and region that still exist at `now`, oldest first; drops the gone ones. */
export function liveCaches(state: EciState, accountId: string, regionId: string | undefined, now: number): CacheRecord[] {
  const out: CacheRecord[] = [];
  for (const record of [...state.caches.values()]) {
    const gone = goneAt(record);
    if (gone !== undefined && gone <= now) {
      state.caches.delete(record.imageCacheId);
      continue;
    }
    if (record.accountId === accountId && (regionId === undefined || record.regionId === regionId)) out.push(record);
  }
  return out.sort((a, b) => a.creationTime - b.creationTime);
}

export function statusOf(record: CacheRecord, now: number): string {
  return viewAt(record.timeline, now).status;
}

export function renderCache(record: CacheRecord, now: number): Record<string, unknown> {
  const view = viewAt(record.timeline, now);
  const expire = expireAt(record);
  const ready = view.status === 'Ready' || view.status === 'Updating' || view.status === 'UpdateFailed';
  return {
    ImageCacheId: record.imageCacheId,
    ImageCacheName: record.name,
    ContainerGroupId: record.containerGroupId,
    Status: view.status,
    Progress: `${view.progress}%`,
    Images: [...record.images],
    ImageCacheSize: record.imageCacheSize,
    ...(ready ? { SnapshotId: record.snapshotId } : {}),
    CreationTime: isoSeconds(record.creationTime),
    ...(expire === undefined ? {} : { ExpireDateTime: isoSeconds(expire) }),
    EliminationStrategy: record.eliminationStrategy,
    RegionId: record.regionId,
    ...(record.resourceGroupId === undefined ? {} : { ResourceGroupId: record.resourceGroupId }),
    Events: renderEvents([...record.pastEvents, ...view.events], record.imageCacheId),
    Tags: record.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
  };
}
