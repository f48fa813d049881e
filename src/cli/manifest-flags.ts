// What every command that reads manifests shares: the input limits of the flags, loading relative
// to the CLI's cwd, and printing diagnostics with the right exit code. `plan` and `run` use these too.
import { nodeFs, cwdFs, type ManifestFs } from '../manifests/fs.js';
import { DEFAULT_MAX_DIAGNOSTICS, type LoadOptions } from '../manifests/limits.js';
import { loadManifestsInterruptibly, DEFAULT_MANIFEST_DIR, type LoadResult } from '../manifests/load.js';
import { diagnosticsOutcome, renderDiagnosticsJson, renderDiagnosticsText } from '../manifests/render.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ResolveOptions } from '../manifests/context.js';
import { ExitCode, type CliIo } from './io.js';
import { countSetting, sizeSetting } from './setting-values.js';
import type { Values } from './settings.js';

/** The loader's limits from the flags (usage errors for bad values); defaults for flags not given. */
export function loadOptionsFrom(values: Values): LoadOptions {
  const options: LoadOptions = {};
  if (values['max-file-size'] !== undefined) options.maxFileBytes = sizeSetting(values, 'max-file-size');
  if (values['max-total-size'] !== undefined) options.maxTotalBytes = sizeSetting(values, 'max-total-size');
  if (values['max-depth'] !== undefined) options.maxDepth = countSetting(values, 'max-depth', 1);
  if (values['allow-unknown-regions'] === true) options.allowUnknownRegions = true;
  return options;
}

export function maxDiagnosticsFrom(values: Values): number {
  return values['max-diagnostics'] === undefined ? DEFAULT_MAX_DIAGNOSTICS : countSetting(values, 'max-diagnostics', 0);
}

/** Paths from `--manifests` and positionals; `./manifests` when neither is given. */
export function manifestPaths(values: Values, positionals: string[] = []): string[] {
  const flags = Array.isArray(values['manifests']) ? values['manifests'] : [];
  const paths = [...flags, ...positionals];
  return paths.length > 0 ? paths : [DEFAULT_MANIFEST_DIR];
}

/**
 * Loads with the limits of the flags; SIGTERM/SIGINT (io.signal) interrupt it between documents.
 * `emulatorMode`: --endpoint (or its variable) names a loopback address (see ResolveOptions).
 */
export function loadForCli(paths: string[], io: CliIo, values: Values = {}, extra: { emulatorMode?: boolean; instanceNames?: ResolveOptions['instanceNames'] } = {}, fs: ManifestFs = nodeFs): Promise<LoadResult> {
  const emulatorMode = extra.emulatorMode === true ? { emulatorMode: true } : {};
  const instanceNames = extra.instanceNames ? { instanceNames: extra.instanceNames } : {};
  return loadManifestsInterruptibly(paths, cwdFs(io.cwd, fs), { ...loadOptionsFrom(values), ...emulatorMode, ...instanceNames, signal: io.signal });
}

export type DiagnosticsFormat = 'text' | 'json';

/**
 * Writes the diagnostics (text to stderr, for commands whose stdout is their product; or the
 * caller's choice) and returns the exit code: 3 on any error (after --strict promotion), else 0.
 */
export function printDiagnostics(
  io: CliIo,
  result: Pick<LoadResult, 'diagnostics' | 'sources' | 'interrupted'>,
  options: { strict?: boolean; format?: DiagnosticsFormat; stream?: 'stdout' | 'stderr'; maxDiagnostics?: number } = {},
): { exitCode: number; diagnostics: Diagnostic[] } {
  const { diagnostics, invalid } = diagnosticsOutcome(result.diagnostics, options.strict ?? false);
  const write = options.stream === 'stdout' ? io.stdout : io.stderr;
  const render = { maxDiagnostics: options.maxDiagnostics ?? DEFAULT_MAX_DIAGNOSTICS };
  if (options.format === 'json') write(renderDiagnosticsJson(diagnostics, render));
  else write(renderDiagnosticsText(diagnostics, result.sources, render));
  return { diagnostics, exitCode: diagnosticsExitCode(invalid, result.interrupted) };
}

/** Interrupted is not invalid (nothing was decided about the input): exit 1; any error: exit 3. */
export function diagnosticsExitCode(invalid: boolean, interrupted: boolean | undefined): number {
  if (interrupted) return ExitCode.failure;
  return invalid ? ExitCode.invalidInput : ExitCode.ok;
}
