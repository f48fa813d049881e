// The one place that decides what a caller's work loop does with a resource after a reconcile of it:
// controller-runtime's Result as one word. The daemon's controller interprets it in its single switch;
// nothing above the engine looks at error classes or outcome kinds to decide a retry again.
import type { ErrorClass } from '../model/errors.js';
import type { ChangeAction } from '../plan/types.js';
import type { OutcomeKind } from './outcomes.js';

/**
 * - `success`: converged (or nothing of ours to do): wait for the next change or resync;
 * - `requeueAfter`: not failed but not settled (an image cache building): look again soon;
 * - `error`: failed, and a later attempt may get past it: retry with per-key backoff;
 * - `terminal`: failed in a way retrying cannot fix (permission, a conflict, a refused prune): wait for a change.
 */
export type Requeue = 'success' | 'requeueAfter' | 'error' | 'terminal';

/** The consequence of each error class. Transient, or settled by a later look (a read racing a write). */
const REQUEUE_OF_CLASS: Record<ErrorClass, 'error' | 'terminal'> = {
  retryable: 'error',
  'not-found': 'error',
  'already-exists': 'error',
  terminal: 'terminal',
  conflict: 'terminal',
  permission: 'terminal',
};

/** A failure with no class did not come from a cloud call (a cache that failed to build, a wait that timed out): retried. */
export const requeueFor = (classification: ErrorClass | undefined): 'error' | 'terminal' =>
  classification === undefined ? 'error' : REQUEUE_OF_CLASS[classification];

export interface RequeueInput {
  outcome: OutcomeKind;
  action: ChangeAction;
  classification?: ErrorClass;
  /** The prune guard refused the pass: what it skipped needs a person, not a retry. */
  refused: boolean;
}

export function requeueOf({ outcome, action, classification, refused }: RequeueInput): Requeue {
  switch (outcome) {
    case 'created':
    case 'updated':
    case 'replaced':
    case 'deleted':
    case 'unchanged':
      return 'success';
    case 'pending':
      return 'requeueAfter';
    case 'suspended':
      // Nothing to do until the annotation is lifted, which is a manifest change.
      return 'success';
    case 'skipped':
      // Kept out of the manifests (no --prune, Retain): not ours to manage, nothing to retry.
      if (action === 'orphan') return 'success';
      // Skipped because a dependency failed: retried with it; refused by the prune guard: needs a person.
      return refused ? 'terminal' : 'error';
    case 'failed':
      // A same-name resource we do not own stays so until a person acts.
      return action === 'conflict' ? 'terminal' : requeueFor(classification);
  }
}
