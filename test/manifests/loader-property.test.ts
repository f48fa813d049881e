// Issue 10's acceptance property: over random trees of files — valid, empty, truncated, unreadable,
// dangling links, non-UTF-8, huge, deeply nested, in folders some of which cannot be listed — the
// loader never returns a desired state smaller than the intact valid files declare: it either
// returns all of it, or an error and no state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadManifests } from '../../src/manifests/index.js';
import { ACCOUNTS } from './helpers.js';
import { memFs, type MemEntry } from './memfs.js';

const H = 'apiVersion: eci-acr-reconciler/v1alpha1\n';
const role = (name: string) => `${H}kind: RamRole\nmetadata: {name: ${name}}\nspec: {account: eci, trust: {services: [eci.aliyuncs.com]}}\n`;
const rolesText = (names: string[]) => names.map(role).join('---\n');

const MAX_FILE = 4096;

type Kind = 'valid' | 'empty' | 'truncated' | 'unreadable' | 'dangling' | 'non-utf8' | 'huge' | 'deep' | 'fifo' | 'growing';
/** Kinds that can never be read whole: the load must fail whenever one is present. */
const BROKEN: ReadonlySet<Kind> = new Set(['unreadable', 'dangling', 'non-utf8', 'huge', 'deep', 'fifo', 'growing']);

interface Spec {
  folder: number;
  kind: Kind;
  roles: number;
  cut: number;
}

const FOLDERS = ['', 'a', 'a/b', 'c'];

/** The file, and the role names it declares when it is intact and valid. */
function entry(spec: Spec, id: string): { entry: MemEntry; declares: string[] } {
  const names = Array.from({ length: spec.roles }, (_, k) => `r-${id}-${k}`);
  const text = rolesText(names);
  switch (spec.kind) {
    case 'valid':
      return { entry: { kind: 'file', bytes: text }, declares: names };
    case 'empty':
      return { entry: { kind: 'file', bytes: '' }, declares: [] };
    case 'truncated':
      // What an editor or a copy leaves mid-write: some prefix. Whatever it declares is not counted.
      return { entry: { kind: 'file', bytes: text.slice(0, Math.floor(text.length * spec.cut)) }, declares: [] };
    case 'unreadable':
      return { entry: { kind: 'unreadable-file', bytes: text }, declares: names };
    case 'dangling':
      return { entry: { kind: 'dangling' }, declares: names };
    case 'non-utf8': {
      const bytes = new TextEncoder().encode(text);
      bytes[Math.floor(bytes.length * spec.cut)] = 0xff;
      return { entry: { kind: 'file', bytes }, declares: names };
    }
    case 'huge':
      return { entry: { kind: 'file', bytes: `${'#'.repeat(MAX_FILE)}\n${text}` }, declares: names };
    case 'deep':
      return { entry: { kind: 'file', bytes: `${text}---\n${H}kind: RamRole\nmetadata: {name: d-${id}}\nspec: {account: eci, x: ${'['.repeat(80)}${']'.repeat(80)}}\n` }, declares: names };
    case 'fifo':
      return { entry: { kind: 'fifo' }, declares: names };
    case 'growing':
      return { entry: { kind: 'growing', size: 100, grows: MAX_FILE }, declares: names };
  }
}

const spec = fc.record({
  folder: fc.integer({ min: 0, max: FOLDERS.length - 1 }),
  kind: fc.constantFrom<Kind>('valid', 'valid', 'valid', 'empty', 'truncated', 'unreadable', 'dangling', 'non-utf8', 'huge', 'deep', 'fifo', 'growing'),
  roles: fc.integer({ min: 1, max: 3 }),
  cut: fc.double({ min: 0, max: 0.99, noNaN: true }),
});

function dir(tree: Record<string, MemEntry>, folder: string): Record<string, MemEntry> {
  let entries = tree;
  for (const name of folder.split('/').filter((n) => n !== '')) {
    const next = (entries[name] ??= { kind: 'dir', entries: {} }) as Extract<MemEntry, { kind: 'dir' }>;
    entries = next.entries;
  }
  return entries;
}

test('the loader never returns a desired state smaller than the intact valid files declare without an error', () => {
  fc.assert(
    fc.property(fc.array(spec, { maxLength: 12 }), fc.subarray(['a', 'a/b', 'c']), (specs, unreadableFolders) => {
      const tree: Record<string, MemEntry> = { 'accounts.yaml': { kind: 'file', bytes: ACCOUNTS } };
      const declared: string[] = [];
      let mustFail = false;
      specs.forEach((s, i) => {
        const { entry: e, declares } = entry(s, String(i));
        const folder = FOLDERS[s.folder] as string;
        dir(tree, folder)[`f${i}.yaml`] = e;
        declared.push(...declares);
        mustFail ||= BROKEN.has(s.kind);
      });
      // A folder that cannot be listed might hold anything: the load must fail even when it looks empty.
      mustFail ||= unreadableFolders.length > 0;
      for (const folder of unreadableFolders) {
        const parent = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
        const name = folder.slice(folder.lastIndexOf('/') + 1);
        const existing = dir(tree, parent)[name];
        dir(tree, parent)[name] = { kind: 'dir', unreadable: true, entries: existing?.kind === 'dir' ? existing.entries : {} };
      }
      const r = loadManifests(['m'], memFs('m', tree), { maxFileBytes: MAX_FILE });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (r.state === undefined) {
        assert.ok(errors.length > 0, 'no state without an error to say why');
        return;
      }
      assert.ok(!mustFail, `a state despite a broken entry: ${JSON.stringify(specs)} unreadable ${JSON.stringify(unreadableFolders)}`);
      const got = new Set(r.state.roles.map((x) => x.roleName));
      const missing = declared.filter((n) => !got.has(n));
      assert.deepEqual(missing, [], 'every role of an intact valid file is in the state');
    }),
    { seed: 1010, numRuns: 300 },
  );
});
