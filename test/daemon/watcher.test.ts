import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestWatcher } from '../../src/daemon/watcher.js';
import { systemClock } from '../../src/runtime/clock.js';
import { silentLogger } from '../../src/runtime/logger.js';
import { waitFor } from '../helpers/wait.js';

async function startWatcher(dir: string, debounceMs = 50, watchPath = dir) {
  let triggers = 0;
  let events = 0;
  const stop = new AbortController();
  const watcher = new ManifestWatcher({
    paths: [watchPath],
    onChange: () => void (triggers += 1),
    onEvent: () => void (events += 1),
    clock: systemClock,
    logger: silentLogger,
    debounceMs,
  });
  const running = watcher.start(stop.signal);
  await watcher.ready();
  return {
    triggers: () => triggers,
    events: () => events,
    close: async () => {
      stop.abort();
      await running;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const doc = (n: number) => `apiVersion: eci-acr-reconciler/v1alpha1\nkind: RamPolicy\nmetadata: {name: p${n}}\n`;

test('an editor atomic save (write a temp file, rename it over the manifest) triggers a reconcile', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'watch-atomic-'));
  await writeFile(join(dir, 'a.yaml'), doc(1));
  const w = await startWatcher(dir);
  try {
    await writeFile(join(dir, '.a.yaml.tmp'), doc(2));
    await rename(join(dir, '.a.yaml.tmp'), join(dir, 'a.yaml'));
    await waitFor(() => w.triggers() >= 1, 'a trigger after the atomic save');
  } finally {
    await w.close();
  }
});

test('each event is told at once, before the debounced trigger (the daemon stops acting on the old revision)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'watch-event-'));
  await writeFile(join(dir, 'a.yaml'), doc(1));
  // A debounce far longer than the test: the trigger never comes, the event must.
  const w = await startWatcher(dir, 60_000);
  try {
    await writeFile(join(dir, 'a.yaml'), doc(2));
    await waitFor(() => w.events() >= 1, 'the event, undebounced');
    assert.equal(w.triggers(), 0, 'the trigger still waits for the quiet time');
  } finally {
    await w.close();
  }
});

test('a Kubernetes ConfigMap update (swap of the ..data symlink) triggers a reconcile', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'watch-configmap-'));
  // The kubelet's layout: timestamped dir, `..data` pointing at it, and user-visible file symlinks.
  await mkdir(join(dir, '..2026_11_28_12_00_00.1'));
  await writeFile(join(dir, '..2026_11_28_12_00_00.1', 'a.yaml'), doc(1));
  await symlink('..2026_11_28_12_00_00.1', join(dir, '..data'));
  await symlink('..data/a.yaml', join(dir, 'a.yaml'));
  const w = await startWatcher(dir);
  try {
    await mkdir(join(dir, '..2026_11_28_12_05_00.2'));
    await writeFile(join(dir, '..2026_11_28_12_05_00.2', 'a.yaml'), doc(2));
    await symlink('..2026_11_28_12_05_00.2', join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));
    await rm(join(dir, '..2026_11_28_12_00_00.1'), { recursive: true });
    await waitFor(() => w.triggers() >= 1, 'a trigger after the ..data swap');
  } finally {
    await w.close();
  }
});

test('a burst of 50 writes in one second becomes a single trigger', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'watch-burst-'));
  const w = await startWatcher(dir, 300);
  try {
    // Back to back, well inside a second: spacing the writes with timers made the burst's length
    // depend on machine load, and a burst longer than the 3 s max-wait is a different scenario.
    for (let i = 0; i < 50; i++) await writeFile(join(dir, `f${i % 10}.yaml`), doc(i));
    await waitFor(() => w.triggers() >= 1, 'the burst trigger');
    // A later, separate change yields exactly one more trigger: the burst produced one, not several.
    await writeFile(join(dir, 'sentinel.yaml'), doc(99));
    await waitFor(() => w.triggers() >= 2, 'the sentinel trigger');
    assert.equal(w.triggers(), 2);
  } finally {
    await w.close();
  }
});

test('a git-sync style swap of a symlinked root is followed: later edits in the new target still trigger', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'watch-gitsync-'));
  await mkdir(join(dir, 'wt-1', 'manifests'), { recursive: true });
  await writeFile(join(dir, 'wt-1', 'manifests', 'a.yaml'), doc(1));
  await symlink('wt-1', join(dir, 'current'));
  const w = await startWatcher(dir, 50, join(dir, 'current', 'manifests'));
  try {
    await mkdir(join(dir, 'wt-2', 'manifests'), { recursive: true });
    await writeFile(join(dir, 'wt-2', 'manifests', 'a.yaml'), doc(2));
    await symlink('wt-2', join(dir, 'current-tmp'));
    await rename(join(dir, 'current-tmp'), join(dir, 'current'));
    await rm(join(dir, 'wt-1'), { recursive: true });
    await waitFor(() => w.triggers() >= 1, 'a trigger after the swap');
    const after = w.triggers();
    // Re-watching the new target takes a moment; edits keep coming until one is seen (or the deadline).
    const deadline = Date.now() + 5_000;
    for (let n = 0; w.triggers() === after; n++) {
      assert.ok(Date.now() < deadline, 'an edit inside the new worktree must trigger within 5 s');
      await writeFile(join(dir, 'wt-2', 'manifests', `b${n}.yaml`), doc(n));
      await waitFor(() => w.triggers() > after, 'a trigger', 400).catch(() => undefined);
    }
  } finally {
    await w.close();
  }
});

test('a stop requested during the initial scan still ends the watcher', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'watch-early-stop-'));
  try {
    const stop = new AbortController();
    const watcher = new ManifestWatcher({ paths: [dir], onChange: () => undefined, clock: systemClock, logger: silentLogger });
    const running = watcher.start(stop.signal);
    stop.abort();
    const ended = await Promise.race([running.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5_000))]);
    assert.equal(ended, true, 'start() must resolve after an early abort');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('E3: a manifest folder deleted and recreated is watched again at once: edits in it trigger', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'watch-recreate-'));
  const dir = join(parent, 'manifests');
  await mkdir(dir);
  await writeFile(join(dir, 'a.yaml'), doc(1));
  const w = await startWatcher(parent, 50, dir);
  try {
    await rm(dir, { recursive: true });
    await waitFor(() => w.triggers() >= 1, 'a trigger for the deleted folder');
    // The deletion's events may arrive as several debounced triggers: wait until they stop (a
    // quiet 10x the debounce), so a late one is not taken for an edit in the new folder.
    for (let seen = -1; seen !== w.triggers(); ) {
      seen = w.triggers();
      await waitFor(() => w.triggers() !== seen, 'more deletion triggers', 500).catch(() => undefined);
    }
    await mkdir(dir);
    await writeFile(join(dir, 'a.yaml'), doc(2));
    const after = w.triggers();
    // Edits keep coming until one is seen: the first may land before the new folder is watched.
    const deadline = Date.now() + 5_000;
    for (let n = 0; w.triggers() === after; n++) {
      assert.ok(Date.now() < deadline, 'an edit inside the recreated folder must trigger within 5 s');
      await writeFile(join(dir, `b${n}.yaml`), doc(n));
      await waitFor(() => w.triggers() > after, 'a trigger', 400).catch(() => undefined);
    }
  } finally {
    await w.close();
  }
});
