// The measured cases. Each clears the emulator's request log, runs one reconciler process, and
// sets what it saw next to what the model says a pass cannot avoid.
import type { EmulatorAdmin, LoggedRequest } from './admin.js';
import type { BackgroundRates } from './background.js';
import { applyDrift, type Drift } from './drift.js';
import type { Fleet } from './fleet.js';
import type { RateLimitSpec } from './limits.js';
import { allCaches, callFigures, listedCounts, type CallFigures } from './measure.js';
import {
  byAction, coldModel, isWrite, lowerBound, noopModel, oneChangeModel, splitReadsWrites,
  type AccountInventory, type Bound, type CaseModel, type Inventory,
} from './model.js';
import { runChild, tail, type ChildRun, type CliTarget, type EventLoopDelay } from './spawn.js';
import { RequestSampler, type Phases } from './timeline.js';

export type CaseName = 'cold' | 'noop' | 'one-change' | 'validate' | 'daemon' | 'daemon-resync';

export interface BenchContext {
  fleet: Fleet;
  inventory: Inventory;
  manifestsDir: string;
  workDir: string;
  url: string;
  endpoint: string;
  admin: EmulatorAdmin;
  /** The in-process emulator's request log, for the phase timeline. */
  requestLog: () => readonly LoggedRequest[];
  env: Record<string, string>;
  cli: CliTarget;
  latencyMs: number;
  limits: readonly RateLimitSpec[];
  /** Emulated Preparing + Creating, which runs on the wall clock unless someone advances it. */
  cacheBuildMs: number;
  timeoutMs: number;
}

export interface CaseResult {
  name: CaseName;
  exitCode: number;
  /** The pass as the child timed it (modules loaded, process start-up excluded). */
  wallMs: number;
  /** The child process from spawn to exit, as the parent saw it. */
  processMs: number;
  peakRssMb: number;
  /** Peak JS heap in use / reserved, and memory outside the heap, MB (sampled every 50 ms). */
  peakHeapMb: { used: number; total: number; external: number };
  /** How late the reconciler's event loop ran timers during the pass (absent: no figure). */
  eventLoopLagMs?: EventLoopDelay;
  /** CPU the reconciler process used (user + system), start-up included. */
  reconcilerCpuMs: number;
  /** CPU this process (the emulator, mostly) used during the case. */
  emulatorCpuMs: number;
  /** From the case's first API call to its last: the API-bound part of the wall time. */
  callSpanMs: number;
  calls: CallFigures;
  model: { byAction: Record<string, number>; reads: number; writes: number } | null;
  bound: Bound | null;
  /** wall ÷ bound. */
  ratio: number | null;
  /** Measured minus modelled reads, per action, where they differ (positive = more reads than the minimal model). */
  readsVsModel: Record<string, number>;
  /** `service:Action` → [first, last] call in seconds since the pass's first call. */
  phases: Phases;
  notes: string[];
  /** Background passes only: peak calls per account and second against the quota share (issue 15). */
  background?: BackgroundRates;
  problem?: string;
  /** The daemon case only: issue 15's incremental no-op pass and drift cases (bench/incremental.ts). */
  incremental?: import('./incremental.js').IncrementalFigures;
}

export function runArgv(ctx: BenchContext, extra: string[] = []): string[] {
  return ['run', '--once', '--manifests', ctx.manifestsDir, '--endpoint', ctx.url, ...extra];
}

async function measurePass(ctx: BenchContext, name: CaseName, argv: string[], model: CaseModel | null): Promise<CaseResult> {
  await ctx.admin.clearRequests();
  const sampler = new RequestSampler(ctx.requestLog);
  const cpu = process.cpuUsage();
  sampler.start();
  const run = await runChild(argv, { cli: ctx.cli, env: ctx.env, workDir: ctx.workDir, label: name, timeoutMs: ctx.timeoutMs });
  const phases = sampler.stop();
  const emulatorCpu = process.cpuUsage(cpu);
  const calls = callFigures(await ctx.admin.requests());
  return resultOf(ctx, name, run, calls, model, { phases, callSpanMs: sampler.spanMs(), emulatorCpuMs: Math.round((emulatorCpu.user + emulatorCpu.system) / 1000) });
}

interface Sampled {
  phases: Phases;
  callSpanMs: number;
  emulatorCpuMs: number;
}

