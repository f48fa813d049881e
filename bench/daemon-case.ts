// The daemon case: `run` as a long-running process holding the whole fleet, through its first full
// pass and one resync, then SIGTERM. What matters here is its peak RSS (target < 200 MB); the
// calls are reported so that a resync that writes or throttles shows up too. The resync is reported
// as a case of its own (`daemon-resync`): background work, so its calls per account and second must
// stay within the quota share (issue 15).
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { backgroundRates, describeRates } from './background.js';
import { heapOf, type BenchContext, type CaseResult } from './cases.js';
import { measureIncremental, type IncrementalFigures } from './incremental.js';
import { callFigures, listedCounts } from './measure.js';
import { byAction, noopModel, splitReadsWrites, type AccountInventory } from './model.js';
import { startChild, tail, type ChildRun } from './spawn.js';
import { RequestSampler } from './timeline.js';

const RESYNC = '5s';
/**
 * The daemon's flags. A resync longer than the interval queues the next one at once, so SIGTERM
 * usually meets another pass in flight: a short shutdown timeout ends it instead of waiting 20 s.
 * The deep resync is longer than this case, so every pass after the start-up one is incremental.
 */
const DAEMON_FLAGS = ['--resync', RESYNC, '--deep-resync', '1h', '--shutdown-timeout', '2s', '--log-level', 'warn'];

interface PassSeen {
  startedAt: string;
  durationSeconds: number;
  result?: string;
}

export async function daemonCase(ctx: BenchContext): Promise<CaseResult[]> {
  const listed = await ctx.admin.state();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await ctx.admin.clearRequests();
  const sampler = new RequestSampler(ctx.requestLog);
  const cpu = process.cpuUsage();
  sampler.start();
  const started = performance.now();
  const argv = ['run', '--manifests', ctx.manifestsDir, '--endpoint', ctx.url, '--listen', `127.0.0.1:${port}`, ...DAEMON_FLAGS];
  // It holds the fleet through about nine resyncs (issue 15's no-op pass and drift cases): --quick's 40 s is too short.
  const timeoutMs = Math.max(ctx.timeoutMs, 120_000);
  const child = startChild(argv, { cli: ctx.cli, env: ctx.env, workDir: ctx.workDir, label: 'daemon', timeoutMs });
  const deadline = Date.now() + timeoutMs - 5_000;
  let problem: string | undefined;
  let readyMs = 0;
  let resync: PassSeen | undefined;
  try {
    await waitFor(deadline, async () => ((await getJson(`${base}/readyz`))?.ready === true ? true : undefined));
    readyMs = Math.round(performance.now() - started);
    const firstPass = (await lastPass(base))?.startedAt;
    // /status shows a pass once it has finished: wait until a second full pass over the fleet is done.
    resync = await waitFor(deadline, async () => {
      const pass = await lastPass(base);
      return pass && pass.startedAt !== firstPass ? pass : undefined;
    });
  } catch (error) {
    problem = `the daemon did not get through two passes: ${(error as Error).message}`;
  }
  // The start-up (deep) pass and the first resync, before the drift cases write anything.
  const log = await ctx.admin.requests();
  const calls = callFigures(log);
  let incremental: IncrementalFigures | undefined;
  try {
    if (!problem) incremental = await measureIncremental(ctx, { lastPass: async () => (await getJson(`${base}/status`))?.lastPass as { startedAt?: string; mode?: string } | undefined, deadline });
  } catch (error) {
    problem = `the incremental figures could not be measured: ${(error as Error).message}`;
  } finally {
    child.signal('SIGTERM');
  }
  const run = await child.done;
  const phases = sampler.stop();
  const emulatorCpu = process.cpuUsage(cpu);
  // Every deep pass pins each account once, so identity checks count the deep passes.
  const passes = Math.round((calls.byAction['sts:GetCallerIdentity'] ?? 0) / ctx.fleet.accounts.length);
  if (!problem && run.report.exitCode !== 0) problem = `exit ${run.report.exitCode} after SIGTERM; stderr tail:\n${tail(run.stderrPath)}`;
  if (problem && !problem.includes('stderr')) problem += `\nstderr tail:\n${tail(run.stderrPath)}`;
  const daemon: CaseResult = {
    name: 'daemon',
    exitCode: run.report.exitCode,
    wallMs: readyMs,
    processMs: run.wallMs,
    peakRssMb: Math.round(run.report.maxRssKb / 102.4) / 10,
    peakHeapMb: heapOf(run),
    ...(run.report.eventLoopDelayMs ? { eventLoopLagMs: run.report.eventLoopDelayMs } : {}),
    reconcilerCpuMs: run.report.cpuMs,
    emulatorCpuMs: Math.round((emulatorCpu.user + emulatorCpu.system) / 1000),
    callSpanMs: sampler.spanMs(),
    calls,
    model: null,
    bound: null,
    ratio: null,
    readsVsModel: {},
    phases,
    notes: [
      `wall = start to /readyz (first, deep, pass); calls = that pass and the first resync (incremental); ${passes} deep pass(es) seen`,
      `then (issue 15) one incremental no-op pass and the drift cases, one resync (${RESYNC}) each: see "incremental"`,
    ],
    ...(incremental ? { incremental } : {}),
    ...(problem ? { problem } : {}),
  };
  if (!resync) return [daemon];
  const model = noopModel(ctx.inventory, (a: AccountInventory) => listedCounts(listed, a.accountId));
  return [daemon, resyncCase(daemon, run, log, resync, byAction(model.calls))];
}

/**
 * The daemon's second pass, read from the request log by the pass's own start and duration. Today a
 * resync re-reads everything (the model is the no-op pass's); with the incremental observation
 * merged, the same pass is the incremental one. Memory and loop lag are the daemon process's.
 */
function resyncCase(daemon: CaseResult, run: ChildRun, log: Parameters<typeof callFigures>[0], pass: PassSeen, modelled: Record<string, number>): CaseResult {
  const from = Date.parse(pass.startedAt);
  const to = from + pass.durationSeconds * 1000;
  const inPass = log.filter((r) => r.at !== undefined && r.at >= from && r.at <= to);
  const rates = backgroundRates(log, from, to);
  const problem = pass.result === 'error' ? `the resync pass ended in error` : run.report.exitCode !== 0 ? daemon.problem : undefined;
  return {
    ...daemon,
    name: 'daemon-resync',
    wallMs: Math.round(pass.durationSeconds * 1000),
    callSpanMs: inPass.length > 1 ? inPass.at(-1)!.at! - inPass[0]!.at! : 0,
    calls: callFigures(inPass),
    model: { byAction: modelled, ...splitReadsWrites(modelled) },
    phases: {},
    background: rates,
    notes: [`the daemon's second pass (a resync, background work: reads at the quota share), ${pass.result ?? 'unknown'}; RSS, heap and loop lag are the daemon process's`, describeRates(rates)],
    ...(problem ? { problem } : {}),
  };
}

async function lastPass(base: string): Promise<PassSeen | undefined> {
  const status = await getJson(`${base}/status`);
  return status?.lastPass as PassSeen | undefined;
}

async function getJson(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(url);
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function waitFor<T>(deadline: number, probe: () => Promise<T | undefined>): Promise<T> {
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('timed out');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
