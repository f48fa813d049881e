// `run --once`: one reconcile pass, one line per resource, exit 0 (converged or pending), 1 (some
// resource failed, the prune guard refused, or two reads for --prune disagreed), 3 (invalid manifests
// or flags: nothing is written).
// `run --dry-run` is `plan`. `run` without --once is the daemon (see daemonMode below).
import { ExitCode, UsageError, type CliIo, type Command } from '../io.js';
import { reconcileAll, type EngineOptions, type PassReport } from '../../engine/reconcile.js';
import type { KeyOutcome } from '../../engine/outcomes.js';
import { partialNote, renderPlanText } from '../../plan/render-text.js';
import type { TargetSelection } from '../../plan/targets.js';
import { prepare, printPlan, type Prepared } from './plan.js';
import { confirmBySecondRead, rereadForCli } from '../confirm-prune.js';
import { flagsHelp, tableCommand, type Values } from '../settings.js';
import { durationSetting, flagOn, givenText, outputSetting } from '../setting-values.js';
import { targetsFrom, warnPruneIgnored } from '../planning.js';
import type { SavedPlan } from '../../plan/saved.js';
import { readSavedPlan } from '../saved-plan-file.js';
import { applySavedPlan } from '../apply-saved.js';

export const HELP = `usage: eci-acr-reconciler run [--manifests DIR]... [--once] [--dry-run] [--prune] [--max-deletes N] [--wait] [--wait-timeout DUR] [--target KIND/NAME]...
       eci-acr-reconciler run --once --plan FILE [--manifests DIR]... [--wait]

Reconciles the cloud with the manifests: the long-running daemon, or with --once one pass, then exit.
With --once --prune the manifests are read twice, --prune-confirm apart, and nothing is written
unless both reads agree. With --plan FILE (saved by \`plan --out\`) exactly that plan's steps are applied,
after checking that neither the manifests nor any planned resource changed since (else exit 1, nothing written).
${flagsHelp('run')}exit codes: 0 converged (caches may be pending without --wait), 1 a resource failed or prune refused, 3 invalid input
`;

export const command: Command = tableCommand('run', HELP, async ({ values, positionals }, io) => {
  // SEAM for the daemon: `run` without --once (and without --dry-run) is the long-running reconciler.
  if (!flagOn(values, 'once') && !flagOn(values, 'dry-run')) {
    for (const flag of ['plan', 'target']) if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --once: the daemon reconciles every manifest`);
    return daemonMode(values, positionals, io);
  }
  outputSetting(values);
  const waitTimeoutMs = durationSetting(values, 'wait-timeout');
  const pruneConfirmMs = durationSetting(values, 'prune-confirm');
  const pollIntervalMs = durationSetting(values, 'cache-poll-interval', { env: io.env, min: 100 });
  const saved = savedPlanFlag(values, io);
  const prepared = await prepare(values, positionals, io);
  if (flagOn(values, 'dry-run')) return printPlan(prepared, values, io);
  const flags = { wait: flagOn(values, 'wait'), waitTimeoutMs, pollIntervalMs };
  if (saved !== undefined) return applySavedPlan(prepared, saved, engineOptions(prepared, flags, io), io, (report) => reportPass(report, io));
  const only = targetsFrom(values, prepared.state);
  warnPruneIgnored(prepared, only);
  if (prepared.prune && !only) {
    const refused = await pruneUnconfirmed(prepared, pruneConfirmMs, io);
    if (refused !== undefined) return refused;
  }
  return runOnce(prepared, flags, io, only);
});

/** `--plan FILE`, read and checked before the manifests; flags the saved plan decides are refused. */
function savedPlanFlag(values: Values, io: CliIo): { file: string; saved: SavedPlan } | undefined {
  const file = givenText(values, 'plan');
  if (file === undefined) return undefined;
  for (const flag of ['target', 'prune', 'dry-run']) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} cannot be combined with --plan: a saved plan is applied as it was made`);
  }
  return { file, saved: readSavedPlan(file, io) };
}

/** `run` without --once: the long-running daemon (src/daemon). Loaded lazily, like the commands. */
async function daemonMode(values: Values, positionals: string[], io: CliIo): Promise<number> {
  return (await import('../daemon-mode.js')).runDaemonCommand({ values, positionals }, io);
}

