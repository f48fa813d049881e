// --wait polls with one tag-filtered DescribeImageCaches per account × region and round, however
// many caches it watches (counted in the emulator's request log, never timed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlibabaProvider } from '../../src/cloud/alibaba/index.js';
import { reconcileAll, waitForCaches, type CacheToWatch } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/index.js';
import { ManualClock, systemClock } from '../../src/runtime/clock.js';
import { cli, e2eEmulator, reconcilerEnv, startE2eEmulator } from '../e2e/harness.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { driveClock, waitFor } from '../helpers/wait.js';

const CACHES = ['nginx-a', 'nginx-b', 'nginx-c', 'nginx-d'];

/** The custom-domain example with four ImageCaches in one account and region, created without --wait. */
async function fourCaches(emulator: TestEmulator) {
  const example = await readFile('manifests/examples/same-account-custom-domain/manifests.yaml', 'utf8');
  const cacheDoc = example.slice(example.lastIndexOf('---'));
  const docs = CACHES.map((name) => cacheDoc.replace('metadata: {name: nginx-custom-domain}', `metadata: {name: ${name}}`));
  const dir = await mkdtemp(join(tmpdir(), 'wait-'));
  await writeFile(join(dir, 'manifests.yaml'), [example.slice(0, example.lastIndexOf('---')), ...docs].join('\n'));
  const { state } = loadManifests([dir]);
  assert.ok(state, 'the four-cache manifests load');
  const provider = createAlibabaProvider({ accounts: state.accounts, env: reconcilerEnv(emulator), clock: systemClock, retry: { attempts: 1 } });
  const report = await reconcileAll(state, { provider, clock: systemClock });
  assert.equal(report.ok, true, JSON.stringify(report.outcomes));
  const listed = await provider.account('custom-domain').listImageCaches('cn-hangzhou', {});
  const watch: CacheToWatch[] = listed.map((c) => ({ key: c.imageCacheName, accountName: 'custom-domain', regionId: 'cn-hangzhou', imageCacheId: c.imageCacheId }));
  assert.equal(watch.length, CACHES.length);
  await emulator.admin('DELETE', '/_emulator/requests');
  return { provider, watch };
}

const describes = async (emulator: TestEmulator) => (await emulator.requests()).filter((r) => r.action === 'DescribeImageCaches').length;

test('--wait: four caches still building cost one DescribeImageCaches per polling round, not one per cache', async () => {
  const emulator = await e2eEmulator({ timing: { imageCachePreparingMs: 3_600_000, imageCacheCreatingMs: 3_600_000 } });
  const { provider, watch } = await fourCaches(emulator);
  const clock = new ManualClock();
  const { last } = await driveClock(clock, waitForCaches(watch, { provider, clock, timeoutMs: 30_000, pollIntervalMs: 10_000 }), { stepMs: 10_000 });
  assert.deepEqual([...last.values()].map((c) => c?.status), CACHES.map(() => 'Preparing'));
  // Rounds at 0, 10, 20 and 30 s: four calls for four caches (one per cache would be sixteen).
  assert.equal(await describes(emulator), 4);
});

test('--wait: caches already Ready settle in a single call', async () => {
  const emulator = await e2eEmulator({ timing: { imageCachePreparingMs: 0, imageCacheCreatingMs: 0 } });
  const { provider, watch } = await fourCaches(emulator);
  const { last } = await waitForCaches(watch, { provider, clock: new ManualClock(), timeoutMs: 60_000, pollIntervalMs: 10_000 });
  assert.deepEqual([...last.values()].map((c) => c?.status), CACHES.map(() => 'Ready'));
  assert.equal(await describes(emulator), 1);
});

test('--wait: a watched cache missing from the list is read by ID once, then reported as vanished', async () => {
  const emulator = await e2eEmulator({ timing: { imageCachePreparingMs: 0, imageCacheCreatingMs: 0 } });
  const { provider, watch } = await fourCaches(emulator);
  const gone = watch[0]!;
  await provider.account('custom-domain').deleteImageCache(gone.regionId, gone.imageCacheId);
  await emulator.admin('DELETE', '/_emulator/requests');
  const { last } = await waitForCaches(watch, { provider, clock: new ManualClock(), timeoutMs: 60_000, pollIntervalMs: 10_000 });
  assert.equal(last.has(gone.key), true);
  assert.equal(last.get(gone.key), undefined);
  assert.deepEqual(watch.slice(1).map((c) => last.get(c.key)?.status), ['Ready', 'Ready', 'Ready']);
  // The list, then one read by ID for the missing cache.
  assert.equal(await describes(emulator), 2);
});

