// Emulated time: the wall clock plus an offset that only the admin API (or a test) moves forward.
// Signature freshness checks never use it: clients sign with their own wall clock.

export interface EmulatorClock {
  now(): number;
  advance(ms: number): void;
}

export function createEmulatorClock(wall: () => number = Date.now): EmulatorClock {
  let offset = 0;
  return {
    now: () => wall() + offset,
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a non-negative number');
      offset += ms;
    },
  };
}
