// The layers of src/ as a table of allowed edges, and a checker that reads every import with
// TypeScript's own pre-processor (so `import type`, `export … from` and dynamic `import()` count).
// Used by test/architecture/layers.test.ts (the whole tree) and test/emulator/import-rule.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

export interface SourceFile {
  /** Repository-relative, with forward slashes: src/emulator/pull/decide.ts */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  target: string;
}

const BELOW_DAEMON = ['engine', 'cloud', 'manifests', 'plan', 'model', 'policy', 'runtime'] as const;

/**
 * Which top-level folders of src/ each folder may import from (besides itself). Read bottom-up:
 * policy and runtime stand alone; model, plan, cloud and manifests build on them; engine joins plan
 * and the cloud's provider interface; daemon drives engine; cli sits on top of everything; the
 * emulator stands apart (it judges the reconciler, so it shares only the policy language). The
 * README's "Layout" section shows the same table.
 */
export const LAYERS: Record<string, readonly string[]> = {
  policy: [],
  runtime: [],
  model: ['policy', 'runtime'],
  plan: ['model', 'policy', 'runtime'],
  cloud: ['model', 'runtime'],
  manifests: ['model', 'policy', 'runtime'],
  engine: ['plan', 'cloud', 'model', 'policy', 'runtime'],
  daemon: [...BELOW_DAEMON],
  doctor: ['cloud', 'manifests', 'model', 'policy', 'runtime'],
  cli: ['daemon', 'doctor', 'emulator', ...BELOW_DAEMON],
  demo: ['cli', 'daemon', 'doctor', 'emulator', ...BELOW_DAEMON],
  emulator: ['policy'],
};

/** Every import of a file in a folder of `allowed` that reaches a folder of src/ it may not use. */
export function forbiddenImports(files: readonly SourceFile[], allowed: Record<string, readonly string[]> = LAYERS): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const from = srcFolder(file.path) ?? '';
    const may = allowed[from];
    if (may === undefined) continue;
    for (const { fileName: specifier } of ts.preProcessFile(file.text, true, true).importedFiles) {
      if (!specifier.startsWith('.')) continue; // node: builtins and packages are not the reconciler
      const target = posix.normalize(posix.join(posix.dirname(file.path), specifier));
      const folder = srcFolder(target);
      if (folder === undefined || (folder !== from && !may.includes(folder))) violations.push({ file: file.path, specifier, target });
    }
  }
  return violations;
}

/** `emulator` for src/emulator/…; undefined outside src/. */
export function srcFolder(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

export function sourcesUnder(dir: string): SourceFile[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name).split('\\').join('/'))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
