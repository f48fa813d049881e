// SIGKILL at a seeded random moment of apply (a fresh CLI child process per seed), then run again:
// converges with no duplicates. Seeds 1–10 of the 20; the other half runs in a sibling file so the
// two halves run in parallel (each seed's cost is mostly the child's start-up).
import { test } from 'node:test';
import { crashRepetitions } from './crash-harness.js';

test('SIGKILL during apply, then rerun: converges without duplicates (seeds 1–10)', { timeout: 300_000 }, async () => {
  await crashRepetitions(1, 10);
});
