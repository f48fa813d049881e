// Every SDK call of an account goes through one runner: client-side limits per attempt,
// classification into CloudError, call events, and retries of retryable failures.
import type { Clock } from '../../runtime/clock.js';
import { isUnreachable, toCloudError, type CallContext, type Service } from '../classify.js';
import { callPriority, type Priority, type ServiceLimiter } from '../limiter.js';
import { withRetries, type RetryPolicy } from '../retry.js';
import type { ErrorClass } from '../provider.js';

/** How an attempt ended: `throttled` for a Throttling code, `error` for any other failure. */
export const callOutcomes = ['ok', 'throttled', 'error'] as const;
export type CallOutcome = (typeof callOutcomes)[number];

export interface CallEvent {
  service: Service;
  action: string;
  accountName: string;
  outcome: CallOutcome;
  /** The Alibaba or transport code of a failed attempt. */
  code?: string;
  durationMs: number;
}

export interface RetryNotice {
  service: Service;
  action: string;
  accountName: string;
  /** The attempt that failed, 1-based; the next one starts after `delayMs`. */
  attempt: number;
  delayMs: number;
  code: string;
  classification: ErrorClass;
  /** The server's x-acs-retry-after (ms) when it sent one; `delayMs` is this value, capped. */
  retryAfterMs?: number;
  /** Redacted CloudError message. */
  message: string;
}

export type Runner = <T>(ctx: CallContext, fn: () => Promise<T>) => Promise<T>;

export interface RunnerOptions {
  accountName: string;
  limiters: Record<Service, ServiceLimiter>;
  clock: Clock;
  retry: RetryPolicy;
  onCall?: (event: CallEvent) => void;
  onRetry?: (notice: RetryNotice) => void;
  signal?: AbortSignal;
  random?: () => number;
  /** Why this runner's calls are made (default foreground); reads of background work are paced by the share. */
  priority?: Priority;
}

export function makeRunner(o: RunnerOptions): Runner {
  // Whether any call of this account has had an answer yet. Until one has, a refused connection, an
  // unknown host or a timeout means a wrong or dead endpoint, not a blip: the account fails on its
  // first call after one attempt (issue 14, finding 3) instead of backing off for a quarter minute.
  // Once the endpoint has answered, the same errors are transient and retried as usual.
  let answered = false;
  const attempt = async <T>(ctx: CallContext, fn: () => Promise<T>): Promise<T> => {
    const start = o.clock.now();
    const event = (outcome: CallEvent['outcome'], code?: string) =>
      o.onCall?.({ service: ctx.service, action: ctx.action, accountName: o.accountName, outcome, ...(code ? { code } : {}), durationMs: o.clock.now() - start });
    try {
      const result = await fn();
      answered = true;
      event('ok');
      return result;
    } catch (error) {
      const cloudError = toCloudError(error, ctx);
      if (cloudError.details.statusCode !== undefined) answered = true;
      event(cloudError.details.code.includes('Throttling') ? 'throttled' : 'error', cloudError.details.code);
      throw cloudError;
    }
  };
  const work = o.priority ?? 'foreground';
  return (ctx, fn) =>
    withRetries(() => o.limiters[ctx.service].run(ctx.action, () => attempt(ctx, fn), o.signal, callPriority(work, ctx.action)), {
      policy: o.retry,
      clock: o.clock,
      retryIf: (error) => answered || !isUnreachable(error),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.random ? { random: o.random } : {}),
      onRetry: ({ attempt: n, delayMs, error }) =>
        o.onRetry?.({
          service: ctx.service,
          action: ctx.action,
          accountName: o.accountName,
          attempt: n,
          delayMs,
          code: error.details.code,
          classification: error.details.classification,
          ...(error.details.retryAfterMs !== undefined ? { retryAfterMs: error.details.retryAfterMs } : {}),
          message: error.message,
        }),
    });
}

/**
 * The STS calls that obtain an Account's credentials on the way to a resource call. Their failure
 * (the reconciler's own role deleted: `EntityNotExist.Role`) says nothing about the resource, so a
 * tolerated "not found" must never swallow it: a Get would read "absent", a Delete "done".
 */
const CREDENTIAL_EXCHANGES = new Set(['AssumeRole', 'AssumeRoleWithOIDC']);

/** Runs a call and maps the listed classifications/codes of the call's own failure to a value instead of an error. */
export async function tolerate<T, D>(call: Promise<T>, accept: (code: string, cls: ErrorClass) => boolean, value: D): Promise<T | D> {
  try {
    return await call;
  } catch (error) {
    const details = (error as { details?: { code: string; classification: ErrorClass; action?: string } }).details;
    if (details && !CREDENTIAL_EXCHANGES.has(details.action ?? '') && accept(details.code, details.classification)) return value;
    throw error;
  }
}
