// The tags that record ownership and facts the cloud cannot tell us back.
// - managed-by + manifest identity: what we created (ownership; ARCHITECTURE §5).
// - deletion-policy=Retain: `deletionPolicy` lives in the manifest, which is gone exactly when prune
//   needs it, so it is written on the resource at creation (and kept in sync while the manifest exists).
// - fingerprint (caches): DescribeImageCaches never returns AcrRegistryInfo.
// - retention-days (caches): RetentionDays is not returned either, only an expiry date.
import { createHash } from 'node:crypto';
import type { AcrRegistryInfo, DeletionPolicy, DesiredImageCache, Origin } from '../model/desired.js';
import type { Tags } from '../model/observed.js';
import { FINGERPRINT_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, MANIFEST_TAG, OWNER_TAG } from '../model/ownership.js';
import { canonicalJson } from '../policy/normalise.js';

export const DELETION_POLICY_TAG = 'eci-acr-reconciler.deletion-policy';
export const RETENTION_TAG = 'eci-acr-reconciler.retention-days';

/** Carries managed-by: created by some reconciler, not necessarily by this manifest set. */
export const isOwned = (tags: Tags): boolean => tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE;

/**
 * Whose a resource is, seen from the manifest set `ownerId`:
 * - `ours`: managed-by and our owner tag: we may change it and, with --prune, delete it;
 * - `unclaimed`: managed-by without an owner tag (made before ownership scopes): claimed by a set that
 *   declares it, deleted by none;
 * - `theirs`: another set's owner tag: never modified or deleted (`conflict: owned by <id>`);
 * - `unmanaged`: no managed-by tag: touched only when a manifest says `adopt: true`.
 */
export type Ownership = { kind: 'ours' } | { kind: 'unclaimed' } | { kind: 'theirs'; owner: string } | { kind: 'unmanaged' };

export function ownershipOf(tags: Tags, ownerId: string): Ownership {
  if (!isOwned(tags)) return { kind: 'unmanaged' };
  const owner = tags[OWNER_TAG];
  if (owner === undefined) return { kind: 'unclaimed' };
  return owner === ownerId ? { kind: 'ours' } : { kind: 'theirs', owner };
}

export const isOurs = (tags: Tags, ownerId: string): boolean => ownershipOf(tags, ownerId).kind === 'ours';
export const ownedByOthersReason = (owner: string): string =>
  `conflict: owned by ${owner} (another manifest set's ownerId); it is never modified or deleted from this set`;
export const isRetained = (tags: Tags): boolean => tags[DELETION_POLICY_TAG] === 'Retain';
export const manifestIdentity = (origin: Origin): string => `${origin.kind}/${origin.name}`;

/** The tags we own on a role or policy; every other tag is left as it is. */
export function ownershipTags(origin: Origin, deletionPolicy: DeletionPolicy, ownerId: string): Tags {
  const tags: Tags = { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [OWNER_TAG]: ownerId, [MANIFEST_TAG]: manifestIdentity(origin) };
  if (deletionPolicy === 'Retain') tags[DELETION_POLICY_TAG] = 'Retain';
  return tags;
}

/** What must change so `observed` carries `wanted`; undefined when nothing. Only our keys are removed. */
export function tagChanges(observed: Tags, wanted: Tags): { set: Tags; remove: string[] } | undefined {
  const set: Tags = {};
  for (const [key, value] of Object.entries(wanted)) if (observed[key] !== value) set[key] = value;
  const remove = [DELETION_POLICY_TAG].filter((key) => key in observed && !(key in wanted));
  return Object.keys(set).length > 0 || remove.length > 0 ? { set, remove } : undefined;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Short hash of the canonical AcrRegistryInfo: entry order and domain order do not matter. */
export function registryFingerprint(entries: AcrRegistryInfo[]): string {
  const canonical = entries
    .map((e) => canonicalJson({ ...e, domains: e.domains === undefined ? undefined : [...new Set(e.domains)].sort() }))
    .sort();
  return sha256(canonical.join('\n')).slice(0, 16);
}

export function desiredCacheTags(cache: DesiredImageCache, ownerId: string): Tags {
  const tags: Tags = {
    ...cache.tags,
    [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
    [OWNER_TAG]: ownerId,
    [MANIFEST_TAG]: `ImageCache/${cache.origin.name}`,
    [FINGERPRINT_TAG]: registryFingerprint(cache.acrRegistryInfo),
  };
  if (cache.retentionDays !== undefined) tags[RETENTION_TAG] = String(cache.retentionDays);
  if (cache.deletionPolicy === 'Retain') tags[DELETION_POLICY_TAG] = 'Retain';
  return tags;
}

/**
 * ClientToken for CreateImageCache: ≤ 64 ASCII chars, a pure function of the seed and attempt.
 * `attempt` salts it when the token's remembered result is a cache we are replacing or that is gone.
 */
export function cacheClientToken(seed: string, attempt: number): string {
  return `ecirc-${sha256(`${seed}#${attempt}`).slice(0, 40)}`;
}

export function cacheTokenSeed(accountId: string, cache: unknown, replaces: string[]): string {
  return sha256(canonicalJson({ accountId, cache, replaces: [...replaces].sort() }));
}
