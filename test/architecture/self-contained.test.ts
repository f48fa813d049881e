// Issue 14, finding 8: the repository stands alone. README, docs, code comments and tests used to send
// readers to design notes that are not in it; no tracked file may name them again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Written in pieces so this file does not match itself.
const OUTSIDE = [
  ...['ARCHITECTURE', 'EMULATOR', 'MANIFESTS', 'STYLE', 'alibaba-openapi', 'sdk-clients', 'fidelity-evidence'].map((name) => `${name}.md`),
  ['..', 'shared'].join('/'),
  ['work', 'shared'].join('/'),
];

test('finding 8: no tracked file refers to files outside the repository', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter((f) => f !== '' && !/\.(png|jpg|gz|tgz)$/.test(f));
  assert.ok(files.length > 300, `read ${files.length} tracked files`);
  const hits: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // listed but deleted in the working tree
    }
    text.split('\n').forEach((line, i) => {
      for (const name of OUTSIDE) if (line.includes(name)) hits.push(`${file}:${i + 1}: ${name}`);
    });
  }
  assert.deepEqual(hits, []);
});
