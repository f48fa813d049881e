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
 * The server-side limits we assume, per account (Alibaba publishes a few, e.g. CreateImageCache
 * 200/min and STS AssumeRole 100/s; RAM publishes none, 20/s is our conservative guess). The client paces UNDER them, never at them.
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

/**
 * Why a call is made. `foreground`: a manifest edit, start-up, a detected drift, `run --once`: the
 * whole budget. `background`: the daemon's resyncs and cache polls, which a person is not waiting
 * for and which share the account's quota with everything else in it (console, Terraform).
 */
export type Priority = 'foreground' | 'background';

/** `--background-quota-share`'s default: background reads use at most a quarter of each rate. */
export const DEFAULT_BACKGROUND_SHARE = 0.25;

/** Reads are paced by the share; any other action changes something, and changes get the full budget. */
const READ_ACTION = /^(Get|List|Describe)/;

/** The priority a call is paced at: background only for a read made by background work. */
export const callPriority = (work: Priority, action: string): Priority => (work === 'background' && READ_ACTION.test(action) ? 'background' : 'foreground');

/**
 * The extra bucket background calls take from before the service's own: `share` of its rate, one
 * call of burst. What a server-side window may see of background work is the share of the rate plus
 * the share of the burst (`backgroundAllowance`); pacing with the smallest burst leaves the rest as
 * headroom for delivery jitter, as RATE_HEADROOM does for the server's limit: calls sent paced can
 * arrive bunched.
 */
export function backgroundRate(rate: RateLimit, share: number): RateLimit {
  return { perSecond: rate.perSecond * share, burst: 1 };
}

/** Background calls a server may see in any one second: ⌊share × rate + ⌈share × burst⌉⌋ (documented in docs/reconciler.md). */
export function backgroundAllowance(rate: RateLimit, share: number): number {
  return Math.floor(rate.perSecond * share + Math.ceil(rate.burst * share));
}

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

/**
 * Limits for one account × service. Every call takes a token of the service's bucket; a background
 * call first takes one of a second bucket that refills at `backgroundShare` of that rate, so
 * background work never exceeds its share while foreground work may use the whole rate (and keeps
 * priority: a background call also needs a token of the shared bucket).
 */
export class ServiceLimiter {
  private readonly slots: Semaphore;
  private readonly bucket: TokenBucket;
  private readonly background: TokenBucket;
  private readonly actionBuckets = new Map<string, TokenBucket>();

  constructor(limits: ServiceLimits, clock: Clock, backgroundShare = DEFAULT_BACKGROUND_SHARE) {
    if (!(backgroundShare > 0 && backgroundShare <= 1)) throw new RangeError(`background share must be in (0, 1], not ${backgroundShare}`);
    this.slots = new Semaphore(Math.max(1, limits.concurrency));
    this.bucket = new TokenBucket(limits.rate, clock);
    this.background = new TokenBucket(backgroundRate(limits.rate, backgroundShare), clock);
    for (const [action, rate] of Object.entries(limits.actions ?? {})) this.actionBuckets.set(action, new TokenBucket(rate, clock));
  }

  async run<T>(action: string, fn: () => Promise<T>, signal?: AbortSignal, priority: Priority = 'foreground'): Promise<T> {
    // Before a concurrency slot: a background call waiting for its share must not hold a slot a
    // foreground call could use.
    if (priority === 'background') await this.background.take(signal);
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
