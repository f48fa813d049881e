// Rendering: a table a person reads, then one line of JSON a script reads (always the last line).
import type { CaseResult } from './cases.js';
import { describeLimit, type RateLimitSpec } from './limits.js';

export interface BenchSummary {
  fleet: Record<string, number>;
  /** Peak RSS of a reconciler process that only prints its version (Node + tsx + CLI entry). */
  baselineRssMb: number | null;
  settings: { cli: string; latencyMs: number; cacheBuildMs: number; rateLimits: (Omit<RateLimitSpec, 'why'> & { why: string })[] };
  cases: CaseResult[];
  targets: Record<string, boolean | null>;
  totalMs: number;
  /** The shared machine's 1-minute load average when the run started and ended, and its cores: wall times depend on it. */
  machine?: { cpus: number; loadAtStart: number; loadAtEnd: number };
}

/** The issue's targets, judged from the figures; null when the case did not run. */
export function judgeTargets(cases: readonly CaseResult[]): Record<string, boolean | null> {
  const get = (name: string) => cases.find((c) => c.name === name && !c.problem);
  const noop = get('noop');
  const cold = get('cold');
  const one = get('one-change');
  const passes = cases.filter((c) => c.name !== 'validate' && !c.problem);
  return {
    noopZeroWrites: noop ? noop.calls.writes === 0 : null,
    noopReadsWithinModel: noop?.model ? noop.calls.reads <= noop.model.reads : null,
    // The same, not counting the repeats of throttled reads: tells "reads too much" from "was throttled".
    noopAcceptedReadsWithinModel: noop?.model ? noop.calls.reads - noop.calls.throttled <= noop.model.reads : null,
    noopWithin1_5xBound: noop?.ratio != null ? noop.ratio <= 1.5 : null,
    coldWithin1_5xBound: cold?.ratio != null ? cold.ratio <= 1.5 : null,
    zeroThrottled: passes.length > 0 ? passes.every((c) => c.calls.throttled === 0) : null,
    oneChangeSingleWrite: one ? one.calls.writes === 1 : null,
    peakRssUnder200Mb: passes.length > 0 ? passes.every((c) => c.peakRssMb > 0 && c.peakRssMb < 200) : null,
    daemonZeroWrites: get('daemon') ? get('daemon')!.calls.writes === 0 : null,
    // Issue 15: an incremental no-op resync costs at most its list pages per account and writes nothing;
    // every drift case is corrected by the one resync after it.
    incrementalNoopWithinListPages: get('daemon')?.incremental ? get('daemon')!.incremental!.noop.withinListPages && get('daemon')!.incremental!.noop.writes === 0 : null,
    driftCorrectedInOneResync: get('daemon')?.incremental ? get('daemon')!.incremental!.drift.every((d) => d.corrected) : null,
    // Issue 15: a background pass's calls per account, service and second stay within the share (+ burst).
    backgroundWithinShare: get('daemon-resync')?.background ? get('daemon-resync')!.background!.withinShare : null,
  };
}

