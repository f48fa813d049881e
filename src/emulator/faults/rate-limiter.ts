// Token buckets on the WALL clock: requests arrive in real time, so a limit such as
// CreateImageCache 200/min must be measured in real time even while emulated time jumps.
import type { CallFacts } from '../contracts.js';
import type { RateLimit } from './config.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limits: readonly RateLimit[]) {}

  /** Takes one token from every bucket the call falls under; refuses if any is empty. */
  take(call: CallFacts, wallNow: number): RateVerdict {
    const applicable = this.limits
      .map((limit, index) => ({ limit, key: bucketKey(limit, index, call) }))
      .filter(({ limit }) => matches(limit, call));
    let retryAfterMs = 0;
    for (const { limit, key } of applicable) {
      const bucket = this.refill(key, limit, wallNow);
      if (bucket.tokens < 1) retryAfterMs = Math.max(retryAfterMs, Math.ceil(((1 - bucket.tokens) * limit.intervalMs) / limit.limit));
    }
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    for (const { key } of applicable) this.buckets.get(key)!.tokens -= 1;
    return { allowed: true };
  }

  private refill(key: string, limit: RateLimit, wallNow: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: limit.limit, updatedAt: wallNow };
    const elapsed = Math.max(0, wallNow - bucket.updatedAt);
    bucket.tokens = Math.min(limit.limit, bucket.tokens + (elapsed * limit.limit) / limit.intervalMs);
    bucket.updatedAt = wallNow;
    this.buckets.set(key, bucket);
    return bucket;
  }
}

function matches(limit: RateLimit, call: CallFacts): boolean {
  return (limit.service === undefined || limit.service === call.service) && (limit.action === undefined || limit.action === call.action);
}

/** One bucket per account and limit; a limit naming no action is shared by all actions it covers. */
function bucketKey(limit: RateLimit, index: number, call: CallFacts): string {
  return `${index}|${call.accountId}|${limit.action === undefined ? '*' : call.action}`;
}
