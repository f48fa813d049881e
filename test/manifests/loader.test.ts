import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests } from '../../src/manifests/index.js';
import { memFs } from './memfs.js';
import { ACCOUNTS } from './helpers.js';

const role = (name: string) =>
  `apiVersion: eci-acr-reconciler/v1alpha1\nkind: RamRole\nmetadata: {name: ${name}}\nspec: {account: eci, trust: {services: [eci.aliyuncs.com]}}\n`;

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'eci-acr-manifests-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('walks folders recursively, reads *.yaml and *.yml, skips hidden entries and other files', (t) => {
  const dir = tmp(t);
  mkdirSync(join(dir, 'a/b'), { recursive: true });
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'accounts.yaml'), ACCOUNTS);
  writeFileSync(join(dir, 'a/b/one.yml'), role('one'));
  writeFileSync(join(dir, 'a/two.YAML'), role('two'));
  writeFileSync(join(dir, 'a/.hidden.yaml'), role('hidden'));
  writeFileSync(join(dir, '.git/x.yaml'), 'not: [valid');
  writeFileSync(join(dir, 'a/notes.txt'), 'not: [valid');
  const r = loadManifests([dir]);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.state?.roles.map((x) => x.roleName).sort(), ['one', 'two']);
  assert.deepEqual(r.files, [join(dir, 'a/b/one.yml'), join(dir, 'a/two.YAML'), join(dir, 'accounts.yaml')]);
});

test('a Kubernetes ConfigMap mount (..data symlink swap) loads each document exactly once', (t) => {
  const dir = tmp(t);
  const stamp = join(dir, '..2026_01_01_00_00_00.000000001');
  mkdirSync(stamp);
  writeFileSync(join(stamp, 'accounts.yaml'), ACCOUNTS);
  writeFileSync(join(stamp, 'roles.yaml'), role('one'));
  symlinkSync('..2026_01_01_00_00_00.000000001', join(dir, '..data'));
  symlinkSync('..data/accounts.yaml', join(dir, 'accounts.yaml'));
  symlinkSync('..data/roles.yaml', join(dir, 'roles.yaml'));
  const first = loadManifests([dir]);
  assert.deepEqual(first.diagnostics, []);
  assert.deepEqual(first.state?.roles.map((r) => r.roleName), ['one']);
  assert.deepEqual(first.files, [join(dir, 'accounts.yaml'), join(dir, 'roles.yaml')]);

  // The kubelet's update: a new timestamped dir, then an atomic rename of a fresh ..data link.
  const next = join(dir, '..2026_01_01_00_01_00.000000002');
  mkdirSync(next);
  writeFileSync(join(next, 'accounts.yaml'), ACCOUNTS);
  writeFileSync(join(next, 'roles.yaml'), role('two'));
  symlinkSync('..2026_01_01_00_01_00.000000002', join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  const second = loadManifests([dir]);
  assert.deepEqual(second.diagnostics, []);
  assert.deepEqual(second.state?.roles.map((r) => r.roleName), ['two']);
});

test('a file reached through two paths (folder and explicit file) is loaded once', (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'all.yaml'), `${ACCOUNTS}---\n${role('one')}`);
  const r = loadManifests([dir, join(dir, 'all.yaml')]);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.files.length, 1);
});

test('a symlink loop does not hang the walk', (t) => {
  const dir = tmp(t);
  mkdirSync(join(dir, 'a'));
  writeFileSync(join(dir, 'a/accounts.yaml'), ACCOUNTS);
  symlinkSync('..', join(dir, 'a/loop'));
  assert.deepEqual(loadManifests([dir]).diagnostics, []);
});

test('an injected filesystem: unreadable file → FILE_UNREADABLE, missing path → PATH_NOT_FOUND; default folder is ./manifests', () => {
  const fs = memFs('manifests', { 'ok.yaml': { kind: 'file', bytes: ACCOUNTS }, 'locked.yaml': { kind: 'unreadable-file', bytes: '' } });
  const r = loadManifests([], fs);
  assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`), [
    'manifests/locked.yaml:1:1 FILE_UNREADABLE cannot read manifests/locked.yaml: EACCES',
  ]);
  assert.equal(r.state, undefined);
  assert.deepEqual(loadManifests(['gone'], fs).diagnostics.map((d) => d.code), ['PATH_NOT_FOUND']);
});
