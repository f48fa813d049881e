// The closed set of error classes the cloud adapter sorts every failed call into (src/cloud/classify.ts,
// by the structured Alibaba `Code` only). Kept here, below plan and cloud, so the plan's ErrorInfo and
// the cloud's CloudError carry the same union and no reader falls back to comparing strings.
// What each class means for a retry is decided once, in src/engine/requeue.ts.
// The list is the union by construction, so a table test over it covers every class.
export const errorClasses = ['retryable', 'terminal', 'not-found', 'already-exists', 'conflict', 'permission'] as const;
export type ErrorClass = (typeof errorClasses)[number];
