// What the role, policy and image-cache diffs share: how a result is built from a resource's fixed
// fields, the one rule for owned resources that left the manifests, and ownership-tag drift.
import type { DeletionPolicy, Origin } from '../model/desired.js';
import type { Tags } from '../model/observed.js';
import { ownedByOthersReason, ownershipOf, ownershipTags, tagChanges } from './tags.js';
import { IMPACT_OF, type ChangeAction, type FieldChange, type Impact } from './types.js';

export interface DiffOptions {
  prune: boolean;
  /** The manifest set's owner identity in this account (DesiredAccount.ownerId). */
  ownerId: string;
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
  ownerId: string,
): { tags: { set: Tags; remove: string[] }; reason: string } | undefined {
  const tags = tagChanges(observed, ownershipTags(desired.origin, desired.deletionPolicy, ownerId));
  if (!tags) return undefined;
  return { tags, reason: DRIFT_REASON[ownershipOf(observed, ownerId).kind](noun) };
}

const DRIFT_REASON: Record<ReturnType<typeof ownershipOf>['kind'], (noun: string) => string> = {
  ours: () => 'ownership tags differ',
  unclaimed: (noun) => `claiming a ${noun} made before ownership scopes (managed-by without an owner tag)`,
  unmanaged: (noun) => `adopting an existing ${noun}`,
  // Never reached: a diff stops at `conflict` for another set's resource before it looks at tags.
  theirs: (noun) => `taking over another set's ${noun}`,
};

/**
 * What a desired role/policy may do to an existing one of its name, by ownership: undefined when it
 * may converge it (ours, unclaimed, or unmanaged with adopt), else the conflict reason.
 */
export function conflictReason(tags: Tags, adopt: boolean, ownerId: string, noun: 'role' | 'policy'): string | undefined {
  const owner = ownershipOf(tags, ownerId);
  if (owner.kind === 'theirs') return ownedByOthersReason(owner.owner);
  if (owner.kind === 'unmanaged' && !adopt) {
    return `conflict: not managed (a ${noun} of this name exists without our managed-by tag; set adopt: true to take it over)`;
  }
  return undefined;
}

/**
 * What becomes of a resource no manifest of this set declares, by ownership: `prunable` when it is
 * ours (prune or keptReason decide), an `orphan` reason when it is unclaimed (kept until a set claims
 * it), `none` for another set's or an unmanaged one (not this set's business at all).
 */
export function undeclaredFate(tags: Tags, ownerId: string): 'prunable' | 'none' | { orphan: string } {
  const owner = ownershipOf(tags, ownerId).kind;
  if (owner === 'ours') return 'prunable';
  if (owner === 'unclaimed') return { orphan: UNCLAIMED_REASON };
  return 'none';
}

export const UNCLAIMED_REASON =
  'not in the manifests; managed-by without an owner tag (made before ownership scopes): no set prunes it until one declares and claims it';
