// Client-side limits per account × service: a concurrency bound and a token bucket, plus an
// optional per-action bucket (CreateImageCache is documented at 200/min). Time comes from the
// injected Clock. Small enough to own rather than add a dependency.
import type { Clock } from '../runtime/clock.js';
import { Semaphore } from '../runtime/semaphore.js';

export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: how many calls may go at once after a quiet period. */
  burst: number;
}

export interface ServiceLimits {
  concurrency: number;
  rate: RateLimit;
  /** Extra buckets for single actions, e.g. `{ CreateImageCache: { perSecond: 200 / 60, burst: 10 } }`. */
  actions?: Record<string, RateLimit>;
}

export type Limits = Record<'ram' | 'sts' | 'eci' | 'cr', ServiceLimits>;

/**
 * The server-side limits we assume, per account (alibaba-openapi.md §8; RAM publishes none, 20/s is
 * our conservative guess). The client paces UNDER them, never at them.
 */
export const assumedServerLimits = {
  ram: 20,
  sts: 100,
  eciCreateImageCache: 200 / 60,
  eciUpdateImageCache: 500 / 60,
} as const;

/**
 * Headroom. Calls leave the client paced but reach the server after latency and scheduling jitter,
 * so a client bucket running exactly at the server's rate with a full second of burst lets the
 * server's window see one call too many now and then (Throttling.User, then a backoff that costs more
 * than the headroom). Pacing at 90 % of the rate with a burst of a few calls keeps the server's
 * bucket from ever running dry: it only has to absorb `CLIENT_BURST` calls plus the jitter.
 */
export const RATE_HEADROOM = 0.9;
export const CLIENT_BURST = 5;

const under = (serverPerSecond: number): RateLimit => ({ perSecond: serverPerSecond * RATE_HEADROOM, burst: CLIENT_BURST });

export const defaultLimits: Limits = {
  ram: { concurrency: 8, rate: under(assumedServerLimits.ram) },
  // Half of AssumeRole's 100/s already; a pass makes one STS call per account.
  sts: { concurrency: 8, rate: { perSecond: 50, burst: CLIENT_BURST } },
  // 10/s sits below every ECI read/delete limit; the two write limits below it get their own buckets.
  eci: {
    concurrency: 4,
    rate: { perSecond: 10, burst: CLIENT_BURST },
    actions: { CreateImageCache: under(assumedServerLimits.eciCreateImageCache), UpdateImageCache: under(assumedServerLimits.eciUpdateImageCache) },
  },
  // ACR publishes no per-API limits; reads only, a few per pass, paced like ECI's reads.
  cr: { concurrency: 4, rate: { perSecond: 10, burst: CLIENT_BURST } },
};

/** Merges partial overrides onto the defaults, per service. */
export function resolveLimits(overrides?: Partial<Record<keyof Limits, Partial<ServiceLimits>>>): Limits {
  const out = { ...defaultLimits };
  for (const key of Object.keys(out) as (keyof Limits)[]) {
    const o = overrides?.[key];
    if (o) out[key] = { ...out[key], ...o, actions: { ...out[key].actions, ...o.actions } };
  }
  return out;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  // Waiters are served strictly in arrival order by chaining on this promise.
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {
    this.tokens = limit.burst;
    this.last = clock.now();
  }

  take(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.waitForToken(signal));
    // A rejected (aborted) waiter must not block the ones behind it.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      const waitMs = Math.ceil(((1 - this.tokens) / this.limit.perSecond) * 1000);
      await this.clock.sleep(waitMs, signal);
      this.refill();
    }
    this.tokens -= 1;
  }
}

/** Limits for one account × service. */
export class ServiceLimiter {
  private readonly slots: Semaphore;
  private readonly bucket: TokenBucket;
  private readonly actionBuckets = new Map<string, TokenBucket>();

  constructor(limits: ServiceLimits, clock: Clock) {
    this.slots = new Semaphore(Math.max(1, limits.concurrency));
    this.bucket = new TokenBucket(limits.rate, clock);
    for (const [action, rate] of Object.entries(limits.actions ?? {})) this.actionBuckets.set(action, new TokenBucket(rate, clock));
  }

  async run<T>(action: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.slots.acquire();
    try {
      await this.actionBuckets.get(action)?.take(signal);
      await this.bucket.take(signal);
      return await fn();
    } finally {
      release();
    }
  }
}
