import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from '../../src/daemon/work-queue.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { flush } from '../helpers/wait.js';

test('a key added several times before it is taken is queued once', async () => {
  const queue = new WorkQueue(new ManualClock());
  queue.add('a');
  queue.add('b');
  queue.add('a');
  queue.add('a');
  assert.equal(queue.length(), 2);
  assert.equal(await queue.get(), 'a');
  assert.equal(await queue.get(), 'b');
  assert.equal(queue.length(), 0);
});

test('a key re-added while in flight is not handed out again until done, then once', async () => {
  const queue = new WorkQueue(new ManualClock());
  queue.add('a');
  const first = await queue.get();
  assert.equal(first, 'a');
  queue.add('a');
  queue.add('a');
  assert.equal(queue.length(), 0, 'the in-flight key must not be queued a second time');
  queue.done('a');
  assert.equal(queue.length(), 1);
  assert.equal(await queue.get(), 'a');
  queue.done('a');
  assert.equal(queue.length(), 0);
});

test('a waiting getter receives the next added key', async () => {
  const queue = new WorkQueue(new ManualClock());
  const pending = queue.get();
  queue.add('x');
  assert.equal(await pending, 'x');
  assert.equal(queue.inFlight(), 1);
});

test('addAfter adds the key only once the clock passes the delay, keeping the earliest delay', async () => {
  const clock = new ManualClock();
  const queue = new WorkQueue(clock);
  queue.addAfter('a', 10_000);
  queue.addAfter('a', 3_000);
  queue.addAfter('a', 20_000);
  assert.equal(queue.delayed(), 1);
  clock.advance(2_999);
  await flush();
  assert.equal(queue.length(), 0);
  clock.advance(1);
  await flush();
  assert.equal(queue.length(), 1);
  assert.equal(queue.delayed(), 0);
  assert.equal(await queue.get(), 'a');
  queue.done('a');
  clock.advance(60_000);
  await flush();
  assert.equal(queue.length(), 0, 'the superseded longer delays must not fire');
});

test('per-key backoff doubles after each failure up to the cap and resets on forget', () => {
  const queue = new WorkQueue(new ManualClock(), { baseMs: 1_000, maxMs: 10_000 });
  const delays = [1, 2, 3, 4, 5, 6].map(() => queue.addRateLimited('k'));
  assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  assert.equal(queue.failuresOf('k'), 6);
  assert.equal(queue.addRateLimited('other'), 1_000, 'backoff is per key');
  queue.forget('k');
  assert.equal(queue.failuresOf('k'), 0);
  assert.equal(queue.addRateLimited('k'), 1_000);
});

test('shutDown stops handing out work: waiting getters get undefined, delayed and new adds are dropped', async () => {
  const clock = new ManualClock();
  const queue = new WorkQueue(clock);
  const waiting = queue.get();
  queue.addAfter('later', 1_000);
  queue.shutDown();
  assert.equal(await waiting, undefined);
  queue.add('new');
  clock.advance(5_000);
  await flush();
  assert.equal(queue.length(), 0);
  assert.equal(await queue.get(), undefined);
});
