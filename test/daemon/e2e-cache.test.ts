import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startDaemon, waitFor } from './harness.js';

const repo = resolve(import.meta.dirname, '../..');

test('daemon: an image cache that is still Creating is polled until it is Ready', async () => {
  // The cross-account example against the demo seed: the cache takes about 2 s to become Ready.
  const seed = await readFile(resolve(repo, 'seeds/demo-seed.yaml'), 'utf8');
  const manifests = await readFile(resolve(repo, 'manifests/examples/cross-account/manifests.yaml'), 'utf8');
  const d = await startDaemon({
    seed,
    files: { 'manifests.yaml': manifests.replace(/^# yaml-language-server.*$/m, '') },
    env: {
      ECI_ACCESS_KEY_ID: 'LTAI5tRootA000000000001',
      ECI_ACCESS_KEY_SECRET: 'root-secret-a',
      ACR_ACCESS_KEY_ID: 'LTAI5tRootB000000000001',
      ACR_ACCESS_KEY_SECRET: 'root-secret-b',
    },
    args: ['--cache-poll-interval', '300ms', '--resync', '10m'],
  });
  try {
    const cacheState = async () =>
      (await d.json('/status')).resources.find((r: { key: string }) => r.key.startsWith('imagecache/'))?.state as string | undefined;
    await waitFor(async () => (await cacheState()) === 'progressing', 'the cache to be created and progressing', 15_000);
    await waitFor(async () => (await cacheState()) === 'ready', 'the cache polled until Ready', 15_000);
    const metrics = (await d.get('/metrics')).text;
    assert.match(metrics, /^eci_acr_reconciler_reconcile_total\{result="requeue_after"\} [1-9]/m);
    // Polling is per key: the single pass at start-up is the only full pass (resync is 10 m).
    assert.match(metrics, /^eci_acr_reconciler_reconcile_passes_total\{result="success"\} 1$/m);
  } finally {
    assert.equal(await d.stop(), 0);
  }
});