test('C4: an ECI endpoint that dies mid-wait ends the wait after 3 failed reads, naming endpoint and account, with no state claimed', async () => {
  const emulator = await startE2eEmulator({ timing: { imageCachePreparingMs: 3_600_000, imageCacheCreatingMs: 3_600_000 } });
  const { provider, watch } = await fourCaches(emulator);
  const clock = new ManualClock();
  const start = clock.now();
  let stopped = false;
  let done = false;
  const waiting = waitForCaches(watch, { provider, clock, timeoutMs: 600_000, pollIntervalMs: 10_000 }).finally(() => (done = true));
  await waitFor(
    async () => {
      if (!done && clock.pendingSleepers() > 0) {
        // The first round read the caches; the endpoint dies before the second.
        if (!stopped) await emulator.stop();
        stopped = true;
        clock.advance(10_000);
      }
      return done;
    },
    'the wait to end after the endpoint died',
    30_000,
    5,
  );
  const { last, unknown } = await waiting;
  assert.ok(stopped, 'the emulator was stopped mid-wait');
  // Rounds at 0 s (read), then 3 refused connections: well before the 10-minute timeout. The first
  // read after the stop may be reset on the closed keep-alive socket instead (not counted: a reset
  // means something answered), hence up to one more round.
  assert.equal(clock.now() - start <= 40_000, true, `the wait ended ${clock.now() - start} ms in, after 3 refused reads`);
  assert.deepEqual([...unknown.keys()].sort(), watch.map((c) => c.key).sort());
  for (const info of unknown.values()) {
    assert.match(info.message, new RegExp(`ECI endpoint ${emulator.url.replace(/\./g, '\\.')} of Account custom-domain stopped answering`));
    assert.equal(info.code, 'ECONNREFUSED');
  }
  assert.deepEqual([...last.values()].map((c) => c?.status), CACHES.map(() => 'Preparing'), 'the last real read is kept apart');
});

test('C4: run --once --wait reports the lost endpoint as a failure (exit 1), never "still Creating"', async () => {
  const emulator = await startE2eEmulator({ timing: { imageCachePreparingMs: 3_600_000, imageCacheCreatingMs: 3_600_000 } });
  const dir = await mkdtemp(join(tmpdir(), 'wait-c4-'));
  await writeFile(join(dir, 'manifests.yaml'), await readFile('manifests/examples/same-account-custom-domain/manifests.yaml', 'utf8'));
  const running = cli(emulator, ['run', '--once', '--wait', '--manifests', dir]);
  const deadline = Date.now() + 60_000;
  // Stop the emulator once the wait has read the new cache at least once.
  await waitFor(
    async () => {
      const actions = (await emulator.requests()).map((r) => r.action);
      return actions.includes('CreateImageCache') && actions.lastIndexOf('DescribeImageCaches') > actions.indexOf('CreateImageCache');
    },
    'the new cache to be polled',
    60_000,
  );
  await emulator.stop();
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('--wait kept polling a dead endpoint for 60 s')), deadline - Date.now())));
  const result = await Promise.race([running, overdue]).finally(() => clearTimeout(timer));
  assert.equal(result.code, 1, result.out + result.err);
  assert.match(result.out, /failed\s+imagecache nginx-custom-domain .*ECI endpoint http:\/\/127\.0\.0\.1:\d+ of Account custom-domain stopped answering.*ECONNREFUSED/);
  assert.doesNotMatch(result.out + result.err, /still (Creating|Preparing)/);
  assert.ok(Date.now() < deadline, 'the run ended long before the 10-minute --wait-timeout');
});

test('C4: connection resets (the server answered) do not end the wait; the caches still settle', async () => {
  const emulator = await e2eEmulator({ timing: { imageCachePreparingMs: 0, imageCacheCreatingMs: 0 } });
  const { provider, watch } = await fourCaches(emulator);
  await emulator.admin('PUT', '/_emulator/faults', { seed: 1, rules: [{ service: 'eci', action: 'DescribeImageCaches', code: 'ConnectionReset', times: 4 }] });
  const clock = new ManualClock();
  const waiting = driveClock(clock, waitForCaches(watch, { provider, clock, timeoutMs: 600_000, pollIntervalMs: 10_000 }), { stepMs: 10_000 });
  const { last, unknown } = await waiting;
  assert.deepEqual([...unknown.keys()], [], 'no cache is left unknown');
  assert.deepEqual(watch.map((c) => last.get(c.key)?.status), CACHES.map(() => 'Ready'));
  const resets = (await emulator.requests()).filter((r) => r.code === 'ConnectionReset').length;
  assert.equal(resets, 4, 'four reads in a row were reset before the caches were read');
});
