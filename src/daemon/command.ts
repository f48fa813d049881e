// `run` without --once, from the flags `run` already parsed: builds the daemon's options.
import { resolve } from 'node:path';
import { UsageError, type CliIo } from '../cli/io.js';
import { loadOptionsFrom, manifestPaths, type LimitValues } from '../manifests/cli-support.js';
import { createDaemonEngine } from './engine-adapter.js';
import type { RawDaemonFlags } from './flags.js';
import { manifestLoader } from './manifest-source.js';
import { isEmulatorMode } from '../cloud/alibaba/endpoint.js';
import { runDaemon, type RunDaemonOptions } from './run-daemon.js';

export interface DaemonCommandInput {
  values: Record<string, unknown>;
  positionals: string[];
  /** The raw arguments: tells an explicit --log-level from `run`'s default. */
  argv: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function runDaemonCommand(input: DaemonCommandInput, io: CliIo, overrides: Partial<RunDaemonOptions> = {}): Promise<number> {
  const { values, positionals, argv } = input;
  if (values['wait'] === true || values['wait-timeout'] !== undefined) {
    throw new UsageError('--wait and --wait-timeout apply to --once; the daemon polls settling image caches by itself');
  }
  const paths = manifestPaths({ manifests: values['manifests'] as string[] | undefined }, positionals);
  const explicitLevel = argv.some((a) => a === '--log-level' || a.startsWith('--log-level='));
  const flags: RawDaemonFlags = {
    listen: str(values['listen']),
    resync: str(values['resync']),
    'shutdown-timeout': str(values['shutdown-timeout']),
    concurrency: str(values['concurrency']),
    'cache-poll-interval': str(values['cache-poll-interval']),
    'prune-confirm': str(values['prune-confirm']),
    // A daemon's useful default is one line per change: info, not run --once's warn.
    'log-level': explicitLevel ? str(values['log-level']) : 'info',
  };
  const endpoint = str(values['endpoint']);
  const maxDeletesText = str(values['max-deletes']);
  const maxDeletes = maxDeletesText === undefined ? undefined : Number(maxDeletesText);
  if (maxDeletes !== undefined && (!Number.isInteger(maxDeletes) || maxDeletes < 0)) {
    throw new UsageError(`--max-deletes must be a whole number, not "${maxDeletesText}"`);
  }
  return runDaemon(
    {
      manifests: paths.map((p) => resolve(io.cwd, p)),
      flags,
      prune: values['prune'] === true,
      loadManifests: manifestLoader(paths, io.cwd, { ...loadOptionsFrom(values as LimitValues), emulatorMode: isEmulatorMode(endpoint, io.env) }),
      engine: (ctx) =>
        createDaemonEngine(ctx, {
          ...(endpoint ? { endpoint } : {}),
          ...(maxDeletes !== undefined ? { maxDeletes } : {}),
          env: io.env,
          dryRun: values['dry-run'] === true,
        }),
      ...overrides,
    },
    io,
  );
}