export function renderTable(summary: BenchSummary): string {
  const lines: string[] = [];
  const f = summary.fleet;
  lines.push(
    `fleet: ${f.eciAccounts} ECI + ${f.registryAccounts} registry accounts, ${f.pullAccesses} AcrPullAccess → ` +
      `${f.roles} roles, ${f.customPolicies} policies, ${f.attachments} attachments, ${f.imageCaches} caches; validate case ${f.validateDocuments} documents`,
  );
  if (summary.baselineRssMb !== null) {
    lines.push(`peak RSS of an idle reconciler process (--version): ${summary.baselineRssMb.toFixed(1)} MB`);
  }
  lines.push(`reconciler: ${summary.settings.cli}, one child process per case`);
  if (summary.machine) lines.push(`machine: ${summary.machine.cpus} cores, load average ${summary.machine.loadAtStart.toFixed(1)} at start, ${summary.machine.loadAtEnd.toFixed(1)} at end`);
  lines.push(`emulator: ${summary.settings.latencyMs} ms per call; limits per account: ${summary.settings.rateLimits.map(describeLimit).join(', ')}`);
  lines.push('');
  const header = ['case', 'wall s', 'bound s', 'wall/bound', 'API span s', 'CPU s rec/emu', 'calls', 'reads (model)', 'writes (model)', 'throttled', 'peak RSS MB', 'heap MB used/total', 'loop lag ms p99/max', 'bound set by'];
  const rows = summary.cases.map((c) => [
    c.name + (c.problem ? ' (FAILED)' : ''),
    seconds(c.wallMs),
    c.bound ? seconds(c.bound.boundMs) : '-',
    c.ratio === null ? '-' : c.ratio.toFixed(2),
    seconds(c.callSpanMs),
    `${seconds(c.reconcilerCpuMs)}/${seconds(c.emulatorCpuMs)}`,
    String(c.calls.total),
    `${c.calls.reads} (${c.model?.reads ?? '-'})`,
    `${c.calls.writes} (${c.model?.writes ?? '-'})`,
    String(c.calls.throttled),
    c.peakRssMb.toFixed(1),
    `${c.peakHeapMb.used.toFixed(0)}/${c.peakHeapMb.total.toFixed(0)}`,
    c.eventLoopLagMs ? `${c.eventLoopLagMs.p99.toFixed(0)}/${c.eventLoopLagMs.max.toFixed(0)}` : '-',
    c.bound?.binding ?? '-',
  ]);
  lines.push(...table([header, ...rows]));
  lines.push('');
  lines.push(...actionTable(summary.cases));
  for (const c of summary.cases) {
    for (const note of c.notes) lines.push(`${c.name}: ${note}`);
    if (!c.problem && Object.keys(c.readsVsModel).length > 0) lines.push(`${c.name}: reads measured − model, where they differ: ${JSON.stringify(c.readsVsModel)}`);
    if (c.calls.throttled > 0) lines.push(`${c.name}: throttled answers by action: ${JSON.stringify(c.calls.throttledByAction)}`);
    const phases = Object.entries(c.phases).map(([k, [a, b]]) => `${k} ${a}–${b}s`);
    if (phases.length > 0 && c.name !== 'validate') lines.push(`${c.name}: phases (first–last call): ${phases.join(', ')}`);
    if (c.problem) lines.push(`${c.name}: PROBLEM: ${c.problem}`);
    if (c.incremental) lines.push(...incrementalLines(c.incremental));
  }
  lines.push('');
  lines.push(`targets: ${Object.entries(summary.targets).map(([k, v]) => `${k}=${v === null ? 'n/a' : v ? 'met' : 'MISSED'}`).join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** Issue 15's figures: the incremental no-op resync, and each drift case's correcting resync. */
function incrementalLines(f: NonNullable<CaseResult['incremental']>): string[] {
  const noop = f.noop;
  return [
    `incremental no-op resync (${noop.mode ?? '?'}): ${noop.calls} calls, ${noop.writes} writes, at most ${noop.maxCallsPerAccount} per account (list pages needed: ${Math.max(...Object.values(noop.listPages))} at most): ${JSON.stringify(noop.byAction)}`,
    ...f.drift.map((d) => `drift "${d.name}": ${d.corrected ? 'corrected' : 'NOT corrected'} by the next resync (${d.pass.mode ?? '?'}): ${d.pass.calls} calls, ${d.pass.writes} writes ${JSON.stringify(d.pass.byAction)}${d.problem ? `; ${d.problem}` : ''}`),
  ];
}

/** One row per action: measured calls and, in brackets, the model's, per case. */
function actionTable(cases: readonly CaseResult[]): string[] {
  const withCalls = cases.filter((c) => c.calls.total > 0 || c.model);
  const actions = [...new Set(withCalls.flatMap((c) => [...Object.keys(c.calls.byAction), ...Object.keys(c.model?.byAction ?? {})]))].sort();
  if (actions.length === 0) return [];
  const header = ['action', ...withCalls.map((c) => `${c.name} (model)`)];
  const rows = actions.map((a) => [a, ...withCalls.map((c) => `${c.calls.byAction[a] ?? 0} (${c.model?.byAction[a] ?? 0})`)]);
  return [...table([header, ...rows]), ''];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

/** The final line: every figure, one JSON object. */
export function renderJson(summary: BenchSummary): string {
  return `${JSON.stringify({ bench: 'eci-acr-reconciler fleet', ...summary })}\n`;
}
