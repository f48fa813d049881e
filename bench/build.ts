// Compiles the reconciler (tsconfig.build.json) into a private folder, so peak RSS is measured on
// the JavaScript the container runs rather than under the tsx loader (≈ 35 MB more on this machine).
import { spawn } from 'node:child_process';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BuildResult {
  /** The compiled `cli` folder, when the build produced one. */
  cliDir?: string;
  ms: number;
  /** tsc's complaints (type errors in files being edited still emit JavaScript). */
  output: string;
}

/** `outDir` lives outside the repository; its parent gets what Node needs to load it as the repo would. */
function prepareOutDir(outDir: string): void {
  // ES modules, and the repository's dependencies, found by walking up from the compiled files.
  writeFileSync(join(dirname(outDir), 'package.json'), JSON.stringify({ type: 'module', private: true }));
  if (!existsSync(join(dirname(outDir), 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dirname(outDir), 'node_modules'), 'dir');
}

export async function buildCli(outDir: string): Promise<BuildResult> {
  const started = performance.now();
  prepareOutDir(outDir);
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const child = spawn(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.once('close', resolve));
  const cliDir = join(outDir, 'cli');
  const ms = Math.round(performance.now() - started);
  return existsSync(join(cliDir, 'main.js')) ? { cliDir, ms, output } : { ms, output };
}

/** The TypeScript sources, run through the tsx loader. */
export const SOURCE_CLI_DIR = join(ROOT, 'src/cli');

/**
 * esbuild (installed as tsx's compiler) bundles the CLI in about a second, where tsc takes half a
 * minute: what --quick uses, so the smoke test spends its time on passes, not on transpiling.
 * Code splitting keeps the CLI's lazily imported commands lazy, as in the tsc output.
 */
export async function bundleCli(outDir: string): Promise<BuildResult> {
  const started = performance.now();
  prepareOutDir(outDir);
  try {
    const { build } = await import('esbuild');
    await build({
      entryPoints: { main: join(ROOT, 'src/cli/main.ts') },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      target: 'node20',
      outdir: join(outDir, 'cli'),
      logLevel: 'silent',
    });
  } catch (error) {
    return { ms: Math.round(performance.now() - started), output: (error as Error).message };
  }
  return { cliDir: join(outDir, 'cli'), ms: Math.round(performance.now() - started), output: '' };
}
