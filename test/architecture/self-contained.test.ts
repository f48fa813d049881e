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

test('finding 8: the examples README lists, for each example, exactly the env variables its Account manifests read', async () => {
  const { readdirSync } = await import('node:fs');
  const readme = readFileSync('manifests/examples/README.md', 'utf8');
  for (const folder of readdirSync('manifests/examples', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    const yaml = readdirSync(`manifests/examples/${folder}`).map((f) => readFileSync(`manifests/examples/${folder}/${f}`, 'utf8')).join('\n');
    const used = [...new Set([...yaml.matchAll(/Env: *([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!))].sort();
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${folder}/\``));
    assert.ok(row, `the README has a row for ${folder}`);
    const listed = [...row.split('|').at(-2)!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!).sort();
    assert.deepEqual(listed, used, folder);
  }
});

test('finding 8: the README\'s "Other ways in" starts the emulator in its own terminal, then runs the rest in a second one', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('Other ways in:'), readme.indexOf('## The three cases'));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.match(section, /two terminals/);
  assert.equal(blocks.length, 2, 'one block per terminal');
  assert.match(blocks[0]!, /^npx eci-acr-reconciler emulator --port (\d+)/);
  assert.doesNotMatch(blocks[1]!, /emulator --port/, 'the second terminal does not start another emulator');
  const port = /--port (\d+)/.exec(blocks[0]!)![1];
  assert.match(blocks[1]!, new RegExp(`--endpoint 127\\.0\\.0\\.1:${port}`), 'the second terminal talks to the first one\'s port');
});