function resultOf(ctx: BenchContext, name: CaseName, run: ChildRun, calls: CallFigures, model: CaseModel | null, sampled: Sampled): CaseResult {
  const modelled = model ? byAction(model.calls) : null;
  const bound = model ? lowerBound(model, ctx.limits, ctx.latencyMs) : null;
  const wallMs = run.report.passMs;
  const result: CaseResult = {
    name,
    exitCode: run.report.exitCode,
    wallMs,
    processMs: run.wallMs,
    peakRssMb: round(run.report.maxRssKb / 1024, 1),
    peakHeapMb: heapOf(run),
    ...(run.report.eventLoopDelayMs ? { eventLoopLagMs: run.report.eventLoopDelayMs } : {}),
    reconcilerCpuMs: run.report.cpuMs,
    emulatorCpuMs: sampled.emulatorCpuMs,
    callSpanMs: sampled.callSpanMs,
    calls,
    model: modelled ? { byAction: modelled, ...splitReadsWrites(modelled) } : null,
    bound,
    ratio: bound && bound.boundMs > 0 ? round(wallMs / bound.boundMs, 2) : null,
    readsVsModel: modelled ? readDifferences(calls.byAction, modelled) : {},
    phases: sampled.phases,
    notes: [],
  };
  if (run.report.exitCode !== 0 || run.report.error) {
    result.problem = `exit ${run.report.exitCode}${run.report.error ? ` (${run.report.error})` : ''}; stderr tail:\n${tail(run.stderrPath)}`;
  }
  return result;
}

/** Nothing exists → every cache Ready. */
export async function coldCase(ctx: BenchContext): Promise<CaseResult> {
  const result = await measurePass(ctx, 'cold', runArgv(ctx, ['--wait']), coldModel(ctx.inventory, ctx.cacheBuildMs));
  const caches = allCaches(await ctx.admin.state());
  const ready = caches.filter((c) => c.status === 'Ready').length;
  const wanted = ctx.fleet.pulls.length;
  result.notes.push(`caches Ready: ${ready} of ${wanted} wanted (${caches.length} exist)`);
  if (ready < wanted && !result.problem) result.problem = `only ${ready} of ${wanted} caches are Ready after the pass`;
  return result;
}

/** Everything in sync: the model's lists page through what the cloud holds right now. */
export async function noopCase(ctx: BenchContext): Promise<CaseResult> {
  const state = await ctx.admin.state();
  const model = noopModel(ctx.inventory, (a: AccountInventory) => listedCounts(state, a.accountId));
  const result = await measurePass(ctx, 'noop', runArgv(ctx), model);
  if (result.calls.writes > 0) result.notes.push(`a no-op pass wrote ${result.calls.writes} times`);
  return result;
}

/** One trust policy widened in the cloud, then a full pass. */
export async function oneChangeCase(ctx: BenchContext): Promise<CaseResult & { drift?: Drift }> {
  const state = await ctx.admin.state();
  const drift = await applyDrift(ctx.endpoint, state, ctx.fleet.accounts);
  const model = oneChangeModel(ctx.inventory, (a: AccountInventory) => listedCounts(state, a.accountId), drift.accountId);
  const result = await measurePass(ctx, 'one-change', runArgv(ctx), model);
  const role = (await ctx.admin.state()).accounts[drift.accountId]?.ram?.roles?.find((r) => r.roleName === drift.roleName) as { trust?: string } | undefined;
  const restored = role?.trust !== undefined && role.trust !== drift.after;
  result.notes.push(`drifted role ${drift.roleName} in ${drift.accountId}: ${restored ? 'trust restored' : 'trust NOT restored'}`);
  if (!restored && !result.problem) result.problem = `the pass did not restore the trust policy of ${drift.roleName}`;
  return { ...result, drift };
}

/** The manifests pipeline alone, over a folder of `documents` documents. */
export async function validateCase(ctx: BenchContext, dir: string, documents: number): Promise<CaseResult> {
  const result = await measurePass(ctx, 'validate', ['validate', '--manifests', dir], null);
  result.notes.push(`${documents} documents`);
  return result;
}

export function heapOf(run: ChildRun): CaseResult['peakHeapMb'] {
  const mb = (kb: number | undefined) => round((kb ?? 0) / 1024, 1);
  return { used: mb(run.report.peakHeapUsedKb), total: mb(run.report.peakHeapTotalKb), external: mb(run.report.peakExternalKb) };
}

function readDifferences(measured: Record<string, number>, modelled: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const keys = new Set([...Object.keys(measured), ...Object.keys(modelled)]);
  for (const key of [...keys].sort()) {
    if (isWrite(key)) continue;
    const diff = (measured[key] ?? 0) - (modelled[key] ?? 0);
    if (diff !== 0) out[key] = diff;
  }
  return out;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
