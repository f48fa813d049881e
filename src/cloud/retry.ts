// Retries inside one call: a few quick attempts with exponential backoff and jitter, for
// `retryable` CloudErrors only; the daemon's per-key requeue is the second, slower layer.
// p-retry drives the loop (attempt counting, give-up rules); its own setTimeout backoff is
// switched off (minTimeout 0) because it cannot take a clock: the wait happens in
// onFailedAttempt through the injected Clock, so tests advance a ManualClock instead of sleeping.
import pRetry from 'p-retry';
import type { Clock } from '../runtime/clock.js';
import { CloudError } from './provider.js';

export interface RetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on an honoured x-acs-retry-after. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 30_000 };

export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  error: CloudError;
}

export interface RetryOptions {
  policy: RetryPolicy;
  clock: Clock;
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
  /** Injected for deterministic tests; returns [0, 1). */
  random?: () => number;
}

/** Equal jitter: half the exponential step is fixed, half random; a retry-after wins when given. */
export function backoffDelay(attempt: number, error: CloudError, policy: RetryPolicy, random: () => number): number {
  const after = error.details.retryAfterMs;
  if (after !== undefined) return Math.min(after, policy.maxRetryAfterMs);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

function isRetryable(error: unknown): error is CloudError {
  return error instanceof CloudError && error.details.classification === 'retryable';
}

export async function withRetries<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const random = opts.random ?? Math.random;
  return pRetry(fn, {
    retries: Math.max(0, opts.policy.attempts - 1),
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    ...(opts.signal ? { signal: opts.signal } : {}),
    shouldRetry: ({ error }) => isRetryable(error),
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      if (!isRetryable(error) || retriesLeft <= 0) return;
      const delayMs = backoffDelay(attemptNumber, error, opts.policy, random);
      opts.onRetry?.({ attempt: attemptNumber, delayMs, error });
      if (delayMs > 0) await opts.clock.sleep(delayMs, opts.signal);
    },
  });
}
