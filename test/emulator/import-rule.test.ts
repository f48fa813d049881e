// Issue 11, Deliver 1: the emulator judges the reconciler, so it may not share the reconciler's
// beliefs. src/emulator may import only its own modules and the policy language (src/policy), and
// src/policy only itself. Imports are read by TypeScript's own pre-processor, so `import type`,
// `export … from` and dynamic `import()` all count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forbiddenImports, LAYERS, sourcesUnder, type SourceFile } from '../helpers/import-graph.js';

/** The emulator's and the policy language's rows of the layer table (test/helpers/import-graph.ts). */
const EMULATOR_RULE = { emulator: LAYERS['emulator']!, policy: LAYERS['policy']! };

test('issue 11 D1: no file under src/emulator (or src/policy, which it uses) imports the reconciler\'s side', () => {
  const files = [...sourcesUnder('src/emulator'), ...sourcesUnder('src/policy')];
  assert.ok(files.length > 40, `read ${files.length} files`);
  assert.ok(files.some((f) => f.path === 'src/emulator/pull/decide.ts'), 'the pull decision is among the files checked');
  assert.deepEqual(forbiddenImports(files, EMULATOR_RULE), []);
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
  const flagged = forbiddenImports(files, EMULATOR_RULE).map((v) => `${v.file} -> ${v.target}`);
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
  assert.deepEqual(forbiddenImports(files, EMULATOR_RULE), []);
});