/** B8: deletions only from a read that a second read confirms; an exit code when it does not. */
async function pruneUnconfirmed(p: Prepared, intervalMs: number, io: CliIo): Promise<number | undefined> {
  p.logger.info('reading the manifests again to confirm the deletions', { inSeconds: intervalMs / 1000 });
  const result = await confirmBySecondRead({
    first: p.read,
    firstAt: p.readAt,
    reread: () => rereadForCli(p.paths, io, p.readOptions),
    clock: p.clock,
    intervalMs,
    signal: io.signal,
  });
  if (result.confirmed) return undefined;
  io.stderr(`error: refusing to prune: ${result.reason}; nothing was written (run again once the manifests are stable)\n`);
  return ExitCode.failure;
}

type RunFlags = { wait: boolean; waitTimeoutMs: number; pollIntervalMs: number };

/** The engine's options for one pass of `run --once` (whole, partial, or a saved plan's). */
function engineOptions(p: Prepared, flags: RunFlags, io: CliIo): EngineOptions {
  return {
    provider: p.provider,
    clock: p.clock,
    prune: p.prune,
    maxDeletes: p.maxDeletes,
    wait: flags.wait,
    waitTimeoutMs: flags.waitTimeoutMs,
    pollIntervalMs: flags.pollIntervalMs,
    signal: io.signal,
    onStep: (e) => p.logger.debug('step', { status: e.status, step: e.description, ...(e.error ? { error: e.error.message } : {}) }),
  };
}

async function runOnce(p: Prepared, flags: RunFlags, io: CliIo, only?: TargetSelection): Promise<number> {
  const options = engineOptions(p, flags, io);
  const report = only
    ? await reconcileAll(only.desired, { ...options, prune: false, only: { keys: only.keys, targets: only.targets } })
    : await reconcileAll(p.state, options);
  return reportPass(report, io);
}

/** One line per resource and a summary line; exit 0 when every resource converged or is pending. */
function reportPass(report: PassReport, io: CliIo): number {
  if (report.plan.targets) io.stdout(`${partialNote(report.plan.targets)}\n`);
  if (report.refused) {
    renderPlanText(report.plan, io.stderr);
    io.stderr(`error: ${report.refused}\n`);
    return ExitCode.failure;
  }
  for (const line of outcomeLines(report.outcomes)) io.stdout(`${line}\n`);
  const counts = new Map<string, number>();
  for (const o of report.outcomes) counts.set(o.outcome, (counts.get(o.outcome) ?? 0) + 1);
  const parts = [...counts.entries()].map(([k, n]) => `${n} ${k}`);
  io.stdout(`Run: ${parts.join(', ') || 'nothing to do'}; ${report.writes} write call${report.writes === 1 ? '' : 's'}.\n`);
  return report.ok ? ExitCode.ok : ExitCode.failure;
}

/**
 * One line per resource, except for an account that could not be read at all (a dead endpoint,
 * pinning): its resources share that one error, said once for the account (issue 14, finding 3).
 */
function outcomeLines(all: KeyOutcome[]): string[] {
  const lines: string[] = [];
  for (const accountName of new Set(all.map((o) => o.accountName))) {
    const own = all.filter((o) => o.accountName === accountName);
    const first = own[0]!;
    const unread = own.every((o) => o.action === 'error' && o.message === first.message);
    if (!unread) lines.push(...own.map(outcomeLine));
    else lines.push(`${first.outcome.padEnd(9)} account ${accountName} (${own.length} resource${own.length === 1 ? '' : 's'} not reconciled)${detail(first)}`);
  }
  return lines;
}

function detail(o: KeyOutcome): string {
  const code = o.error?.code ? ` (${o.error.code}${o.error.requestId ? `, RequestId ${o.error.requestId}` : ''})` : '';
  return o.message ? `: ${o.message}${code}` : code;
}

export function outcomeLine(o: KeyOutcome): string {
  const where = o.kind === 'imagecache' ? `${o.accountName}, ${o.regionId}${o.imageCacheId ? `, ${o.imageCacheId}` : ''}` : o.accountName;
  return `${o.outcome.padEnd(9)} ${o.kind} ${o.name} (${where})${detail(o)}`;
}
