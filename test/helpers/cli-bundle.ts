// The CLI as a child process costs 1-2 s of CPU under the tsx loader (every module goes through its
// hooks), against a quarter of a second for the same sources bundled by esbuild (tsx's own compiler,
// already installed). Tests that spawn the CLI, some several times, spawn this bundle instead: built
// once per test process, removed when it exits.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Each source keeps its own import.meta: the CLI finds package.json, seeds/ and schemas/ relative to
 * its source file, and in a bundle every module would otherwise see the bundle's location.
 */
const sourceLocation: Plugin = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path)),
      loader: 'ts',
    }));
  },
};

/**
 * Bundles `entry` (a .ts file under the repository) into a fresh folder and writes `wrapper`, the
 * process entry, beside it: the bundled modules keep their own import.meta, so no module sees itself
 * as the process's entry file. Removed when the process exits.
 */
export async function bundleEntry(entry: string, wrapper: string): Promise<string> {
  const esbuild = await import('esbuild');
  // Under node_modules so the bundle's bare imports (packages stay external) resolve as the sources' do.
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'eci-acr-bundle-'));
  // Readable by every user: a test may run the CLI as `nobody` (manifests/safety.test.ts).
  chmodSync(dir, 0o755);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  // Splitting keeps the lazily loaded commands lazy, as in the sources and the tsc build.
  await esbuild.build({ entryPoints: [join(ROOT, entry)], bundle: true, splitting: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', outdir: dir, outExtension: { '.js': '.mjs' }, logLevel: 'warning', plugins: [sourceLocation] });
  const path = join(dir, 'entry.mjs');
  writeFileSync(path, wrapper);
  return path;
}

let built: Promise<string> | undefined;

/** The bundled CLI's entry file: `node <entry> <command> ...` behaves as `node --import tsx src/cli/main.ts`. */
export function cliBundle(): Promise<string> {
  // main.ts runs main() only when it is the process's entry file, which the bundle's main.mjs never is.
  built ??= bundleEntry('src/cli/main.ts', "import { main } from './main.mjs';\nvoid main();\n");
  return built;
}
