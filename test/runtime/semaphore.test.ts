// The one semaphore behind the cloud limiter and the engine's lanes (issue 17 item 6: the hand-off
// was written twice).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Semaphore } from '../../src/runtime/semaphore.js';
import { flush } from '../helpers/wait.js';

test('17.6: waiters of one rank are served in arrival order, and a release hands the slot on without exceeding the bound', async () => {
  const slots = new Semaphore(2);
  const holding: (() => void)[] = [];
  const order: number[] = [];
  const tasks = [1, 2, 3, 4, 5].map((n) => slots.acquire().then((release) => (order.push(n), holding.push(release))));
  await flush();
  assert.deepEqual(order, [1, 2], 'two slots, two holders');
  while (holding.length > 0) {
    holding.shift()!();
    await flush();
    assert.ok(holding.length <= 2, `at most two holders at once (now ${holding.length})`);
  }
  await Promise.all(tasks);
  assert.deepEqual(order, [1, 2, 3, 4, 5]);
});

test('17.6: a lower rank goes ahead of earlier waiters of a higher rank; equal ranks keep arrival order', async () => {
  const slots = new Semaphore(1);
  const first = await slots.acquire();
  const served: string[] = [];
  const waiters = [
    [5, 'a'],
    [1, 'b'],
    [5, 'c'],
    [1, 'd'],
  ].map(([rank, name]) => slots.acquire(rank as number).then((release) => (served.push(name as string), release())));
  first();
  await Promise.all(waiters);
  assert.deepEqual(served, ['b', 'd', 'a', 'c']);
});
