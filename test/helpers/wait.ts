// How tests wait, written once. Code under test runs on an injected ManualClock, so a test never
// sleeps for the behaviour it checks; what it waits for is the event loop (promise chains, I/O
// callbacks) to catch up. Every wait has a real-time deadline, so a hang fails the test with a message
// naming what never happened instead of stalling the run until the runner's timeout.
import type { ManualClock } from '../../src/runtime/clock.js';

/** One turn of the event loop, or `everyMs` of real time: lets pending callbacks run. */
export function pause(everyMs = 0): Promise<void> {
  return new Promise<void>((resolve) => (everyMs > 0 ? setTimeout(resolve, everyMs) : setImmediate(resolve)));
}

/** `turns` turns of the event loop: enough for a short promise chain on a ManualClock to settle. */
export async function flush(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await pause();
}

/**
 * Polls `probe` until it returns something other than `undefined` or `false`, and returns that. Fails
 * after `timeoutMs` of real time, naming `what`. `everyMs` 0 polls once per event-loop turn (for work
 * that only needs promise callbacks); the default leaves room for real I/O.
 */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(everyMs);
  }
}

/** waitFor for code that moves on promise callbacks alone (a ManualClock test): looks every turn. */
export function until(check: () => boolean, what: string, timeoutMs = 2_000): Promise<true> {
  return waitFor(() => check() || undefined, what, timeoutMs, 0) as Promise<true>;
}

export interface DriveOptions {
  /** How far the clock moves each time the code under test sleeps on it. */
  stepMs: number;
  /** Real time before a run that never settles fails the test. */
  timeoutMs?: number;
  /** Real time between looks (0: one event-loop turn). */
  everyMs?: number;
}

/**
 * Runs `run` to the end on a ManualClock: whenever the code under test is parked in a sleep, the
 * clock moves `stepMs`. Returns what `run` returns (or throws what it throws).
 */
export async function driveClock<T>(clock: ManualClock, run: Promise<T>, options: DriveOptions): Promise<T> {
  const { stepMs, timeoutMs = 30_000, everyMs = 5 } = options;
  let settled = false;
  void run.then(
    () => (settled = true),
    () => (settled = true),
  );
  await waitFor(
    () => {
      if (!settled && clock.pendingSleepers() > 0) clock.advance(stepMs);
      return settled;
    },
    `the run to settle on the manual clock (${stepMs} ms steps)`,
    timeoutMs,
    everyMs,
  );
  return run;
}
