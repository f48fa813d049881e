// The reconciler engine: observe → diff → plan → apply (→ wait) → outcomes, as data.
//
// Full pass (CLI `run --once`, the daemon's resync):
//   reconcileAll(desired, { provider, clock, prune?, maxDeletes?, dryRun?, wait?, waitTimeoutMs?,
//                           pollIntervalMs?, signal?, consistency?, onStep?, only? }) → PassReport
//     only: { keys, targets } plans and applies just those keys (`--target`; desired is the selection).
//     PassReport = { observed, plan, outcomes: KeyOutcome[], refused?, ok, writes, startedAt, finishedAt }
//
// One resource (the daemon's work queue):
//   reconcileKey(key, desired, options) → KeyOutcome | undefined   (undefined: key names no known account)
//     observes only the key's account, and in it only that role / policy / cache region, then applies
//     only that key's steps. Keys come from src/model/keys.ts (role/<acct>/<name>, policy/…, imagecache/<acct>/<region>/<manifest>).
//
// KeyOutcome.outcome is the closed vocabulary
//   created | updated | replaced | deleted | unchanged | failed | pending | skipped
// with `message` (one line for people), `error` ({ message, code, requestId, classification }) when
// failed, `writes` (write calls made for it in this pass), `action` (what the plan meant to do),
// and for caches `imageCacheId` and `status`. `pending`: a cache still building (requeue to poll);
// `skipped`: a dependency failed, the prune guard refused, or the resource is out of the manifests
// but kept (no --prune / deletionPolicy Retain). `requeue` is the engine's one decision of what a work
// loop does next (requeue.ts): success | requeueAfter (settling) | error (retry with backoff) |
// terminal (needs a human or a manifest change); callers interpret it, never the error class.
//
// The stages are also exported on their own: observe(desired, provider, { scope?, prune? }) → ObservedState;
// diff/plan (src/plan) are pure functions of (desired, observed); applyPlan(plan, options);
// executePlan(plan, observed, startedAt, options) → PassReport applies a plan made earlier (a saved
// plan, once the CLI has checked it is not stale), waits and folds the outcomes like a full pass.
export { reconcileAll, reconcileKey, executePlan, scopeFor, type EngineOptions, type PassReport } from './reconcile.js';
export { observe, type ObserveOptions, type ObserveScope } from './observe.js';
export { applyPlan, type ApplyOptions, type KeyApplyResult, type StepEvent } from './apply.js';
export { outcomes, type KeyOutcome, type OutcomeKind } from './outcomes.js';
export { requeueFor, requeueOf, type Requeue } from './requeue.js';
export { waitForCaches, type CacheToWatch, type WaitResult } from './wait.js';
export { diff } from '../plan/diff.js';
export { plan, hasChanges, DEFAULT_MAX_DELETES, type Plan, type PlanOptions } from '../plan/plan.js';
