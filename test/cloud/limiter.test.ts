import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceLimiter, TokenBucket, assumedServerLimits, defaultLimits, resolveLimits, type RateLimit } from '../../src/cloud/limiter.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { flush } from '../helpers/wait.js';

test('the token bucket lets a burst through, then paces calls by the clock', async () => {
  const clock = new ManualClock();
  const bucket = new TokenBucket({ perSecond: 2, burst: 2 }, clock);
  const done: number[] = [];
  for (let i = 0; i < 4; i++) void bucket.take().then(() => done.push(i));
  await flush();
  assert.deepEqual(done, [0, 1]);
  clock.advance(500);
  await flush();
  assert.deepEqual(done, [0, 1, 2]);
  clock.advance(500);
  await flush();
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
    await flush();
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
  await flush(10);
  assert.ok(done.includes('c1') && done.includes('d1') && !done.includes('c2'), done.join());
  clock.advance(1000);
  await flush(10);
  assert.ok(done.includes('c2'), done.join());
});

test('resolveLimits keeps defaults for services that are not overridden', () => {
  const limits = resolveLimits({ ram: { concurrency: 3 } });
  assert.equal(limits.ram.concurrency, 3);
  assert.equal(limits.ram.rate.perSecond, defaultLimits.ram.rate.perSecond);
  assert.equal(limits.sts.rate.perSecond, 50);
  assert.ok(limits.eci.actions?.['CreateImageCache'], 'the default CreateImageCache limit of eci is kept');
});

/** The times at which `count` back-to-back takes of a bucket with `limit` are admitted, on a ManualClock in 10 ms steps. */
async function admissionTimes(limit: RateLimit, count: number): Promise<number[]> {
  const clock = new ManualClock();
  const bucket = new TokenBucket(limit, clock);
  const times: number[] = [];
  for (let i = 0; i < count; i++) void bucket.take().then(() => times.push(clock.now()));
  while (times.length < count) {
    await flush(3);
    clock.advance(10);
  }
  return times;
}

/**
 * Whether a server bucket of `serverPerSecond` and `serverBurst` (the emulator's burst is the limit's
 * own window: 20 for 20/s, 200 for 200/min) admits these sends whatever the network does with them, if each call's delay varies by
 * up to `jitterMs`: calls sent within a window can arrive bunched into a window `jitterMs` shorter.
 */
function serverAlwaysAdmits(sendTimes: number[], serverPerSecond: number, serverBurst: number, jitterMs: number): boolean {
  for (let i = 0; i < sendTimes.length; i++) {
    for (let j = i; j < sendTimes.length; j++) {
      const arrivalWindowS = Math.max(0, sendTimes[j]! - sendTimes[i]! - jitterMs) / 1000;
      if (j - i + 1 > serverBurst + serverPerSecond * arrivalWindowS) return false;
    }
  }
  return true;
}

test('the default RAM bucket paces under the assumed server limit, with room for 500 ms of jitter', async () => {
  const sends = await admissionTimes(defaultLimits.ram.rate, 120);
  assert.equal(serverAlwaysAdmits(sends, assumedServerLimits.ram, assumedServerLimits.ram, 500), true);
  // The same check rejects a client running exactly at the server's rate and burst (the old default).
  const atTheLimit = await admissionTimes({ perSecond: assumedServerLimits.ram, burst: assumedServerLimits.ram }, 120);
  assert.equal(serverAlwaysAdmits(atTheLimit, assumedServerLimits.ram, assumedServerLimits.ram, 500), false);
});

test('the default CreateImageCache and UpdateImageCache buckets pace under their documented limits', async () => {
  const create = defaultLimits.eci.actions?.['CreateImageCache'];
  const update = defaultLimits.eci.actions?.['UpdateImageCache'];
  assert.ok(create && update, 'both ECI write actions have their own bucket');
  // The server's buckets hold a minute's worth (200, 500); the check grants it only 10 calls of burst.
  assert.equal(serverAlwaysAdmits(await admissionTimes(create, 40), assumedServerLimits.eciCreateImageCache, 10, 500), true);
  assert.equal(serverAlwaysAdmits(await admissionTimes(update, 40), assumedServerLimits.eciUpdateImageCache, 10, 500), true);
});
