import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, type Outcome } from '../../src/daemon/controller.js';
import { WorkQueue } from '../../src/daemon/work-queue.js';
import type { ReconcileResult } from '../../src/daemon/metrics.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { silentLogger } from '../../src/runtime/logger.js';
import { flush, until } from '../helpers/wait.js';


function setup(reconcile: (key: string) => Promise<Outcome>, concurrency = 2) {
  const clock = new ManualClock();
  const queue = new WorkQueue(clock, { baseMs: 1_000, maxMs: 8_000 });
  const counts: Partial<Record<ReconcileResult, number>> = {};
  const stop = new AbortController();
  const controller = new Controller({
    queue,
    reconcile,
    concurrency,
    logger: silentLogger,
    count: (r) => void (counts[r] = (counts[r] ?? 0) + 1),
  });
  const running = controller.start(stop.signal);
  return { clock, queue, counts, stop, running };
}

test('success, requeueAfter, error, terminal and a throw are each interpreted and counted once', async () => {
  const outcomes: Record<string, () => Promise<Outcome>> = {
    ok: async () => ({ kind: 'success' }),
    pending: async () => ({ kind: 'requeueAfter', afterMs: 5_000 }),
    failing: async () => ({ kind: 'error', error: new Error('Throttling') }),
    denied: async () => ({ kind: 'terminal', error: new Error('NoPermission') }),
    buggy: async () => {
      throw new TypeError('bug');
    },
  };
  const { queue, counts, stop, running } = setup((key) => outcomes[key]!());
  for (const key of Object.keys(outcomes)) queue.add(key);
  await until(() => Object.values(counts).reduce((a, b) => a + b, 0) === 5, 'five outcomes');
  assert.deepEqual(counts, { success: 1, requeue_after: 1, error: 1, terminal_error: 1, panic: 1 });
  assert.equal(queue.failuresOf('failing'), 1);
  assert.equal(queue.failuresOf('buggy'), 1, 'a throw is retried with backoff');
  assert.equal(queue.failuresOf('denied'), 0, 'terminal errors are not retried');
  assert.equal(queue.delayed(), 3, 'pending, failing and buggy wait on the clock');
  stop.abort();
  await running;
});

test('a failing key is retried with exponential backoff on the clock and forgotten after success', async () => {
  let calls = 0;
  const { clock, queue, counts, stop, running } = setup(async () => {
    calls += 1;
    return calls < 3 ? { kind: 'error', error: new Error('ServiceUnavailable') } : { kind: 'success' };
  });
  queue.add('k');
  await until(() => calls === 1, 'first attempt');
  clock.advance(999);
  await flush();
  assert.equal(calls, 1, 'no retry before the first backoff (1s) elapsed');
  clock.advance(1);
  await until(() => calls === 2, 'retry after 1s');
  clock.advance(1_999);
  await flush();
  assert.equal(calls, 2, 'the second backoff is 2s');
  clock.advance(1);
  await until(() => calls === 3, 'retry after 2s');
  await until(() => counts.success === 1, 'success counted');
  assert.equal(queue.failuresOf('k'), 0);
  clock.advance(60_000);
  await flush();
  assert.equal(calls, 3, 'a converged key is not retried');
  stop.abort();
  await running;
});

test('requeueAfter polls the key again after the interval until it settles', async () => {
  let calls = 0;
  const { clock, queue, stop, running } = setup(async () => {
    calls += 1;
    return calls < 3 ? { kind: 'requeueAfter', afterMs: 10_000 } : { kind: 'success' };
  });
  queue.add('imagecache/1/cn/c');
  await until(() => calls === 1, 'first look');
  clock.advance(10_000);
  await until(() => calls === 2, 'second look');
  clock.advance(10_000);
  await until(() => calls === 3, 'third look');
  clock.advance(60_000);
  await flush();
  assert.equal(calls, 3);
  stop.abort();
  await running;
});

test('never more than `concurrency` reconciles at once, and one key is never reconciled twice at once', async () => {
  let active = 0;
  let maxActive = 0;
  const activeKeys = new Set<string>();
  let overlap = false;
  const releases: (() => void)[] = [];
  let done = 0;
  const { queue, stop, running } = setup(async (key) => {
    if (activeKeys.has(key)) overlap = true;
    activeKeys.add(key);
    active += 1;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((resolve) => releases.push(resolve));
    active -= 1;
    activeKeys.delete(key);
    done += 1;
    return { kind: 'success' };
  }, 3);
  for (const key of ['a', 'b', 'c', 'd', 'e']) queue.add(key);
  await until(() => active === 3, 'three in flight');
  queue.add('a'); // re-added while in flight: runs again after, not alongside
  while (done < 6) {
    await until(() => releases.length > 0, 'a reconcile waiting');
    releases.shift()!();
    await flush();
  }
  assert.equal(maxActive, 3);
  assert.equal(overlap, false);
  assert.equal(done, 6, 'a ran twice, the others once');
  stop.abort();
  await running;
});

test('abort stops taking work but lets the in-flight reconcile finish before start() resolves', async () => {
  let release!: () => void;
  let finished = false;
  const { queue, stop, running } = setup(async () => {
    await new Promise<void>((resolve) => (release = resolve));
    finished = true;
    return { kind: 'success' };
  }, 1);
  queue.add('slow');
  queue.add('next');
  await until(() => release !== undefined, 'slow in flight');
  stop.abort();
  let stopped = false;
  void running.then(() => (stopped = true));
  await flush();
  assert.equal(stopped, false, 'start() waits for the in-flight key');
  release();
  await running;
  assert.equal(finished, true);
  assert.equal(queue.length(), 0, 'queued work was dropped, not started');
});
