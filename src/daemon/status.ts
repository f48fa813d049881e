// Per-resource status for /status and the `resources{state}` gauge. States:
//   ready       in sync with the manifests at the last look
//   progressing changed and still settling (an image cache Creating/Updating): polled again soon
//   failed      the last attempt failed with a retryable error: retried with backoff
//   blocked     a terminal error (permission, validation): retried on the next change or resync
//   unknown     desired, but not looked at yet
//   suspended   annotated eci-acr-reconciler/suspend: looked at, never written; `drifted` says if it differs
import type { Requeue } from '../engine/requeue.js';
import type { Clock } from '../runtime/clock.js';
import { resourceStates, type ResourceState } from './metrics.js';

/** The state /status shows for each decision of the engine: the decision, in words for operators. */
export const stateOf: Record<Requeue, ResourceState> = { success: 'ready', requeueAfter: 'progressing', error: 'failed', terminal: 'blocked' };

export interface StatusError {
  message: string;
  code?: string;
  requestId?: string;
}

/** What the last reconcile of a resource did. */
export type LastOutcome = 'applied' | 'unchanged' | 'pending' | 'failed';

export interface ResourceStatus {
  key: string;
  state: ResourceState;
  /** What the last reconcile did (when: `lastReconciled`; from which manifests: `revision`). */
  lastOutcome?: LastOutcome;
  /** The manifests' revision the last reconcile applied (src/daemon/revision.ts). */
  revision?: string;
  account?: string;
  lastError?: StatusError;
  /** ISO time the state last changed. */
  lastTransition: string;
  /** ISO time the reconciler last changed the resource in the cloud. */
  lastApplied?: string;
  /** ISO time of the last reconcile that looked at it. */
  lastReconciled?: string;
  /** Suspended only: the resource differs from the manifests and is left so. */
  drifted?: boolean;
}

export interface StatusUpdate {
  state: ResourceState;
  account?: string;
  error?: StatusError;
  /** True when this reconcile wrote to the cloud. */
  applied?: boolean;
  revision?: string;
  /** Suspended resources: whether it differs from the manifests. */
  drifted?: boolean;
}

const outcomeOf = (update: StatusUpdate): LastOutcome | undefined => {
  if (update.state === 'unknown') return undefined;
  if (update.error) return 'failed';
  if (update.applied) return 'applied';
  return update.state === 'progressing' ? 'pending' : 'unchanged';
};

export class StatusStore {
  private readonly entries = new Map<string, ResourceStatus>();

  constructor(private readonly clock: Clock) {}

  /** Records a reconcile of `key`; returns true when its state changed. */
  update(key: string, update: StatusUpdate): boolean {
    const now = new Date(this.clock.now()).toISOString();
    const previous = this.entries.get(key);
    const transitioned = previous?.state !== update.state;
    const next: ResourceStatus = {
      key,
      state: update.state,
      lastTransition: transitioned || !previous ? now : previous.lastTransition,
      lastReconciled: now,
    };
    const account = update.account ?? previous?.account;
    if (account !== undefined) next.account = account;
    const lastOutcome = outcomeOf(update) ?? previous?.lastOutcome;
    if (lastOutcome !== undefined) next.lastOutcome = lastOutcome;
    const revision = update.revision ?? previous?.revision;
    if (revision !== undefined) next.revision = revision;
    if (update.error) next.lastError = update.error;
    if (update.state === 'suspended') next.drifted = update.drifted ?? false;
    const lastApplied = update.applied ? now : previous?.lastApplied;
    if (lastApplied !== undefined) next.lastApplied = lastApplied;
    this.entries.set(key, next);
    return transitioned;
  }

  /** Keeps only `keys` (resources that left the desired state and were not pruned drop out). */
  retain(keys: Iterable<string>): void {
    const keep = new Set(keys);
    for (const key of this.entries.keys()) if (!keep.has(key)) this.entries.delete(key);
    for (const key of keep) if (!this.entries.has(key)) this.update(key, { state: 'unknown' });
  }

  get(key: string): ResourceStatus | undefined {
    return this.entries.get(key);
  }

  list(): ResourceStatus[] {
    return [...this.entries.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  counts(): Record<ResourceState, number> {
    const counts = Object.fromEntries(resourceStates.map((s) => [s, 0])) as Record<ResourceState, number>;
    for (const entry of this.entries.values()) counts[entry.state] += 1;
    return counts;
  }
}
