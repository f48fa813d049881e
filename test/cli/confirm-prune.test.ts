import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmBySecondRead } from '../../src/cli/confirm-prune.js';
import type { DigestedRead } from '../../src/manifests/digest.js';
import { ManualClock } from '../../src/runtime/clock.js';

const read = (b: string, changedWhileRead: string[] = []): DigestedRead => ({
  digests: new Map([
    ['a.yaml', 'a'],
    ['b.yaml', b],
  ]),
  changedWhileRead,
});

async function confirm(first: DigestedRead, second: DigestedRead | undefined) {
  const clock = new ManualClock();
  let rereadAt: number | undefined;
  const result = confirmBySecondRead({
    first,
    firstAt: clock.now(),
    reread: () => ((rereadAt = clock.now()), second),
    clock,
    intervalMs: 2_000,
    signal: new AbortController().signal,
  });
  // The second read waits for the interval on the injected clock.
  for (let i = 0; i < 10 && clock.pendingSleepers() === 0; i++) await Promise.resolve();
  const waited = clock.pendingSleepers() === 1;
  clock.advance(2_000);
  return { result: await result, waited, rereadAfterMs: rereadAt === undefined ? undefined : rereadAt - (clock.now() - 2_000) };
}

test('B8: run --once --prune deletes only when a second read 2 s later agrees file for file', async () => {
  const agreed = await confirm(read('full'), read('full'));
  assert.deepEqual(agreed.result.confirmed, true);
  assert.equal(agreed.waited, true, 'the second read waits on the clock');
  assert.equal(agreed.rereadAfterMs, 2_000);
});

test('B8: run --once --prune refuses when the second read differs (a file restored after a truncation)', async () => {
  const { result } = await confirm(read('empty'), read('full'));
  assert.equal(result.confirmed, false);
  assert.match(!result.confirmed ? result.reason : '', /b\.yaml changed since the previous read/);
});

test('B8: run --once --prune refuses when the second read is invalid, and at once when the first read was torn', async () => {
  const invalid = await confirm(read('full'), undefined);
  assert.match(!invalid.result.confirmed ? invalid.result.reason : '', /no longer valid/);
  const torn = await confirm(read('full', ['b.yaml']), read('full'));
  assert.match(!torn.result.confirmed ? torn.result.reason : '', /b\.yaml changed while being read/);
  assert.equal(torn.rereadAfterMs, undefined, 'a torn first read is refused without a second read');
});
