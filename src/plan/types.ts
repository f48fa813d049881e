// The typed result of the diff and the plan. Everything here is plain data (JSON-safe) so the same
// objects feed the text renderer, the JSON schema, the engine and the daemon's status.
import type { DesiredImageCache, DesiredPolicy, DesiredRole, PolicyAttachment } from '../model/desired.js';
import type { ObservedImageCache, ObservedPolicy, ObservedRole, Tags } from '../model/observed.js';
import type { ResourceKind } from '../model/keys.js';
import type { ErrorInfo } from './observed-state.js';

/**
 * What the plan will do to one resource.
 * - `none`: in sync; `pending`: a cache is building/updating and must settle before we may act;
 * - `conflict`: a same-name resource exists that we do not own (and the manifest does not adopt);
 * - `orphan`: owned, gone from the manifests, but kept (no --prune, or deletionPolicy Retain);
 * - `error`: the account could not be observed or failed pinning; nothing is written to it.
 */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'none' | 'pending' | 'conflict' | 'orphan' | 'error';

/** Ordered from harmless to destructive; `worstImpact` folds them. */
export type Impact = 'none' | 'modify' | 'replace' | 'destroy';
const IMPACT_RANK: Record<Impact, number> = { none: 0, modify: 1, replace: 2, destroy: 3 };

export const worstImpact = (...impacts: Impact[]): Impact =>
  impacts.reduce<Impact>((worst, next) => (IMPACT_RANK[next] > IMPACT_RANK[worst] ? next : worst), 'none');

/** One changed property, old/new as shown to people (documents as pretty JSON text). */
export interface FieldChange {
  field: string;
  old?: string | number | string[];
  new?: string | number | string[];
}

interface DiffBase {
  key: string;
  kind: ResourceKind;
  accountName: string;
  accountId: string;
  /** roleName, policyName or imageCacheName. */
  name: string;
  action: ChangeAction;
  impact: Impact;
  /** Why, in words: "trust policy differs", "default version v3 was switched by hand", … */
  reasons: string[];
  changes: FieldChange[];
  error?: ErrorInfo;
  /** Annotated `eci-acr-reconciler/suspend: "true"` (itself or its Account): reported, never written (suspend.ts). */
  suspended?: true;
}

export interface RoleDiff extends DiffBase {
  kind: 'role';
  desired?: DesiredRole;
  observed?: ObservedRole;
  /** Our ownership tags must be (re)written: adoption, or changed manifest identity/deletion policy. */
  tags?: { set: Tags; remove: string[] };
  trust?: { old?: string; new: string };
  description?: string;
  maxSessionDuration?: number;
  attach: PolicyAttachment[];
  detach: PolicyAttachment[];
}

export interface PolicyDiff extends DiffBase {
  kind: 'policy';
  desired?: DesiredPolicy;
  observed?: ObservedPolicy;
  tags?: { set: Tags; remove: string[] };
  document?: { old?: string; new: string };
  /** An existing version already holds the desired document: make it the default again. */
  restoreVersion?: string;
  /** Non-default versions deleted to stay within RAM's limit of 5 (oldest first, never the default). */
  deleteVersions: string[];
}

export interface ImageCacheDiff extends DiffBase {
  kind: 'imagecache';
  regionId: string;
  /** metadata.name of the ImageCache manifest (from the manifest tag for orphans). */
  manifestName: string;
  desired?: DesiredImageCache;
  /** The cache we keep or update; replaced/deleted ones are in `remove`. */
  current?: ObservedImageCache;
  /** Owned caches of this manifest to delete: the replaced one, failed ones, duplicates. */
  remove: ObservedImageCache[];
  status?: string;
  /** Latest Warning event of the current cache: why it failed. */
  warning?: string;
}

export type ResourceDiff = RoleDiff | PolicyDiff | ImageCacheDiff;

export const isAddition = (d: ResourceDiff): boolean => d.action === 'create';
export const isRemoval = (d: ResourceDiff): boolean => d.action === 'delete';
export const isUpdate = (d: ResourceDiff): boolean => d.action === 'update' || d.action === 'replace';
/** A change the plan will make: a suspended resource's drift is reported, not changed. */
export const isChange = (d: ResourceDiff): boolean => !d.suspended && (isAddition(d) || isRemoval(d) || isUpdate(d));

export const IMPACT_OF: Record<ChangeAction, Impact> = {
  create: 'modify',
  update: 'modify',
  replace: 'replace',
  delete: 'destroy',
  none: 'none',
  pending: 'none',
  conflict: 'none',
  orphan: 'none',
  error: 'none',
};
