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
import { e2eEmulator, reconcilerEnv } from '../e2e/harness.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { driveClock } from '../helpers/wait.js';

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
  const listed = await provider.account('acr').listImageCaches('cn-hangzhou', {});
  const watch: CacheToWatch[] = listed.map((c) => ({ key: c.imageCacheName, accountName: 'acr', regionId: 'cn-hangzhou', imageCacheId: c.imageCacheId }));
  assert.equal(watch.length, CACHES.length);
  await emulator.admin('DELETE', '/_emulator/requests');
  return { provider, watch };
}

const describes = async (emulator: TestEmulator) => (await emulator.requests()).filter((r) => r.action === 'DescribeImageCaches').length;

test('--wait: four caches still building cost one DescribeImageCaches per polling round, not one per cache', async () => {
  const emulator = await e2eEmulator({ timing: { imageCachePreparingMs: 3_600_000, imageCacheCreatingMs: 3_600_000 } });
  const { provider, watch } = await fourCaches(emulator);
  const clock = new ManualClock();
  const last = await driveClock(clock, waitForCaches(watch, { provider, clock, timeoutMs: 30_000, pollIntervalMs: 10_000 }), { stepMs: 10_000 });
  assert.deepEqual([...last.values()].map((c) => c?.status), CACHES.map(() => 'Preparing'));
  // Rounds at 0, 10, 20 and 30 s: four calls for four caches (one per cache would be sixteen).
  assert.equal(await describes(emulator), 4);
});

test('--wait: caches already Ready settle in a single call', async () => {
  const emulator = await e2eEmulator({ timing: { imageCachePreparingMs: 0, imageCacheCreatingMs: 0 } });
  const { provider, watch } = await fourCaches(emulator);
  const last = await waitForCaches(watch, { provider, clock: new ManualClock(), timeoutMs: 60_000, pollIntervalMs: 10_000 });
  assert.deepEqual([...last.values()].map((c) => c?.status), CACHES.map(() => 'Ready'));
  assert.equal(await describes(emulator), 1);
});

test('--wait: a watched cache missing from the list is read by ID once, then reported as vanished', async () => {
  const emulator = await e2eEmulator({ timing: { imageCachePreparingMs: 0, imageCacheCreatingMs: 0 } });
  const { provider, watch } = await fourCaches(emulator);
  const gone = watch[0]!;
  await provider.account('acr').deleteImageCache(gone.regionId, gone.imageCacheId);
  await emulator.admin('DELETE', '/_emulator/requests');
  const last = await waitForCaches(watch, { provider, clock: new ManualClock(), timeoutMs: 60_000, pollIntervalMs: 10_000 });
  assert.equal(last.has(gone.key), true);
  assert.equal(last.get(gone.key), undefined);
  assert.deepEqual(watch.slice(1).map((c) => last.get(c.key)?.status), ['Ready', 'Ready', 'Ready']);
  // The list, then one read by ID for the missing cache.
  assert.equal(await describes(emulator), 2);
});
