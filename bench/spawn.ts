// Runs bench/child.ts in a fresh Node process (asynchronously: the emulator answering it lives in
// this process's event loop) and collects its report and the tail of its output.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './build.js';

/** What bench/child.mjs writes to $BENCH_REPORT. */
export interface ChildReport {
  exitCode: number;
  /** From the CLI call to its return: the pass itself, modules already loaded. */
  passMs: number;
  /** Whole process until the report, including Node and loader start-up. */
  processMs: number;
  /** process.resourceUsage().maxRSS, in KiB. */
  maxRssKb: number;
  /** User + system CPU of the whole process: near wallMs means the pass was CPU-bound, not API-bound. */
  cpuMs: number;
  /** Peaks of process.memoryUsage(), sampled every 50 ms. */
  peakHeapUsedKb: number;
  peakHeapTotalKb: number;
  peakExternalKb: number;
  /** monitorEventLoopDelay over the pass (20 ms resolution): how late timers fired, ms. Absent when the child wrote no report. */
  eventLoopDelayMs?: EventLoopDelay;
  error?: string;
}

export interface EventLoopDelay {
  mean: number;
  p99: number;
  max: number;
}

/** Which CLI the child runs: the compiled one (plain node) or the sources (tsx loader). */
export interface CliTarget {
  dir: string;
  loader: 'node' | 'tsx';
}

export interface ChildRun {
  report: ChildReport;
  /** Seen from the parent, spawn to exit. */
  wallMs: number;
  stdoutPath: string;
  stderrPath: string;
}

export interface SpawnOptions {
  cli: CliTarget;
  env: Record<string, string>;
  /** Folder for the child's output and report. */
  workDir: string;
  label: string;
  timeoutMs: number;
}

/** The reconciler's environment: the fleet's credentials and nothing of the developer's. */
export function childEnvironment(fleetEnv: Record<string, string>, home: string): Record<string, string> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('ALIBABA_CLOUD_') && !e[0].startsWith('BENCH_')),
  );
  return {
    ...base,
    HOME: home,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
    ECI_ACR_RECONCILER_ENDPOINT: '',
    ...fleetEnv,
  };
}

export interface RunningChild {
  /** Sends a signal to the reconciler (SIGTERM: the daemon's orderly shutdown). */
  signal(name: NodeJS.Signals): void;
  done: Promise<ChildRun>;
}

export function startChild(argv: string[], options: SpawnOptions): RunningChild {
  const reportPath = join(options.workDir, `${options.label}.report.json`);
  const stdoutPath = join(options.workDir, `${options.label}.stdout.log`);
  const stderrPath = join(options.workDir, `${options.label}.stderr.log`);
  rmSync(reportPath, { force: true });
  const started = performance.now();
  const loader = options.cli.loader === 'tsx' ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, join(ROOT, 'bench/child.mjs'), ...argv], {
    cwd: ROOT,
    env: { ...options.env, BENCH_REPORT: reportPath, BENCH_CLI_DIR: options.cli.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(createWriteStream(stdoutPath));
  child.stderr.pipe(createWriteStream(stderrPath));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const done = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c))).then((code): ChildRun => {
    clearTimeout(timer);
    const wallMs = Math.round(performance.now() - started);
    let report: ChildReport;
    try {
      report = JSON.parse(readFileSync(reportPath, 'utf8')) as ChildReport;
    } catch {
      report = { exitCode: code ?? -1, passMs: wallMs, processMs: wallMs, maxRssKb: 0, cpuMs: 0, peakHeapUsedKb: 0, peakHeapTotalKb: 0, peakExternalKb: 0, error: `no report (exit ${code ?? 'killed'}; timeout ${options.timeoutMs} ms?)` };
    }
    return { report, wallMs, stdoutPath, stderrPath };
  });
  return { signal: (name) => void child.kill(name), done };
}

export function runChild(argv: string[], options: SpawnOptions): Promise<ChildRun> {
  return startChild(argv, options).done;
}

export function tail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
