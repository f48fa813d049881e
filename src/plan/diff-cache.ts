// Image cache diff. Caches are identified by our manifest tag, never by name (ECI does not require
// cache names to be unique). ArnService/ArnUser cannot be updated and the API never returns
// AcrRegistryInfo, so a fingerprint tag decides "replace"; images/size/retention are updates, allowed
// only from Ready/UpdateFailed. Several owned caches for one manifest (a crash between "create new"
// and "delete old" of a replace, or two daemons creating from different revisions) are resolved by
// keeping one and deleting the rest. Which one is kept must not depend on when the caches were read:
// two daemons reading a moment apart must keep the same one, or each deletes the other's keeper and
// nothing is left. So the keeper is chosen only by what does not change under a reader's feet (the
// fingerprint, Failed, which is terminal, and the ID), and the rest are deleted only once the keeper
// has been built, so a Ready duplicate is never deleted for one that may still fail.
import type { AcrRegistryInfo, DesiredImageCache } from '../model/desired.js';
import { imageCacheKey } from '../model/keys.js';
import type { ObservedImageCache } from '../model/observed.js';
import { FINGERPRINT_TAG } from '../model/ownership.js';
import type { CacheCreateParams } from './steps.js';
import { desiredCacheTags, isOurs, isRetained, RETENTION_TAG } from './tags.js';
import { keptReason, resultFor, UNCLAIMED_REASON, type DiffOptions } from './diff-common.js';
import type { ChangeAction, FieldChange, ImageCacheDiff } from './types.js';

const UPDATABLE = new Set(['Ready', 'UpdateFailed']);
/** A cache in these has finished its first build: ECI can use it (an update keeps the old layers). */
const BUILT = new Set(['Ready', 'Updating', 'UpdateFailed']);

export function latestWarning(cache: ObservedImageCache | undefined): string | undefined {
  const warnings = cache?.events.filter((e) => e.type === 'Warning') ?? [];
  const last = warnings.at(-1);
  return last === undefined ? undefined : [last.reason, last.message].filter(Boolean).join(': ');
}

export function cacheCreateParams(cache: DesiredImageCache, ownerId: string): CacheCreateParams {
  const params: CacheCreateParams = {
    regionId: cache.regionId,
    imageCacheName: cache.imageCacheName,
    images: [...cache.images],
    vSwitchId: cache.vSwitchId,
    securityGroupId: cache.securityGroupId,
    imageCacheSize: cache.imageCacheSize,
    tags: desiredCacheTags(cache, ownerId),
    acrRegistryInfo: cache.acrRegistryInfo.map((e) => ({ ...e })),
  };
  if (cache.eipInstanceId !== undefined) params.eipInstanceId = cache.eipInstanceId;
  if (cache.retentionDays !== undefined) params.retentionDays = cache.retentionDays;
  return params;
}

export function diffImageCache(
  account: { accountName: string; accountId: string },
  target: { regionId: string; manifestName: string },
  desired: DesiredImageCache | undefined,
  candidates: ObservedImageCache[],
  options: DiffOptions,
): ImageCacheDiff {
  const wantedTags = desired ? desiredCacheTags(desired, options.ownerId) : undefined;
  // Declared: ours and unclaimed ones are candidates (claimed by the tag update). Undeclared: only ours
  // may be pruned; unclaimed ones stay until a set claims them; another set's never get here.
  const owned = desired ? candidates : candidates.filter((c) => isOurs(c.tags, options.ownerId));
  const sorted = [...owned].sort((a, b) => rank(a, wantedTags) - rank(b, wantedTags) || a.imageCacheId.localeCompare(b.imageCacheId));
  const current = sorted[0];
  const result = resultFor<ImageCacheDiff>({
    key: imageCacheKey(account.accountId, target.regionId, target.manifestName),
    kind: 'imagecache',
    ...account,
    ...target,
    name: desired?.imageCacheName ?? current?.imageCacheName ?? target.manifestName,
    remove: [],
    ...(current ? { status: current.status } : {}),
  });

  if (desired === undefined || wantedTags === undefined) {
    if (current === undefined) return candidates.length > 0 ? result('orphan', { reasons: [UNCLAIMED_REASON] }) : result('none');
    const kept = keptReason(owned.some((c) => isRetained(c.tags)), options);
    if (kept !== undefined) return result('orphan', { reasons: [kept] });
    return result('delete', { remove: sorted, reasons: ['not in the manifests'], changes: sorted.map((c) => ({ field: 'imageCacheId', old: c.imageCacheId })) });
  }
  if (current === undefined) {
    return result('create', { desired, reasons: ['image cache does not exist'], changes: cacheFieldsSet(desired, wantedTags) });
  }
  const extras = sorted.slice(1);
  const warning = latestWarning(current);
  const withWarning = warning === undefined ? {} : { warning };
  if (current.status === 'Failed') {
    return result('replace', { desired, current, remove: sorted, ...withWarning, reasons: [`image cache is Failed${warning ? ` (${warning})` : ''}: recreate`], changes: cacheFieldsSet(desired, wantedTags) });
  }
  if (current.tags[FINGERPRINT_TAG] !== wantedTags[FINGERPRINT_TAG]) {
    return result('replace', {
      desired,
      current,
      remove: sorted,
      reasons: ['AcrRegistryInfo differs (fingerprint tag): ArnService/ArnUser cannot be updated, so the cache is replaced'],
      changes: [
        { field: 'acrRegistryInfo fingerprint', old: current.tags[FINGERPRINT_TAG] ?? '(none)', new: wantedTags[FINGERPRINT_TAG] ?? '' },
        ...cacheFieldsSet(desired, wantedTags),
      ],
    });
  }
  const changes = specChanges(desired, current, wantedTags);
  const removable = BUILT.has(current.status) ? extras : [];
  const removal = removable.length > 0 ? { remove: removable } : {};
  const extraReason =
    removable.length > 0
      ? [`${removable.length} duplicate owned cache(s) to delete`]
      : extras.length > 0
        ? [`${extras.length} duplicate owned cache(s) kept until ${current.imageCacheId} is built (now ${current.status})`]
        : [];
  const needsUpdate = changes.length > 0 || current.status === 'UpdateFailed';
  if (!needsUpdate) {
    const action: ChangeAction = removable.length > 0 ? 'update' : current.status === 'Ready' ? 'none' : 'pending';
    const reasons = action === 'pending' ? [`image cache is ${current.status}`, ...extraReason] : extraReason;
    return result(action, { desired, current, ...removal, ...withWarning, reasons });
  }
  const reasons = [...changes.map((c) => `${c.field} differs`), ...(current.status === 'UpdateFailed' ? [`last update failed${warning ? ` (${warning})` : ''}: update again`] : []), ...extraReason];
  if (!UPDATABLE.has(current.status)) {
    return result('pending', { desired, current, ...removal, ...withWarning, changes, reasons: [...reasons, `waiting for Ready before updating (now ${current.status})`] });
  }
  return result('update', { desired, current, ...removal, ...withWarning, changes, reasons });
}

