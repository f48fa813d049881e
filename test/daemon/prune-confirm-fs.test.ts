// The prune confirmation over the daemon's real manifest loader and a real folder: digests come
// from the files the loader read, so a git-sync swap to identical content keeps the confirmation
// and an emptied file does not confirm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestLoader } from '../../src/daemon/manifest-source.js';
import { PruneConfirmation } from '../../src/daemon/prune-confirm.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { accountDoc, policyDoc } from './harness.js';

async function worktree(root: string, name: string, policy: string) {
  await mkdir(join(root, name, 'manifests'), { recursive: true });
  await writeFile(join(root, name, 'manifests', 'account.yaml'), accountDoc());
  await writeFile(join(root, name, 'manifests', 'policy.yaml'), policy);
}

async function swap(root: string, target: string) {
  await symlink(target, join(root, 'current-tmp'));
  await rename(join(root, 'current-tmp'), join(root, 'current'));
}

test('B8: a git-sync symlink swap is confirmed by content: identical files keep the confirmation, an emptied file restarts it', async () => {
  const root = await mkdtemp(join(tmpdir(), 'confirm-gitsync-'));
  try {
    await worktree(root, 'wt-1', policyDoc('kept'));
    await symlink('wt-1', join(root, 'current'));
    const load = manifestLoader([join(root, 'current', 'manifests')], root);
    const clock = new ManualClock();
    const rule = new PruneConfirmation(30_000);
    const observe = () => {
      const result = load();
      assert.ok(result.read, 'the daemon loader returns the digests of what it read');
      return rule.observe({ at: clock.now(), ...result.read });
    };
    assert.equal(observe().confirmed, false);
    await worktree(root, 'wt-2', policyDoc('kept'));
    await swap(root, 'wt-2');
    clock.advance(30_000);
    assert.equal(observe().confirmed, true, 'a swap to the same bytes is no change');
    await worktree(root, 'wt-3', '');
    await swap(root, 'wt-3');
    const emptied = observe();
    assert.equal(emptied.confirmed, false, 'a swap that empties a file waits for confirmation');
    assert.match(!emptied.confirmed ? emptied.reason : '', /policy\.yaml changed since the previous read/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
