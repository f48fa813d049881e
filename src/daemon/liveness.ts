// Liveness that means something: /healthz fails when the work loop has work (keys queued or in
// flight) and has made no progress for `timeoutMs`. Progress is a key taken or finished, or any
// cloud call answered (even with an error or Throttling): a slow or failing cloud keeps the loop
// moving and is readiness's and the metrics' business; only a loop stuck beyond every timeout (a
// hung call, a deadlock) is what a restart fixes. Replaces a timer that beat on its own whether the
// loop moved or not.
import type { Clock } from '../runtime/clock.js';

export interface LivenessOptions {
  clock: Clock;
  timeoutMs: number;
  /** True while keys are queued or in flight. */
  busy: () => boolean;
}

export interface LivenessCheck {
  alive: boolean;
  busy: boolean;
  /** Time since the loop last moved (0 while idle: an idle loop is not stuck). */
  stalledSeconds: number;
  timeoutSeconds: number;
}

export class Liveness {
  private last: number;

  constructor(private readonly options: LivenessOptions) {
    this.last = options.clock.now();
  }

  /** The loop moved: a key was taken or finished, a cloud call was answered. */
  progress(): void {
    this.last = this.options.clock.now();
  }

  check(): LivenessCheck {
    const { clock, timeoutMs } = this.options;
    const busy = this.options.busy();
    if (!busy) this.last = clock.now();
    const stalledMs = clock.now() - this.last;
    return { alive: stalledMs <= timeoutMs, busy, stalledSeconds: stalledMs / 1000, timeoutSeconds: timeoutMs / 1000 };
  }
}
