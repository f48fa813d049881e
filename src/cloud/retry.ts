// Retries inside one call: a few quick attempts with exponential backoff and jitter, for
// `retryable` CloudErrors only; the daemon's per-key requeue is the second, slower layer.
//
// p-retry drives the loop (attempt counting, the retryable-only rule, abort); the wait between
// attempts is taken on the injected Clock in onFailedAttempt, with p-retry's own timer off
// (minTimeout 0). Handing the backoff to p-retry (minTimeout/factor/randomize) was weighed for
// issue 17 and cannot keep three properties the reconciler relies on:
// - One time source. p-retry waits on the global setTimeout; it has no clock option. The daemon hands
//   one Clock to the engine, and the provider uses it for the limiter's pacing, the STS session cache
//   and these waits; tests replace it with a ManualClock (test/cloud/retry.test.ts) or a clock that
//   never waits (instantClock in test/cloud/fixture.ts), so the adapter tests against the emulator
//   spend no real time on backoff. node:test's mock timers would replace the global setTimeout of the
//   whole test process instead, which also times the in-process emulator's latency faults
//   (src/emulator/gateway.ts) and the SDK's connect/read timeouts (httpx): an adapter test would stall
//   on the emulator or have to tick every one of those timers by hand.
// - x-acs-retry-after. p-retry's delay is a function of the attempt number alone
//   (minTimeout × factor^n, capped); a delay the server names per error cannot be expressed, so a
//   sleep in onFailedAttempt would still be needed, and p-retry's backoff would then come on top of it
//   (alibaba-chain.test checks the wait is exactly the server's figure).
// - Deterministic jitter. `randomize` calls Math.random; the equal jitter below takes `random`, so a
//   test states the exact delays (retry.test) instead of a range.
// The backoff itself is p-retry's `randomize` with minTimeout = baseDelayMs / 2 (a factor in [1, 2) on
// half the step: a delay in [step/2, step)), except that the step is capped before the jitter, so
// capped waits still spread; only where the wait happens differs.
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
  /** A further condition on retrying a `retryable` error (the caller knows the endpoint was never reached). */
  retryIf?: (error: CloudError) => boolean;
}

/** Equal jitter: half the exponential step is fixed, half random; a retry-after wins when given. */
export function backoffDelay(attempt: number, error: CloudError, policy: RetryPolicy, random: () => number): number {
  const after = error.details.retryAfterMs;
  if (after !== undefined) return Math.min(after, policy.maxRetryAfterMs);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

export async function withRetries<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const random = opts.random ?? Math.random;
  const isRetryable = (error: unknown): error is CloudError =>
    error instanceof CloudError && error.details.classification === 'retryable' && (opts.retryIf?.(error) ?? true);
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
