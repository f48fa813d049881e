// What the role, policy and image-cache diffs share: how a result is built from a resource's fixed
// fields, the one rule for owned resources that left the manifests, and ownership-tag drift.
import type { DeletionPolicy, Origin } from '../model/desired.js';
import type { Tags } from '../model/observed.js';
import { isOwned, ownershipTags, tagChanges } from './tags.js';
import { IMPACT_OF, type ChangeAction, type FieldChange, type Impact } from './types.js';

export interface DiffOptions {
  prune: boolean;
}

type Filled = 'action' | 'impact' | 'reasons' | 'changes';
type DiffShape = { action: ChangeAction; impact: Impact; reasons: string[]; changes: FieldChange[] };
export type ResultFn<D> = (action: ChangeAction, extra?: Partial<D>) => D;

/** A result maker for one resource: `base` plus the action, its impact and `extra` (which wins). */
export function resultFor<D extends DiffShape>(base: Omit<D, Filled>): ResultFn<D> {
  // Omit<D, Filled> plus the filled fields is a D; TypeScript cannot follow a spread of a generic.
  return (action, extra = {}) => ({ ...base, action, impact: IMPACT_OF[action], reasons: [], changes: [], ...extra }) as unknown as D;
}

/**
 * An owned resource that is no longer in the manifests is kept, with this reason, when its
 * deletionPolicy is Retain or the run does not prune; undefined means it may be deleted.
 */
export function keptReason(retained: boolean, options: DiffOptions): string | undefined {
  if (retained) return 'not in the manifests; kept: deletionPolicy Retain';
  if (!options.prune) return 'not in the manifests; run with --prune to delete it';
  return undefined;
}

/** Our ownership tags to (re)write on a role or policy, with the reason; undefined when in sync. */
export function ownershipDrift(
  observed: Tags,
  desired: { origin: Origin; deletionPolicy: DeletionPolicy },
  noun: 'role' | 'policy',
): { tags: { set: Tags; remove: string[] }; reason: string } | undefined {
  const tags = tagChanges(observed, ownershipTags(desired.origin, desired.deletionPolicy));
  if (!tags) return undefined;
  return { tags, reason: isOwned(observed) ? 'ownership tags differ' : `adopting an existing ${noun}` };
}
