// The closed vocabulary of results, one per resource key, folded from the diff, the apply result and
// (with --wait) the cache's settled status, each with the engine's requeue decision (requeue.ts).
// The CLI and the daemon interpret these; nobody else.
import type { ObservedImageCache } from '../model/observed.js';
import type { ErrorInfo } from '../plan/observed-state.js';
import type { Plan } from '../plan/plan.js';
import { latestWarning } from '../plan/diff-cache.js';
import type { ChangeAction, ResourceDiff } from '../plan/types.js';
import type { KeyApplyResult } from './apply.js';
import { requeueOf, type Requeue } from './requeue.js';

/** `suspended`: the manifest (or its Account) is annotated suspend; nothing was written, drift (if any) is in `message`. */
export type OutcomeKind = 'created' | 'updated' | 'replaced' | 'deleted' | 'unchanged' | 'failed' | 'pending' | 'skipped' | 'suspended';

export interface KeyOutcome {
  key: string;
  kind: ResourceDiff['kind'];
  accountName: string;
  accountId: string;
  name: string;
  regionId?: string;
  outcome: OutcomeKind;
  /** What a work loop does with the key next: decided here, once, for every caller. */
  requeue: Requeue;
  /** What the plan meant to do. */
  action: ChangeAction;
  /** One line for people: the reason, the failure, or the cache status. */
  message?: string;
  error?: ErrorInfo;
  imageCacheId?: string;
  status?: string;
  /** Write calls made for this resource in this pass (0 on a no-op pass). */
  writes: number;
}

const DONE: Partial<Record<ChangeAction, OutcomeKind>> = { create: 'created', update: 'updated', replace: 'replaced', delete: 'deleted', none: 'unchanged', pending: 'pending' };

export interface OutcomeInput {
  plan: Plan;
  applied: Map<string, KeyApplyResult>;
  /** Settled caches after --wait; absent without --wait. */
  waited?: Map<string, ObservedImageCache | undefined>;
  /** Caches whose state --wait could not read at the end (the read's error). */
  unknown?: Map<string, ErrorInfo>;
  waitTimeoutMs?: number;
}

export function outcomes(input: OutcomeInput): KeyOutcome[] {
  const refused = input.plan.refused !== undefined;
  return input.plan.diffs.map((d) => {
    const o = outcomeFor(d, input);
    return { ...o, requeue: requeueOf({ outcome: o.outcome, action: o.action, classification: o.error?.classification, refused }) };
  });
}

/** An outcome before its requeue decision. */
type Folded = Omit<KeyOutcome, 'requeue'>;

function outcomeFor(d: ResourceDiff, input: OutcomeInput): Folded {
  const applied = input.applied.get(d.key);
  const base: Folded = {
    key: d.key,
    kind: d.kind,
    accountName: d.accountName,
    accountId: d.accountId,
    name: d.name,
    outcome: 'unchanged',
    action: d.action,
    writes: applied?.writes ?? 0,
  };
  if (d.kind === 'imagecache') {
    base.regionId = d.regionId;
    const id = applied?.imageCacheId ?? d.current?.imageCacheId;
    if (id) base.imageCacheId = id;
    if (d.status) base.status = d.status;
  }
  const with_ = (outcome: OutcomeKind, message?: string, error?: ErrorInfo): Folded => ({
    ...base,
    outcome,
    ...(message ? { message } : {}),
    ...(error ? { error } : {}),
  });
  if (d.action === 'error') return with_('failed', d.error?.message ?? d.reasons.join('; '), d.error);
  if (d.action === 'conflict') return with_('failed', d.reasons.join('; '));
  if (d.action === 'orphan') return with_('skipped', d.reasons.join('; '));
  if (d.suspended) return with_('suspended', d.reasons.join('; '));
  if (input.plan.refused && d.action !== 'none' && d.action !== 'pending') return with_('skipped', input.plan.refused);
  if (applied?.status === 'failed') return with_('failed', applied.error?.message, applied.error);
  if (applied?.status === 'skipped') return with_('skipped', applied.reason);
  const done = DONE[d.action] ?? 'unchanged';
  if (d.kind !== 'imagecache' || done === 'deleted') return with_(done, done === 'unchanged' || done === 'created' ? undefined : d.reasons.join('; '));
  return cacheOutcome(base, done, d.warning, input, with_);
}

function cacheOutcome(
  base: Folded,
  done: OutcomeKind,
  warning: string | undefined,
  input: OutcomeInput,
  with_: (o: OutcomeKind, m?: string, e?: ErrorInfo) => Folded,
): Folded {
  const waited = input.waited?.get(base.key);
  const touched = done !== 'unchanged' || base.status !== 'Ready';
  if (!touched) return with_('unchanged');
  const unknown = input.unknown?.get(base.key);
  if (unknown) {
    // No status: what the plan saw before the write is not the cache's state now (finding C4).
    const { status: _stale, ...withoutStatus } = base;
    return { ...withoutStatus, outcome: 'failed', message: unknown.message, error: unknown };
  }
  if (input.waited !== undefined && !input.waited.has(base.key) && done !== 'unchanged') {
    return with_('failed', 'the image cache could not be read while waiting for it');
  }
  if (input.waited === undefined || !input.waited.has(base.key)) {
    const what = done === 'unchanged' || done === 'pending' ? 'building' : `${done}, building`;
    const now = done === 'created' || done === 'replaced' ? 'Preparing' : done === 'updated' ? 'Updating' : (base.status ?? 'Preparing');
    return with_('pending', `${what}: not Ready yet (${now})${warning ? `: ${warning}` : ''}`);
  }
  if (waited === undefined) return with_('failed', 'the image cache disappeared while waiting for it');
  const settled = { ...base, status: waited.status };
  if (waited.status === 'Ready') return { ...settled, outcome: done === 'pending' ? 'unchanged' : done, message: 'Ready' };
  if (waited.status === 'Failed' || waited.status === 'UpdateFailed') {
    return { ...settled, outcome: 'failed', message: `${waited.status}: ${latestWarning(waited) ?? 'no reason given'}` };
  }
  return { ...settled, outcome: 'failed', message: `still ${waited.status} after the --wait-timeout of ${Math.round((input.waitTimeoutMs ?? 0) / 1000)}s` };
}
