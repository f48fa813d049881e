// What every command that reads manifests shares: the flags, loading relative to the CLI's cwd,
// and printing diagnostics with the right exit code. `plan` and `run` use these too.
import { isAbsolute, resolve } from 'node:path';
import { ExitCode, UsageError, type CliIo } from '../cli/io.js';
import { nodeFs, type ManifestFs } from './fs.js';
import { DEFAULT_LIMITS, DEFAULT_MAX_DIAGNOSTICS, type LoadOptions } from './limits.js';
import { loadManifestsInterruptibly, DEFAULT_MANIFEST_DIR, type LoadResult } from './load.js';
import { diagnosticsOutcome, renderDiagnosticsJson, renderDiagnosticsText } from './render.js';
import type { Diagnostic } from './diagnostics.js';

/** The input limits (README "Safety"): validate, plan and run take them all. */
export const limitFlags = {
  'max-file-size': { type: 'string' },
  'max-total-size': { type: 'string' },
  'max-depth': { type: 'string' },
  'max-diagnostics': { type: 'string' },
} as const;

/** node:util parseArgs options: `--manifests DIR` (repeatable), and the input limits. */
export const manifestsOption = { manifests: { type: 'string', multiple: true }, ...limitFlags } as const;

/** Help lines for the limit flags, shared by the commands' --help. */
export const LIMITS_HELP = `  --max-file-size SIZE    refuse a manifest file larger than SIZE (default 1MiB; bytes, or KiB/MiB/GiB)
  --max-total-size SIZE   refuse manifests larger than SIZE together (default ${DEFAULT_LIMITS.maxTotalBytes / 1024 / 1024}MiB)
  --max-depth N           refuse a document nested deeper than N levels (default ${DEFAULT_LIMITS.maxDepth})
  --max-diagnostics N     print at most N diagnostics and count the rest (default ${DEFAULT_MAX_DIAGNOSTICS}; 0: all)
`;

export type LimitValues = { [K in keyof typeof limitFlags]?: string | undefined };

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

/** `1048576`, `512KiB`, `1MiB`, `2G` → bytes (binary units: the limits are about memory). */
export function parseSize(flag: string, value: string): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(value.trim());
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  if (match === null || unit === undefined || Number(match[1]) <= 0) throw new UsageError(`--${flag} must be a size such as 1048576, 512KiB or 1MiB, not "${value}"`);
  return Number(match[1]) * unit;
}

function parseCount(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) throw new UsageError(`--${flag} must be a whole number of at least ${min}, not "${value}"`);
  return n;
}

/** The loader's limits from the flags (usage errors for bad values); defaults for flags not given. */
export function loadOptionsFrom(values: LimitValues): LoadOptions {
  const options: LoadOptions = {};
  if (values['max-file-size'] !== undefined) options.maxFileBytes = parseSize('max-file-size', values['max-file-size']);
  if (values['max-total-size'] !== undefined) options.maxTotalBytes = parseSize('max-total-size', values['max-total-size']);
  if (values['max-depth'] !== undefined) options.maxDepth = parseCount('max-depth', values['max-depth'], 1);
  return options;
}

export function maxDiagnosticsFrom(values: LimitValues): number {
  const value = values['max-diagnostics'];
  return value === undefined ? DEFAULT_MAX_DIAGNOSTICS : parseCount('max-diagnostics', value, 0);
}

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
    readFile: (p, maxBytes) => fs.readFile(at(p), maxBytes),
    realpath: (p) => fs.realpath(at(p)),
  };
}

/**
 * Loads with the limits of the flags; SIGTERM/SIGINT (io.signal) interrupt it between documents.
 * `emulatorMode`: --endpoint (or its variable) names a loopback address (see ResolveOptions).
 */
export function loadForCli(paths: string[], io: CliIo, values: LimitValues = {}, extra: { emulatorMode?: boolean } = {}, fs: ManifestFs = nodeFs): Promise<LoadResult> {
  const emulatorMode = extra.emulatorMode === true ? { emulatorMode: true } : {};
  return loadManifestsInterruptibly(paths, cwdFs(io.cwd, fs), { ...loadOptionsFrom(values), ...emulatorMode, signal: io.signal });
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
  const outcome = diagnosticsOutcome(result.diagnostics, options.strict ?? false);
  const write = options.stream === 'stdout' ? io.stdout : io.stderr;
  const render = { maxDiagnostics: options.maxDiagnostics ?? DEFAULT_MAX_DIAGNOSTICS };
  if (options.format === 'json') write(renderDiagnosticsJson(outcome.diagnostics, render));
  else write(renderDiagnosticsText(outcome.diagnostics, result.sources, render));
  // Interrupted is not invalid: nothing was decided about the input.
  return { ...outcome, exitCode: result.interrupted ? ExitCode.failure : outcome.exitCode };
}
