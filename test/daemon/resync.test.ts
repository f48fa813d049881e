import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resync, jittered } from '../../src/daemon/resync.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { flush } from '../helpers/wait.js';

test('jittered spreads the interval over ±jitter', () => {
  assert.equal(jittered(300_000, 0.1, () => 0), 270_000);
  assert.equal(jittered(300_000, 0.1, () => 0.5), 300_000);
  assert.equal(jittered(300_000, 0.1, () => 0.999999), 330_000);
});

test('resync triggers once per jittered interval on the injected clock and stops on abort', async () => {
  const clock = new ManualClock();
  const randoms = [0, 0.999999, 0.5];
  let resyncs = 0;
  const stop = new AbortController();
  const running = new Resync({
    clock,
    intervalMs: 60_000,
    onResync: () => void (resyncs += 1),
    random: () => randoms.shift() ?? 0.5,
  }).start(stop.signal);
  await flush();
  clock.advance(53_999);
  await flush();
  assert.equal(resyncs, 0, 'not before interval × 0.9');
  clock.advance(1);
  await flush();
  assert.equal(resyncs, 1);
  clock.advance(65_999);
  await flush();
  assert.equal(resyncs, 1, 'the second period is interval × 1.1');
  clock.advance(1);
  await flush();
  assert.equal(resyncs, 2);
  stop.abort();
  await running;
  clock.advance(600_000);
  await flush();
  assert.equal(resyncs, 2, 'no resync after abort');
  assert.equal(clock.pendingSleepers(), 0);
});
