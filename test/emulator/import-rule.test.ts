// Issue 11, Deliver 1: the emulator judges the reconciler, so it may not share the reconciler's
// beliefs. src/emulator may import only its own modules and the policy language (src/policy), and
// src/policy only itself. Imports are read by TypeScript's own pre-processor, so `import type`,
// `export … from` and dynamic `import()` all count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

interface SourceFile {
  /** Repository-relative, with forward slashes: src/emulator/pull/decide.ts */
  path: string;
  text: string;
}

interface Violation {
  file: string;
  specifier: string;
  target: string;
}

/** Which top-level folders of src/ each guarded folder may import from. */
const ALLOWED: Record<string, readonly string[]> = { emulator: ['emulator', 'policy'], policy: ['policy'] };

/** Every import of a guarded file that reaches a folder of src/ it may not use. */
export function forbiddenImports(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const allowed = ALLOWED[srcFolder(file.path) ?? ''];
    if (allowed === undefined) continue;
    for (const { fileName: specifier } of ts.preProcessFile(file.text, true, true).importedFiles) {
      if (!specifier.startsWith('.')) continue; // node: builtins and packages are not the reconciler
      const target = posix.normalize(posix.join(posix.dirname(file.path), specifier));
      const folder = srcFolder(target);
      if (folder === undefined || !allowed.includes(folder)) violations.push({ file: file.path, specifier, target });
    }
  }
  return violations;
}

/** `emulator` for src/emulator/…; undefined outside src/. */
function srcFolder(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

function sourcesUnder(dir: string): SourceFile[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name).split('\\').join('/'))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

test('issue 11 D1: no file under src/emulator (or src/policy, which it uses) imports the reconciler\'s side', () => {
  const files = [...sourcesUnder('src/emulator'), ...sourcesUnder('src/policy')];
  assert.ok(files.length > 40, `read ${files.length} files`);
  assert.ok(files.some((f) => f.path === 'src/emulator/pull/decide.ts'), 'the pull decision is among the files checked');
  assert.deepEqual(forbiddenImports(files), []);
});

test('issue 11 D1: the checker flags every kind of import into a forbidden folder', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });
  const files = [
    file('src/emulator/pull/decide.ts', "import { pullChecks, type AcrImageTarget } from '../../model/acr-pull.js';\n"),
    file('src/emulator/a.ts', "import type { Plan } from '../plan/types.js';\n"),
    file('src/emulator/b.ts', "export { run } from '../engine/run.js';\n"),
    file('src/emulator/c.ts', "const m = await import('../cloud/alibaba/eci.js');\n"),
    file('src/emulator/eci/d.ts', "import '../../daemon/loop.js';\nimport { x } from '../../cli/io.js';\nimport { y } from '../../manifests/index.js';\n"),
    file('src/emulator/e.ts', "import { z } from '../runtime/clock.js';\n"),
    file('src/policy/f.ts', "import { w } from '../model/desired.js';\n"),
  ];
  const flagged = forbiddenImports(files).map((v) => `${v.file} -> ${v.target}`);
  assert.deepEqual(flagged, [
    'src/emulator/pull/decide.ts -> src/model/acr-pull.js',
    'src/emulator/a.ts -> src/plan/types.js',
    'src/emulator/b.ts -> src/engine/run.js',
    'src/emulator/c.ts -> src/cloud/alibaba/eci.js',
    'src/emulator/eci/d.ts -> src/daemon/loop.js',
    'src/emulator/eci/d.ts -> src/cli/io.js',
    'src/emulator/eci/d.ts -> src/manifests/index.js',
    'src/emulator/e.ts -> src/runtime/clock.js',
    'src/policy/f.ts -> src/model/desired.js',
  ]);
});

test('issue 11 D1: the checker allows the emulator\'s own modules, src/policy, builtins and packages, and ignores other folders', () => {
  const files: SourceFile[] = [
    {
      path: 'src/emulator/pull/decide.ts',
      text: "import { walkChain } from './chain.js';\nimport { World } from '../world.js';\nimport { evaluatePolicies } from '../../policy/evaluate.js';\nimport { createServer } from 'node:http';\nimport YAML from 'yaml';\n",
    },
    { path: 'src/engine/x.ts', text: "import { pullChecks } from '../model/acr-pull.js';\n" },
  ];
  assert.deepEqual(forbiddenImports(files), []);
});
