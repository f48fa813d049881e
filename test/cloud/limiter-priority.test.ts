// Issue 15 (quota share): background reads are paced at a share of each account × service rate,
// foreground work keeps the whole rate. Everything runs on a ManualClock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { backgroundAllowance, backgroundRate, callPriority, DEFAULT_BACKGROUND_SHARE, ServiceLimiter, type Priority, type ServiceLimits } from '../../src/cloud/limiter.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { flush } from '../helpers/wait.js';

const TEN_PER_SECOND: ServiceLimits = { concurrency: 64, rate: { perSecond: 10, burst: 4 } };

/** Starts `count` calls of one priority at once and advances the clock in 10 ms steps for `forMs`; returns how many were admitted. */
async function admittedWithin(limiter: ServiceLimiter, clock: ManualClock, priority: Priority, count: number, forMs: number): Promise<number> {
  let admitted = 0;
  const controller = new AbortController();
  setMaxListeners(count + 10, controller.signal);
  const calls = Array.from({ length: count }, () => limiter.run('ListRoles', async () => void (admitted += 1), controller.signal, priority).catch(() => undefined));
  for (let t = 0; t <= forMs; t += 10) {
    await flush(3);
    if (t < forMs) clock.advance(10);
  }
  controller.abort(new Error('test over'));
  await Promise.all(calls);
  return admitted;
}

test('issue 15 (quota share): background reads get the share of the rate, one call of burst, within the allowance', async () => {
  const clock = new ManualClock();
  const limiter = new ServiceLimiter(TEN_PER_SECOND, clock, 0.5);
  // 5/s with a burst of 1: over 2 s, 1 at once then 10 more.
  assert.deepEqual(backgroundRate(TEN_PER_SECOND.rate, 0.5), { perSecond: 5, burst: 1 });
  assert.equal(await admittedWithin(limiter, clock, 'background', 50, 2_000), 11);
  // The documented allowance per second: 5 + ⌈4 × 0.5⌉ = 7; the pacing leaves one call of it for jitter.
  assert.equal(backgroundAllowance(TEN_PER_SECOND.rate, 0.5), 7);
  assert.equal(backgroundAllowance({ perSecond: 18, burst: 5 }, 0.25), 6);
});

test('issue 15 (quota share): foreground work keeps the whole rate', async () => {
  const clock = new ManualClock();
  const limiter = new ServiceLimiter(TEN_PER_SECOND, clock, 0.25);
  // 10/s with a burst of 4: over 2 s, 4 at once then 20 more.
  assert.equal(await admittedWithin(limiter, clock, 'foreground', 50, 2_000), 24);
});

test('issue 15 (quota share): background calls also take the shared bucket, so both together never exceed the rate', async () => {
  const clock = new ManualClock();
  const limiter = new ServiceLimiter(TEN_PER_SECOND, clock, 0.5);
  const [background, foreground] = await Promise.all([
    admittedWithin(limiter, clock, 'background', 50, 2_000),
    admittedWithin(limiter, clock, 'foreground', 50, 0),
  ]);
  // Foreground took the burst at once; what came after is shared, and the total is the rate's.
  assert.ok(background + foreground <= 4 + 10 * 2, `background ${background} + foreground ${foreground} within 24`);
  assert.ok(background <= 1 + 5 * 2, `background ${background} within its share (11)`);
});

test('issue 15 (quota share): a background call waiting for its share holds no concurrency slot', async () => {
  const clock = new ManualClock();
  const limiter = new ServiceLimiter({ concurrency: 1, rate: { perSecond: 100, burst: 100 } }, clock, 0.01);
  const done: string[] = [];
  void limiter.run('ListRoles', async () => void done.push('bg1'), undefined, 'background');
  const waiting = limiter.run('GetRole', async () => void done.push('bg2'), undefined, 'background');
  void limiter.run('UpdateRole', async () => void done.push('fg'), undefined, 'foreground');
  await flush(10);
  assert.deepEqual([...done].sort(), ['bg1', 'fg'], 'the foreground call passed the background one that waits for its share');
  clock.advance(1_000);
  await waiting;
  assert.equal(done.at(-1), 'bg2');
});

test('issue 15 (quota share): only reads of background work are paced by the share', () => {
  for (const read of ['ListRoles', 'GetRole', 'ListPoliciesForRole', 'ListPolicyVersions', 'DescribeImageCaches', 'GetCallerIdentity']) {
    assert.equal(callPriority('background', read), 'background', read);
    assert.equal(callPriority('foreground', read), 'foreground', read);
  }
  // A write of a background pass corrects a drift: the full budget.
  for (const write of ['UpdateRole', 'AttachPolicyToRole', 'CreatePolicyVersion', 'CreateImageCache', 'DeleteImageCache', 'TagResources', 'AssumeRole']) {
    assert.equal(callPriority('background', write), 'foreground', write);
  }
});

test('issue 15 (quota share): the share must be above 0 and at most 1; the default is a quarter', () => {
  const clock = new ManualClock();
  assert.equal(DEFAULT_BACKGROUND_SHARE, 0.25);
  for (const bad of [0, -0.1, 1.5, Number.NaN]) assert.throws(() => new ServiceLimiter(TEN_PER_SECOND, clock, bad), RangeError, String(bad));
  assert.doesNotThrow(() => new ServiceLimiter(TEN_PER_SECOND, clock, 1));
});
