import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, withRetries, type RetryEvent } from '../../src/cloud/retry.js';
import { CloudError, type ErrorClass } from '../../src/cloud/provider.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { driveClock } from '../helpers/wait.js';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 30_000 };
const err = (classification: ErrorClass, retryAfterMs?: number) =>
  new CloudError(`ram X: ${classification}`, { classification, code: classification === 'retryable' ? 'Throttling.User' : 'NoPermission', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

/** Moves the clock a minute whenever the code under test parks in a sleep. */
const STEP = { stepMs: 60_000, everyMs: 0 };

test('retryable errors are retried with backoff on the injected clock, then succeed', async () => {
  const clock = new ManualClock();
  const events: RetryEvent[] = [];
  let calls = 0;
  const start = clock.now();
  const p = withRetries(
    async () => {
      calls += 1;
      if (calls < 3) throw err('retryable');
      return 'ok';
    },
    { policy, clock, random: () => 0.5, onRetry: (e) => events.push(e) },
  );
  assert.equal(await driveClock(clock, p, STEP), 'ok');
  assert.equal(calls, 3);
  assert.deepEqual(events.map((e) => [e.attempt, e.delayMs]), [[1, 75], [2, 150]]);
  assert.ok(clock.now() > start, 'the wait happened on the manual clock');
});

test('non-retryable errors are thrown at once without a retry', async () => {
  for (const cls of ['terminal', 'permission', 'not-found', 'already-exists', 'conflict'] as const) {
    let calls = 0;
    const events: RetryEvent[] = [];
    await assert.rejects(
      withRetries(async () => {
        calls += 1;
        throw err(cls);
      }, { policy, clock: new ManualClock(), onRetry: (e) => events.push(e) }),
      (e: unknown) => e instanceof CloudError && e.details.classification === cls,
    );
    assert.equal(calls, 1, cls);
    assert.equal(events.length, 0);
  }
});

test('gives up after the configured number of attempts with the last error', async () => {
  const clock = new ManualClock();
  let calls = 0;
  const p = withRetries(async () => {
    calls += 1;
    throw err('retryable');
  }, { policy: { ...policy, attempts: 3 }, clock, random: () => 0 });
  await assert.rejects(driveClock(clock, p, STEP), (e: unknown) => e instanceof CloudError && e.details.classification === 'retryable');
  assert.equal(calls, 3);
});

test('backoffDelay grows exponentially with jitter, is capped, and honours a capped retry-after', () => {
  assert.equal(backoffDelay(1, err('retryable'), policy, () => 0), 50);
  assert.equal(backoffDelay(1, err('retryable'), policy, () => 0.999), 100);
  assert.equal(backoffDelay(3, err('retryable'), policy, () => 1), 400);
  assert.equal(backoffDelay(10, err('retryable'), policy, () => 1), 1000);
  assert.equal(backoffDelay(1, err('retryable', 2500), policy, () => 0), 2500);
  assert.equal(backoffDelay(1, err('retryable', 120_000), policy, () => 0), 30_000);
});
