import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestRevision, gitCommitOf, manifestRevision } from '../../src/daemon/revision.js';
import { gitSyncWorktree, put, swapCurrent } from '../helpers/git-sync.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

test('revision: a plain checkout on a branch reads HEAD → the loose ref, else packed-refs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rev-'));
  try {
    put(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    put(join(dir, '.git', 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${B} refs/heads/main\n${C} refs/tags/v1\n`);
    put(join(dir, 'manifests', 'a.yaml'), 'x: 1\n');
    assert.equal(gitCommitOf(join(dir, 'manifests')), B, 'packed-refs');
    put(join(dir, '.git', 'refs', 'heads', 'main'), `${A}\n`);
    assert.equal(gitCommitOf(join(dir, 'manifests', 'a.yaml')), A, 'the loose ref wins, and a file path works');
    put(join(dir, '.git', 'HEAD'), `${C}\n`);
    assert.equal(gitCommitOf(dir), C, 'a detached HEAD');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('revision: a `git worktree` checkout (.git is a file) finds its branch in the common directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rev-'));
  try {
    put(join(dir, 'repo', '.git', 'worktrees', 'wt', 'HEAD'), 'ref: refs/heads/feature\n');
    put(join(dir, 'repo', '.git', 'worktrees', 'wt', 'commondir'), '../..\n');
    put(join(dir, 'repo', '.git', 'refs', 'heads', 'feature'), `${B}\n`);
    put(join(dir, 'wt', '.git'), 'gitdir: ../repo/.git/worktrees/wt\n');
    mkdirSync(join(dir, 'wt', 'manifests'));
    assert.equal(gitCommitOf(join(dir, 'wt', 'manifests')), B);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('revision: git-sync layout — swapping the `current` link changes the revision; outside git it is the files digest', () => {
  const root = mkdtempSync(join(tmpdir(), 'rev-'));
  try {
    gitSyncWorktree(root, A, { 'manifests/a.yaml': 'a\n' });
    gitSyncWorktree(root, B, { 'manifests/a.yaml': 'b\n' });
    swapCurrent(root, A);
    assert.equal(manifestRevision([join(root, 'current', 'manifests')], undefined), `git:${A}`);
    swapCurrent(root, B);
    assert.equal(manifestRevision([join(root, 'current', 'manifests')], undefined), `git:${B}`);
    const read = { digests: new Map([['x.yaml', '1'], ['a.yaml', '2']]), changedWhileRead: [] };
    const outside = mkdtempSync(join(tmpdir(), 'rev-plain-'));
    try {
      const revision = manifestRevision([outside], read);
      assert.equal(revision, digestRevision({ digests: new Map([['a.yaml', '2'], ['x.yaml', '1']]), changedWhileRead: [] }), 'order-independent');
      assert.match(revision ?? '', /^sha256:[0-9a-f]{64}$/);
      assert.notEqual(manifestRevision([outside], { digests: new Map([['a.yaml', '3']]), changedWhileRead: [] }), revision, 'content changes it');
      assert.equal(manifestRevision([outside, join(root, 'current')], read), revision, 'paths in different places: the digest');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
