import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceLimiter, TokenBucket, resolveLimits } from '../../src/cloud/limiter.js';
import { ManualClock } from '../../src/runtime/clock.js';

const tick = () => new Promise((r) => setImmediate(r));

test('the token bucket lets a burst through, then paces calls by the clock', async () => {
  const clock = new ManualClock();
  const bucket = new TokenBucket({ perSecond: 2, burst: 2 }, clock);
  const done: number[] = [];
  for (let i = 0; i < 4; i++) void bucket.take().then(() => done.push(i));
  for (let i = 0; i < 5; i++) await tick();
  assert.deepEqual(done, [0, 1]);
  clock.advance(500);
  for (let i = 0; i < 5; i++) await tick();
  assert.deepEqual(done, [0, 1, 2]);
  clock.advance(500);
  for (let i = 0; i < 5; i++) await tick();
  assert.deepEqual(done, [0, 1, 2, 3]);
});

test('the service limiter bounds concurrency', async () => {
  const clock = new ManualClock();
  const limiter = new ServiceLimiter({ concurrency: 2, rate: { perSecond: 1000, burst: 1000 } }, clock);
  let active = 0;
  let peak = 0;
  const releases: (() => void)[] = [];
  const calls = Array.from({ length: 5 }, () =>
    limiter.run('ListRoles', async () => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise<void>((r) => releases.push(r));
      active -= 1;
    }),
  );
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 5; i++) await tick();
    releases.splice(0).forEach((r) => r());
  }
  await Promise.all(calls);
  assert.equal(peak, 2);
});

test('a per-action bucket limits CreateImageCache beyond the service rate', async () => {
  const clock = new ManualClock();
  const limits = resolveLimits({ eci: { actions: { CreateImageCache: { perSecond: 1, burst: 1 } } } });
  const limiter = new ServiceLimiter(limits.eci, clock);
  const done: string[] = [];
  void limiter.run('CreateImageCache', async () => done.push('c1'));
  void limiter.run('CreateImageCache', async () => done.push('c2'));
  void limiter.run('DescribeImageCaches', async () => done.push('d1'));
  for (let i = 0; i < 10; i++) await tick();
  assert.ok(done.includes('c1') && done.includes('d1') && !done.includes('c2'), done.join());
  clock.advance(1000);
  for (let i = 0; i < 10; i++) await tick();
  assert.ok(done.includes('c2'));
});

test('resolveLimits keeps defaults for services that are not overridden', () => {
  const limits = resolveLimits({ ram: { concurrency: 3 } });
  assert.equal(limits.ram.concurrency, 3);
  assert.equal(limits.ram.rate.perSecond, 20);
  assert.equal(limits.sts.rate.perSecond, 50);
  assert.ok(limits.eci.actions?.['CreateImageCache']);
});
