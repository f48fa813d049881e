// A level-triggered queue of keys, after controller-runtime's workqueue: a key is queued at most
// once (dedup), handed to at most one worker at a time, and a key re-added while in flight is
// processed again once that worker calls done(). Delays and per-key backoff run on the injected
// Clock so tests move time instead of waiting for it.
import type { Clock } from '../runtime/clock.js';

export interface BackoffPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** Cap: a key that keeps failing is retried at this interval. */
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

interface Waiting {
  readyAt: number;
  cancel: AbortController;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  /** Keys that need processing (queued, or re-added while in flight). */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly failures = new Map<string, number>();
  private getters: ((key: string | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(
    private readonly clock: Clock,
    private readonly backoff: BackoffPolicy = defaultBackoff,
  ) {}

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    // An in-flight key is pushed again by done(), so two workers never hold the same key.
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Adds the key after `ms`; of several pending delays for one key only the earliest is kept. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const readyAt = this.clock.now() + ms;
    const existing = this.waiting.get(key);
    if (existing && existing.readyAt <= readyAt) return;
    existing?.cancel.abort();
    const entry: Waiting = { readyAt, cancel: new AbortController() };
    this.waiting.set(key, entry);
    this.clock.sleep(ms, entry.cancel.signal).then(
      () => {
        if (this.waiting.get(key) !== entry) return;
        this.waiting.delete(key);
        this.add(key);
      },
      () => undefined, // cancelled: superseded by an earlier delay, or shut down
    );
  }

  /** Counts a failure and re-adds the key after an exponential, capped delay; returns the delay. */
  addRateLimited(key: string): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    const delay = Math.min(this.backoff.baseMs * 2 ** failures, this.backoff.maxMs);
    this.addAfter(key, delay);
    return delay;
  }

  /** Resets the key's backoff (after a success or a terminal outcome). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Next key to process, or undefined once the queue is shut down. */
  get(): Promise<string | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) return Promise.resolve(this.claim(key));
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** The worker finished `key`; if it was re-added meanwhile it is queued again now. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) this.push(key);
  }

  /** Stops handing out work: waiting getters receive undefined, delayed adds are dropped. */
  shutDown(): void {
    this.shuttingDown = true;
    this.queue.length = 0;
    for (const entry of this.waiting.values()) entry.cancel.abort();
    this.waiting.clear();
    const getters = this.getters;
    this.getters = [];
    for (const resolve of getters) resolve(undefined);
  }

  /** Keys queued and ready now (not in flight, not delayed). */
  length(): number {
    return this.queue.length;
  }

  inFlight(): number {
    return this.processing.size;
  }

  delayed(): number {
    return this.waiting.size;
  }

  private push(key: string): void {
    const getter = this.getters.shift();
    if (getter) return getter(this.claim(key));
    this.queue.push(key);
  }

  private claim(key: string): string {
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }
}
