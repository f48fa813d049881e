// What every command that reads manifests shares: the flags, loading relative to the CLI's cwd,
// and printing diagnostics with the right exit code. `plan` and `run` use these too.
import { isAbsolute, resolve } from 'node:path';
import type { CliIo } from '../cli/io.js';
import { nodeFs, type ManifestFs } from './fs.js';
import type { LoadOptions } from './context.js';
import { loadManifests, DEFAULT_MANIFEST_DIR, type LoadResult } from './load.js';
import { diagnosticsOutcome, renderDiagnosticsJson, renderDiagnosticsText } from './render.js';
import type { Diagnostic } from './diagnostics.js';

/** node:util parseArgs options: `--manifests DIR` (repeatable). */
export const manifestsOption = { manifests: { type: 'string', multiple: true } } as const;

/**
 * The flags of the offline commands (validate, outputs). --endpoint and --log-level are accepted
 * and unused, so one command line can be reused across validate, plan and run.
 */
export const offlineFlags = {
  ...manifestsOption,
  output: { type: 'string', default: 'text' },
  help: { type: 'boolean', default: false },
  endpoint: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

/** Paths from `--manifests` and positionals; `./manifests` when neither is given. */
export function manifestPaths(values: { manifests?: string[] }, positionals: string[] = []): string[] {
  const paths = [...(values.manifests ?? []), ...positionals];
  return paths.length > 0 ? paths : [DEFAULT_MANIFEST_DIR];
}

/** The real filesystem, with relative paths taken from `cwd` (display paths stay as given). */
export function cwdFs(cwd: string, fs: ManifestFs = nodeFs): ManifestFs {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    stat: (p) => fs.stat(at(p)),
    readdir: (p) => fs.readdir(at(p)),
    readFile: (p) => fs.readFile(at(p)),
    realpath: (p) => fs.realpath(at(p)),
  };
}

/** `emulatorMode`: --endpoint (or its variable) names a loopback address (see LoadOptions). */
export function loadForCli(paths: string[], io: CliIo, options: LoadOptions = {}): LoadResult {
  return loadManifests(paths, cwdFs(io.cwd), options);
}

export type DiagnosticsFormat = 'text' | 'json';

/**
 * Writes the diagnostics (text to stderr, for commands whose stdout is their product; or the
 * caller's choice) and returns the exit code: 3 on any error (after --strict promotion), else 0.
 */
export function printDiagnostics(
  io: CliIo,
  result: Pick<LoadResult, 'diagnostics' | 'sources'>,
  options: { strict?: boolean; format?: DiagnosticsFormat; stream?: 'stdout' | 'stderr' } = {},
): { exitCode: number; diagnostics: Diagnostic[] } {
  const outcome = diagnosticsOutcome(result.diagnostics, options.strict ?? false);
  const write = options.stream === 'stdout' ? io.stdout : io.stderr;
  if (options.format === 'json') write(renderDiagnosticsJson(outcome.diagnostics));
  else write(renderDiagnosticsText(outcome.diagnostics, result.sources));
  return outcome;
}
