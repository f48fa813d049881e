// A seeded generator for the fleet: the same seed must give the same fleet on every machine, so a
// figure measured today can be compared with one measured after an engine change.

/** The emulator's mulberry32: small, fast, and good enough to pick cases and names. */
export { mulberry32 as seededRandom } from '../src/emulator/faults/prng.js';

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
