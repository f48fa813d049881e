// `plan`: read the live state, print the diff, change nothing. Exit 0 in sync, 2 changes pending
// (with --detailed-exitcode; 0 without), 1 a cloud failure, an account that failed pinning, a
// conflict with an unmanaged resource, or a refused prune; 3 invalid manifests or flags.
// Also the shared preparation of `plan` and `run --once`: flags, manifests, provider.
import { createAlibabaProvider } from '../../cloud/alibaba/index.js';
import { CloudError, type CloudProvider } from '../../cloud/provider.js';
import { observe } from '../../engine/observe.js';
import type { DesiredState } from '../../model/desired.js';
import { hasChanges, plan } from '../../plan/plan.js';
import { renderPlanJson } from '../../plan/render-json.js';
import { renderPlanText } from '../../plan/render-text.js';
import { systemClock, type Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { ExitCode, InterruptedError, UsageError, type CliIo, type Command } from '../io.js';
import { cliLogger } from '../logging.js';
import { missingCredentialVariables } from '../preflight.js';
import { isEmulatorMode } from '../../cloud/alibaba/endpoint.js';
import { digestLoad, type ReadOptions } from '../confirm-prune.js';
import type { DigestedRead } from '../../manifests/digest.js';
import { loadForCli, manifestPaths, maxDiagnosticsFrom, printDiagnostics } from '../manifest-flags.js';
import { flagsHelp, tableCommand, type Values } from '../settings.js';
import type { LoadResult } from '../../manifests/load.js';
import { RegistryFacts } from '../../engine/registry-facts.js';
import { lookUpInstanceNames, warnAboutCacheImages } from '../registry-facts.js';
import { countSetting, flagOn, logLevelSetting, outputSetting, givenText } from '../setting-values.js';

export const HELP = `usage: eci-acr-reconciler plan [--manifests DIR]... [--output text|json] [--detailed-exitcode] [--prune] [--max-deletes N]

Reads the live state and prints what \`run --once\` would change. Changes nothing.
${flagsHelp('plan')}exit codes: 0 in sync (or changes without --detailed-exitcode), 2 changes pending, 1 cloud failure, 3 invalid input
`;

export interface Prepared {
  state: DesiredState;
  provider: CloudProvider;
  clock: Clock;
  prune: boolean;
  maxDeletes: number;
  logger: Logger;
  /** The manifest paths, the digests of the files this state was read from, and when. */
  paths: string[];
  readOptions: ReadOptions;
  read: DigestedRead;
  readAt: number;
  /** `plan`'s advice: one warning per ImageCache image whose ACR repository or tag does not exist (run --once keeps its read budget). */
  checkImages: () => Promise<void>;
}

/** Flags → manifests → provider. Invalid input throws UsageError; an interrupted load InterruptedError. */
export async function prepare(values: Values, positionals: string[], io: CliIo): Promise<Prepared> {
  const logger = cliLogger(io, logLevelSetting(values, 'once'), 'stderr');
  const maxDeletes = countSetting(values, 'max-deletes', 0);
  const paths = manifestPaths(values, positionals);
  const maxDiagnostics = maxDiagnosticsFrom(values);
  const endpoint = givenText(values, 'endpoint');
  const emulatorMode = isEmulatorMode(endpoint, io.env);
  const first = await loadForCli(paths, io, values, { emulatorMode });
  // With instanceNames to look up, the second load prints the warnings; the first prints only errors.
  const state = checkedState(first, io, maxDiagnostics, first.instanceNameLookups === undefined);
  const missing = missingCredentialVariables(state.accounts, io.env);
  if (missing.length > 0) throw new UsageError(missing.join('\n'));
  try {
    const provider = createAlibabaProvider({
      accounts: state.accounts,
      ...(endpoint ? { endpoint } : {}),
      env: io.env,
      clock: systemClock,
      signal: io.signal,
      // A CI run should survive a throttling storm: 8 attempts per call (0.3^8 ≈ 7e-5 at 30% faults).
      retry: { attempts: 8 },
      onRetry: (n) => logger.debug('retrying a cloud call', { ...n }),
    });
    const facts = new RegistryFacts(provider, logger);
    // instanceNames are looked up in ACR, then the manifests are loaded again with the ids.
    const loaded = first.instanceNameLookups ? await loadForCli(paths, io, values, { emulatorMode, instanceNames: await lookUpInstanceNames(first.instanceNameLookups, facts) }) : first;
    const resolved = checkedState(loaded, io, maxDiagnostics);
    const read = { paths, readOptions: { limits: values, emulatorMode }, read: digestLoad(loaded, io), readAt: systemClock.now() };
    const checkImages = () => warnAboutCacheImages(loaded, facts, logger);
    return { state: resolved, provider, clock: systemClock, prune: flagOn(values, 'prune'), maxDeletes, logger, checkImages, ...read };
  } catch (error) {
    if (error instanceof CloudError) throw new UsageError(error.message);
    throw error;
  }
}

/** The desired state, or the diagnostics printed and a UsageError: invalid manifests never reach the cloud, so they never cause a write or a deletion. */
function checkedState(loaded: LoadResult, io: CliIo, maxDiagnostics: number, printWarnings = true): DesiredState {
  if (loaded.diagnostics.length > 0 && (printWarnings || !loaded.state)) {
    const { exitCode } = printDiagnostics(io, loaded, { stream: 'stderr', maxDiagnostics });
    if (exitCode === ExitCode.failure) throw new InterruptedError('interrupted while reading the manifests');
    if (exitCode !== ExitCode.ok) throw new UsageError('invalid manifests', true);
  }
  if (!loaded.state) throw new UsageError('invalid manifests', true);
  return loaded.state;
}

export const command: Command = tableCommand('plan', HELP, async ({ values, positionals }, io) => {
  outputSetting(values);
  const prepared = await prepare(values, positionals, io);
  await prepared.checkImages();
  return printPlan(prepared, values, io);
});

export async function printPlan(p: Prepared, values: Values, io: CliIo): Promise<number> {
  const observed = await observe(p.state, p.provider, { prune: p.prune });
  const result = plan(p.state, observed, { prune: p.prune, maxDeletes: p.maxDeletes });
  if (outputSetting(values) === 'json') renderPlanJson(result, io.stdout);
  else renderPlanText(result, io.stdout);
  const broken = result.refused !== undefined || result.diffs.some((d) => d.action === 'error' || d.action === 'conflict');
  if (broken) return ExitCode.failure;
  return flagOn(values, 'detailed-exitcode') && hasChanges(result) ? ExitCode.changesPending : ExitCode.ok;
}
