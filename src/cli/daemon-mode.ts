// `run` without --once, from the flags `run` already parsed: checks the daemon's settings, builds
// its logger, manifest loader and engine, and turns how it ended into an exit code.
import { resolve } from 'node:path';
import { createDaemonEngine } from '../daemon/engine-adapter.js';
import { manifestLoader } from '../daemon/manifest-source.js';
import { runDaemon, type RunDaemonOptions } from '../daemon/run-daemon.js';
import { isEmulatorMode } from '../cloud/alibaba/endpoint.js';
import { ExitCode, UsageError, type CliIo } from './io.js';
import { cliLogger } from './logging.js';
import { loadOptionsFrom, manifestPaths } from './manifest-flags.js';
import { daemonSettingsWithElection } from './leader-flags.js';
import { operationsSettings } from './operations-settings.js';
import { countSetting, flagOn, givenText } from './setting-values.js';
import type { Values } from './settings.js';

export interface DaemonCommandInput {
  values: Values;
  positionals: string[];
}

export async function runDaemonCommand(input: DaemonCommandInput, io: CliIo, overrides: Partial<RunDaemonOptions> = {}): Promise<number> {
  const { values, positionals } = input;
  if (flagOn(values, 'wait') || values['wait-timeout'] !== undefined) {
    throw new UsageError('--wait and --wait-timeout apply to --once; the daemon polls settling image caches by itself');
  }
  const settings = daemonSettingsWithElection(values, io.env);
  const operations = operationsSettings(values, io.env, io.cwd);
  const paths = manifestPaths(values, positionals);
  const endpoint = givenText(values, 'endpoint');
  const maxDeletes = values['max-deletes'] === undefined ? undefined : countSetting(values, 'max-deletes', 0);
  // instanceNames are looked up by the engine each pass (engine-adapter.ts), as plan does.
  const loadOptions = { ...loadOptionsFrom(values), emulatorMode: isEmulatorMode(endpoint, io.env) };
  const clock = overrides.clock;
  const exit = await runDaemon({
    manifests: paths.map((p) => resolve(io.cwd, p)),
    settings,
    logger: cliLogger(io, settings.logLevel, 'stdout', clock),
    stop: io.signal,
    operations,
    prune: flagOn(values, 'prune'),
    loadManifests: manifestLoader(paths, io.cwd, loadOptions),
    engine: (ctx) =>
      createDaemonEngine(ctx, {
        ...(endpoint ? { endpoint } : {}),
        ...(maxDeletes !== undefined ? { maxDeletes } : {}),
        env: io.env,
        dryRun: flagOn(values, 'dry-run'),
        backgroundShare: settings.backgroundShare,
      }),
    ...overrides,
  });
  return exit === 'stopped' ? ExitCode.ok : ExitCode.failure;
}
