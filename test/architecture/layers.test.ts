// Issue 17, Deliver 3: layers point down only. Nothing below src/cli knows about exit codes, CliIo
// or UsageError; the table of allowed edges (test/helpers/import-graph.ts) is the one the README's
// "Layout" section prints, and every folder of src/ must have a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { forbiddenImports, LAYERS, sourcesUnder } from '../helpers/import-graph.js';

const files = sourcesUnder('src');

/** The README's rendering of LAYERS: one row per folder, its allowed imports in table order. */
function layersTable(): string {
  const rows = Object.entries(LAYERS).map(([folder, may]) => `| \`${folder}\` | ${may.length === 0 ? '—' : may.map((f) => `\`${f}\``).join(', ')} |`);
  return ['| folder | may import (besides itself) |', '|---|---|', ...rows].join('\n');
}

test('I17-D3: every folder of src/ has a row in the layer table', () => {
  const folders = readdirSync('src', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.ok(folders.length >= 10, `found ${folders.length} folders`);
  assert.deepEqual(folders.filter((f) => LAYERS[f] === undefined), []);
});

test('I17-D3: every import in src/ follows the layer table', () => {
  assert.ok(files.length > 150, `read ${files.length} files`);
  assert.deepEqual(forbiddenImports(files), []);
});

test('I17-D3: no file outside src/cli (and the demo on top of it) imports src/cli', () => {
  const upward = forbiddenImports(files).filter((v) => v.target.startsWith('src/cli/'));
  assert.deepEqual(upward, []);
  const named = ['src/cloud/alibaba/endpoint.ts', 'src/manifests/render.ts', 'src/daemon/run-daemon.ts'];
  for (const path of named) {
    const text = readFileSync(path, 'utf8');
    assert.doesNotMatch(text, /from '(\.\.\/)+cli\//, `${path} imports src/cli`);
  }
});

test('I17-D3: the checker flags an upward import into src/cli', () => {
  const flagged = forbiddenImports([
    { path: 'src/daemon/x.ts', text: "import { ExitCode } from '../cli/io.js';\n" },
    { path: 'src/cloud/alibaba/y.ts', text: "import type { Plan } from '../../plan/types.js';\n" },
    { path: 'src/cli/z.ts', text: "import { runDaemon } from '../daemon/run-daemon.js';\n" },
  ]).map((v) => `${v.file} -> ${v.target}`);
  assert.deepEqual(flagged, ['src/daemon/x.ts -> src/cli/io.js', 'src/cloud/alibaba/y.ts -> src/plan/types.js']);
});

test('I17-D3: the README "Layout" section shows the layer table as the test enforces it', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.includes(layersTable()), `README.md lacks the table:\n${layersTable()}`);
});
