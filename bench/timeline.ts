// When each action ran during a pass, sampled from the in-process emulator's request log (an
// append-only array), so a slow case shows which phase took the time: e.g. whether caches were
// created while RAM writes were still going on, or only after them.
import { performance } from 'node:perf_hooks';
import type { LoggedRequest } from './admin.js';

/** `service:Action` → [first, last] call, in seconds since the pass's first call (start-up excluded). */
export type Phases = Record<string, [number, number]>;

export class RequestSampler {
  private seen = 0;
  private readonly phases: Phases = {};
  private timer: NodeJS.Timeout | undefined;
  private started = 0;

  constructor(
    private readonly log: () => readonly LoggedRequest[],
    private readonly everyMs = 100,
  ) {}

  start(): void {
    this.seen = this.log().length;
    this.started = performance.now();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  /** First to last call, in ms (0 when there was none). */
  spanMs(): number {
    const spans = Object.values(this.phases);
    if (spans.length === 0) return 0;
    return Math.round((Math.max(...spans.map(([, last]) => last)) - Math.min(...spans.map(([first]) => first))) * 1000);
  }

  stop(): Phases {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const origin = Math.min(...Object.values(this.phases).map(([first]) => first));
    const shift = (t: number) => Math.round((t - origin) * 10) / 10;
    return Object.fromEntries(
      Object.entries(this.phases)
        .sort(([, a], [, b]) => a[0] - b[0])
        .map(([key, [first, last]]) => [key, [shift(first), shift(last)]]),
    );
  }

  private sample(): void {
    const log = this.log();
    // The log may have been cleared by the admin API; then everything in it is new.
    if (log.length < this.seen) this.seen = 0;
    const at = Math.round((performance.now() - this.started) / 100) / 10;
    for (let i = this.seen; i < log.length; i += 1) {
      const r = log[i]!;
      const key = `${r.service ?? 'unknown'}:${r.action ?? 'unknown'}`;
      const span = this.phases[key];
      if (span) span[1] = at;
      else this.phases[key] = [at, at];
    }
    this.seen = log.length;
  }
}
