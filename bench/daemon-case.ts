// The daemon case: `run` as a long-running process holding the whole fleet, through its first full
// pass and one resync, then SIGTERM. What matters here is its peak RSS (target < 200 MB); the
// calls are reported so that a resync that writes or throttles shows up too.
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { heapOf, type BenchContext, type CaseResult } from './cases.js';
import { measureIncremental, type IncrementalFigures } from './incremental.js';
import { callFigures } from './measure.js';
import { startChild, tail } from './spawn.js';
import { RequestSampler } from './timeline.js';

const RESYNC = '5s';

export async function daemonCase(ctx: BenchContext): Promise<CaseResult> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await ctx.admin.clearRequests();
  const sampler = new RequestSampler(ctx.requestLog);
  const cpu = process.cpuUsage();
  sampler.start();
  const started = performance.now();
  const argv = ['run', '--manifests', ctx.manifestsDir, '--endpoint', ctx.url, '--listen', `127.0.0.1:${port}`, '--resync', RESYNC, '--log-level', 'warn'];
  // It holds the fleet through about nine resyncs (issue 15's no-op pass and drift cases): --quick's 40 s is too short.
  const timeoutMs = Math.max(ctx.timeoutMs, 120_000);
  const child = startChild(argv, { cli: ctx.cli, env: ctx.env, workDir: ctx.workDir, label: 'daemon', timeoutMs });
  const deadline = Date.now() + timeoutMs - 5_000;
  let problem: string | undefined;
  let readyMs = 0;
  try {
    await waitFor(deadline, async () => ((await getJson(`${base}/readyz`))?.ready === true ? true : undefined));
    readyMs = Math.round(performance.now() - started);
    const firstPass = await lastPassStart(base);
    // /status shows a pass once it has finished: wait until a second pass over the fleet is done.
    await waitFor(deadline, async () => ((await lastPassStart(base)) !== firstPass ? true : undefined));
  } catch (error) {
    problem = `the daemon did not get through two passes: ${(error as Error).message}`;
  }
  // The start-up (deep) pass and the first resync, before the drift cases write anything.
  const calls = callFigures(await ctx.admin.requests());
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
  return {
    name: 'daemon',
    exitCode: run.report.exitCode,
    wallMs: readyMs,
    processMs: run.wallMs,
    peakRssMb: Math.round(run.report.maxRssKb / 102.4) / 10,
    peakHeapMb: heapOf(run),
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
}

async function lastPassStart(base: string): Promise<string | undefined> {
  const status = await getJson(`${base}/status`);
  return (status?.lastPass as { startedAt?: string } | undefined)?.startedAt;
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
