// `plan`: read the live state, print the diff, change nothing. Exit 0 in sync, 2 changes pending
// (with --detailed-exitcode; 0 without), 1 a cloud failure, an account that failed pinning, a
// conflict with an unmanaged resource, or a refused prune; 3 invalid manifests or flags.
// Also the shared preparation of `plan` and `run --once`: flags, manifests, provider.
import { createAlibabaProvider } from '../../cloud/alibaba/index.js';
import { CloudError, type CloudProvider } from '../../cloud/provider.js';
import type { DesiredState } from '../../model/desired.js';
import { hasChanges, type Plan } from '../../plan/plan.js';
import { savedPlan } from '../../plan/saved.js';
import { manifestRevision } from '../../daemon/revision.js';
import { resolve } from 'node:path';
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
import { countSetting, flagOn, logLevelSetting, givenText } from '../setting-values.js';
import { planFormat, planNow, renderPlan, targetsFrom, warnPruneIgnored } from '../planning.js';
import { readSavedPlan, writeSavedPlan } from '../saved-plan-file.js';
import type { LoadResult } from '../../manifests/load.js';
import { lookUpInstanceNames, RegistryFacts } from '../../engine/registry-facts.js';
import { warnAboutCacheImages } from '../registry-facts.js';

export const HELP = `usage: eci-acr-reconciler plan [--manifests DIR]... [--output text|json|markdown] [--detailed-exitcode] [--prune] [--max-deletes N] [--target KIND/NAME]... [--out FILE]
       eci-acr-reconciler plan --plan FILE [--output text|json|markdown]

Reads the live state and prints what \`run --once\` would change. Changes nothing.
With --out FILE the plan is also saved, for \`run --once --plan FILE\` to apply exactly; with
--plan FILE a saved plan is shown.
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
  planFormat(values);
  const saved = givenText(values, 'plan');
  if (saved !== undefined) return showSaved(saved, values, io);
  const prepared = await prepare(values, positionals, io);
  await prepared.checkImages();
  return printPlan(prepared, values, io);
});

/** `plan --plan FILE`: the saved plan as it was made; no manifests, no cloud. */
function showSaved(file: string, values: Values, io: CliIo): number {
  for (const flag of ['out', 'target', 'prune']) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} cannot be combined with --plan: a saved plan is shown as it was made`);
  }
  const saved = readSavedPlan(file, io);
  renderPlan(saved.plan, planFormat(values), io);
  return exitCodeOf(saved.plan, values);
}

export async function printPlan(p: Prepared, values: Values, io: CliIo): Promise<number> {
  const format = planFormat(values);
  const only = targetsFrom(values, p.state);
  warnPruneIgnored(p, only);
  const planned = await planNow(p, only);
  // Issue 16: the header names the manifests' revision, as the daemon's /status and events do.
  const revision = manifestRevision(p.paths.map((path) => resolve(io.cwd, path)), p.read);
  renderPlan(planned.plan, format, io, revision);
  const code = exitCodeOf(planned.plan, values);
  const out = givenText(values, 'out');
  if (out === undefined) return code;
  if (code === ExitCode.failure) {
    io.stderr(`error: the plan has errors, conflicts or was refused: ${out} was not written\n`);
    return code;
  }
  // The digest is of every manifest, not the selection: a plan applies only to the set it was made from.
  writeSavedPlan(out, savedPlan({ plan: planned.plan, desired: p.state, observed: planned.observed, files: p.read.digests, prune: planned.prune, maxDeletes: p.maxDeletes, now: p.clock.now() }), io);
  io.stderr(`Saved the plan to ${out}; apply exactly it with: run --once --plan ${out}\n`);
  return code;
}

function exitCodeOf(result: Plan, values: Values): number {
  const broken = result.refused !== undefined || result.diffs.some((d) => d.action === 'error' || d.action === 'conflict');
  if (broken) return ExitCode.failure;
  return flagOn(values, 'detailed-exitcode') && hasChanges(result) ? ExitCode.changesPending : ExitCode.ok;
}