/**
 * Finding 6: every field CreateImageCache will be given, so a reviewer sees the whole cache a create
 * (or the create of a replace) makes, not only its images. Tags are all of them, ours included.
 */
export function cacheFieldsSet(desired: DesiredImageCache, wantedTags: Record<string, string>): FieldChange[] {
  const fields: FieldChange[] = [
    { field: 'imageCacheName', new: desired.imageCacheName },
    { field: 'images', new: [...desired.images] },
    { field: 'acrRegistryInfo', new: desired.acrRegistryInfo.map(registryEntryText) },
    { field: 'imageCacheSize', new: desired.imageCacheSize },
    { field: 'vSwitchId', new: desired.vSwitchId },
    { field: 'securityGroupId', new: desired.securityGroupId },
  ];
  if (desired.eipInstanceId !== undefined) fields.push({ field: 'eipInstanceId', new: desired.eipInstanceId });
  if (desired.retentionDays !== undefined) fields.push({ field: 'retentionDays', new: desired.retentionDays });
  fields.push({ field: 'tags', new: Object.entries(wantedTags).map(([k, v]) => `${k}=${v}`) });
  return fields;
}

/** One AcrRegistryInfo entry on one line, in the API's field order: `InstanceId=… RegionId=… Domain=a,b ArnService=… ArnUser=…`. */
export function registryEntryText(e: AcrRegistryInfo): string {
  const parts: [string, string | undefined][] = [
    ['InstanceId', e.instanceId],
    ['InstanceName', e.instanceName],
    ['RegionId', e.regionId],
    ['Domain', e.domains?.join(',')],
    ['ArnService', e.arnService],
    ['ArnUser', e.arnUser],
  ];
  return parts.flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`])).join(' ');
}

/** Lower is kept first; ties go to the smaller ID. Only facts every reader sees alike (see the top). */
function rank(cache: ObservedImageCache, wanted: Record<string, string> | undefined): number {
  const fingerprintMiss = wanted !== undefined && cache.tags[FINGERPRINT_TAG] !== wanted[FINGERPRINT_TAG] ? 2 : 0;
  return fingerprintMiss + (cache.status === 'Failed' ? 1 : 0);
}

function specChanges(desired: DesiredImageCache, current: ObservedImageCache, wantedTags: Record<string, string>): FieldChange[] {
  const changes: FieldChange[] = [];
  const wantImages = [...new Set(desired.images)].sort();
  const haveImages = [...new Set(current.images)].sort();
  if (wantImages.join('\n') !== haveImages.join('\n')) changes.push({ field: 'images', old: haveImages, new: wantImages });
  if (desired.imageCacheSize !== current.imageCacheSize) changes.push({ field: 'imageCacheSize', old: current.imageCacheSize, new: desired.imageCacheSize });
  const haveRetention = current.tags[RETENTION_TAG];
  const wantRetention = wantedTags[RETENTION_TAG];
  if (wantRetention !== undefined && haveRetention !== wantRetention) changes.push({ field: 'retentionDays', old: haveRetention ?? '(none)', new: wantRetention ?? '(none)' });
  // Tags we want must be present; tags someone else added are left alone (never a perpetual diff).
  const missing = Object.entries(wantedTags).filter(([k, v]) => k !== RETENTION_TAG && current.tags[k] !== v);
  if (missing.length > 0) changes.push({ field: 'tags', old: missing.map(([k]) => `${k}=${current.tags[k] ?? ''}`), new: missing.map(([k, v]) => `${k}=${v}`) });
  return changes;
}
