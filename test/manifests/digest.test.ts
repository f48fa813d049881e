import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedFiles, digestRead, digestText } from '../../src/manifests/digest.js';
import type { ManifestFs } from '../../src/manifests/fs.js';

const fsWith = (files: Record<string, string>): ManifestFs => ({
  stat: () => ({ kind: 'file', size: 0 }),
  readdir: () => [],
  readFile: (p) => {
    const text = files[p];
    if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return new TextEncoder().encode(text);
  },
  realpath: (p) => p,
});

test('B8: digestRead flags a file whose disk content differs from what the load parsed', () => {
  const sources = new Map([
    ['a.yaml', 'kind: A\n'],
    ['b.yaml', ''],
    ['c.yaml', 'kind: C\n'],
  ]);
  // b.yaml was read while empty and has been written since; c.yaml was removed after the read.
  const read = digestRead(['a.yaml', 'b.yaml', 'c.yaml'], sources, fsWith({ 'a.yaml': 'kind: A\n', 'b.yaml': 'kind: B\n' }));
  assert.deepEqual(read.changedWhileRead, ['b.yaml', 'c.yaml']);
  assert.equal(read.digests.get('b.yaml'), digestText(''), 'the digest is of what the load parsed');
});

test('changedFiles lists added, removed and changed paths', () => {
  const before = new Map([
    ['a', '1'],
    ['b', '2'],
  ]);
  const after = new Map([
    ['b', '3'],
    ['c', '4'],
  ]);
  assert.deepEqual(changedFiles(before, after), ['a', 'b', 'c']);
  assert.deepEqual(changedFiles(before, new Map(before)), []);
});
