// The closed set of error classes the cloud adapter sorts every failed call into (src/cloud/classify.ts,
// by the structured Alibaba `Code` only). Kept here, below plan and cloud, so the plan's ErrorInfo and
// the cloud's CloudError carry the same union and no reader falls back to comparing strings.
// What each class means for a retry is decided once, in src/engine/requeue.ts.
export type ErrorClass = 'retryable' | 'terminal' | 'not-found' | 'already-exists' | 'conflict' | 'permission';

/** Every class, for exhaustive tables (tests, docs). */
export const errorClasses: readonly ErrorClass[] = ['retryable', 'terminal', 'not-found', 'already-exists', 'conflict', 'permission'];
