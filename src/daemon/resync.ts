// The periodic full pass that catches drift nobody told us about (console edits, other tools).
// Jittered so that many daemons started together do not call the cloud APIs in lockstep.
import type { Clock } from '../runtime/clock.js';

export interface ResyncOptions {
  clock: Clock;
  intervalMs: number;
  onResync: () => void;
  /** Fraction of the interval the period may vary by in either direction. */
  jitter?: number;
  /** Injected for deterministic tests; returns [0, 1). */
  random?: () => number;
}

/** An interval spread uniformly over [interval × (1 − jitter), interval × (1 + jitter)). */
export function jittered(intervalMs: number, jitter: number, random: () => number): number {
  return Math.round(intervalMs * (1 - jitter + 2 * jitter * random()));
}

export class Resync {
  constructor(private readonly options: ResyncOptions) {}

  /** Triggers a resync every (jittered) interval until the signal aborts. */
  async start(signal: AbortSignal): Promise<void> {
    const { clock, intervalMs, onResync } = this.options;
    const jitter = this.options.jitter ?? 0.1;
    const random = this.options.random ?? Math.random;
    while (!signal.aborted) {
      try {
        await clock.sleep(jittered(intervalMs, jitter, random), signal);
      } catch {
        return; // aborted while sleeping
      }
      onResync();
    }
  }
}
