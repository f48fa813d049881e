// `run --once`: one reconcile pass, one line per resource, exit 0 (converged or pending), 1 (some
// resource failed, the prune guard refused, or two reads for --prune disagreed), 3 (invalid manifests
// or flags: nothing is written).
// `run --dry-run` is `plan`. `run` without --once is the daemon (see daemonMode below).
import { parseArgs } from 'node:util';
import { ExitCode, outputFormat, UsageError, type CliIo, type Command } from '../io.js';
import { reconcileAll } from '../../engine/reconcile.js';
import type { KeyOutcome } from '../../engine/outcomes.js';
import { DEFAULT_MAX_DELETES } from '../../plan/plan.js';
import { renderPlanText } from '../../plan/render-text.js';
import { daemonFlagSpec, parseDuration } from '../../daemon/flags.js';
import { LIMITS_HELP } from '../../manifests/cli-support.js';
import { commonFlags, prepare, printPlan, type Prepared } from './plan.js';
import { confirmBySecondRead, ONCE_PRUNE_CONFIRM_MS, rereadForCli } from '../confirm-prune.js';

const HELP = `usage: eci-acr-reconciler run [--manifests DIR]... [--once] [--dry-run] [--prune] [--max-deletes N] [--wait] [--wait-timeout DUR]

Reconciles the cloud with the manifests. With --once: one pass, then exit.
  --manifests DIR      a folder or file (repeatable; default ./manifests)
  --once               one full pass and exit (without it: the long-running daemon)
  --dry-run            print the plan, change nothing (same as \`plan\`)
  --prune              delete owned resources that left the manifests (guarded; with --once the
                       manifests are read twice, --prune-confirm apart (default ${ONCE_PRUNE_CONFIRM_MS / 1000}s), and
                       nothing is written unless both reads agree)
  --max-deletes N      refuse a pass that would delete more than N resources (default ${DEFAULT_MAX_DELETES})
  --wait               wait for image caches to become Ready (or Failed)
  --wait-timeout DUR   how long --wait waits, e.g. 90s, 10m (default 10m)
  --endpoint URL       send every OpenAPI call to URL (env ECI_ACR_RECONCILER_ENDPOINT)
  --log-level LEVEL    error | warn | info | debug
${LIMITS_HELP}exit codes: 0 converged (caches may be pending without --wait), 1 a resource failed or prune refused, 3 invalid input
`;

export const command: Command = {
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...commonFlags,
        ...daemonFlagSpec,
        once: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        wait: { type: 'boolean', default: false },
        'wait-timeout': { type: 'string' },
      },
    });
    if (values.help) {
      const { daemonHelp } = await import('../../daemon/flags.js');
      io.stdout(`${HELP}\n${daemonHelp}`);
      return ExitCode.ok;
    }
    // SEAM for the daemon: `run` without --once (and without --dry-run) is the long-running reconciler.
    if (!values.once && !values['dry-run']) return daemonMode({ values, positionals, argv }, io);
    outputFormat(values.output);
    const waitTimeoutMs = parseDuration(String(values['wait-timeout'] ?? '10m'));
    if (waitTimeoutMs === undefined) throw new UsageError(`--wait-timeout must be a duration such as 90s or 10m, not "${values['wait-timeout']}"`);
    const pruneConfirmMs = values['prune-confirm'] === undefined ? ONCE_PRUNE_CONFIRM_MS : parseDuration(values['prune-confirm']);
    if (pruneConfirmMs === undefined) throw new UsageError(`--prune-confirm must be a duration such as 2s, not "${values['prune-confirm']}"`);
    const prepared = await prepare(values, positionals, io);
    if (typeof prepared === 'number') return prepared;
    if (values['dry-run']) return printPlan(prepared, values, io);
    if (prepared.prune) {
      const refused = await pruneUnconfirmed(prepared, pruneConfirmMs, io);
      if (refused !== undefined) return refused;
    }
    return runOnce(prepared, { wait: values.wait === true, waitTimeoutMs }, io);
  },
};

/** `run` without --once: the long-running daemon (src/daemon). Loaded lazily, like the commands. */
async function daemonMode(input: { values: Record<string, unknown>; positionals: string[]; argv: string[] }, io: CliIo): Promise<number> {
  return (await import('../../daemon/command.js')).runDaemonCommand(input, io);
}

/** B8: deletions only from a read that a second read confirms; an exit code when it does not. */
async function pruneUnconfirmed(p: Prepared, intervalMs: number, io: CliIo): Promise<number | undefined> {
  p.log('info', `reading the manifests again in ${intervalMs / 1000}s to confirm the deletions`);
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

async function runOnce(p: Prepared, flags: { wait: boolean; waitTimeoutMs: number }, io: CliIo): Promise<number> {
  const report = await reconcileAll(p.state, {
    provider: p.provider,
    clock: p.clock,
    prune: p.prune,
    maxDeletes: p.maxDeletes,
    wait: flags.wait,
    waitTimeoutMs: flags.waitTimeoutMs,
    pollIntervalMs: p.pollIntervalMs,
    signal: io.signal,
    onStep: (e) => p.log('debug', `${e.status}: ${e.description}${e.error ? ` — ${e.error.message}` : ''}`),
  });
  if (report.refused) {
    renderPlanText(report.plan, io.stderr);
    io.stderr(`error: ${report.refused}\n`);
    return ExitCode.failure;
  }
  for (const outcome of report.outcomes) io.stdout(`${outcomeLine(outcome)}\n`);
  const counts = new Map<string, number>();
  for (const o of report.outcomes) counts.set(o.outcome, (counts.get(o.outcome) ?? 0) + 1);
  const parts = [...counts.entries()].map(([k, n]) => `${n} ${k}`);
  io.stdout(`Run: ${parts.join(', ') || 'nothing to do'}; ${report.writes} write call${report.writes === 1 ? '' : 's'}.\n`);
  return report.ok ? ExitCode.ok : ExitCode.failure;
}

export function outcomeLine(o: KeyOutcome): string {
  const where = o.kind === 'imagecache' ? `${o.accountName}, ${o.regionId}${o.imageCacheId ? `, ${o.imageCacheId}` : ''}` : o.accountName;
  const code = o.error?.code ? ` (${o.error.code}${o.error.requestId ? `, RequestId ${o.error.requestId}` : ''})` : '';
  const message = o.message ? `: ${o.message}${code}` : code;
  return `${o.outcome.padEnd(9)} ${o.kind} ${o.name} (${where})${message}`;
}
