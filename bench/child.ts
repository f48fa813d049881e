// One reconciler process of the benchmark: runs the real CLI with the given argv and writes its
// own figures (pass time, exit code, peak RSS) as JSON to $BENCH_REPORT, so the parent measures
// the reconciler alone, without the emulator that shares the parent's heap.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CliIo } from '../src/cli/io.js';

export interface ChildReport {
  exitCode: number;
  /** From the CLI call to its return: the pass itself, modules already loaded. */
  passMs: number;
  /** Whole process until the report, including Node and loader start-up. */
  processMs: number;
  /** process.resourceUsage().maxRSS, in KiB. */
  maxRssKb: number;
  error?: string;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const reportPath = process.env.BENCH_REPORT;
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort(new Error('received SIGTERM')));
  const io: CliIo = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTty: false,
    signal: controller.signal,
  };
  let exitCode = 1;
  let error: string | undefined;
  let passMs = 0;
  try {
    const { runCli } = await import('../src/cli/main.js');
    // Load the command's modules first: tsx's one-time transpile is start-up, not the pass.
    await import(`../src/cli/commands/${argv[0]}.js`).catch(() => undefined);
    const started = performance.now();
    exitCode = await runCli(argv, io);
    passMs = performance.now() - started;
  } catch (e) {
    error = (e as Error).message;
  }
  const report: ChildReport = {
    exitCode,
    passMs: Math.round(passMs),
    processMs: Math.round(performance.now()),
    maxRssKb: process.resourceUsage().maxRSS,
    ...(error === undefined ? {} : { error }),
  };
  if (reportPath) writeFileSync(reportPath, JSON.stringify(report));
  // Keep-alive sockets or watchers must not keep a finished pass alive.
  process.exit(exitCode);
}

void main();
