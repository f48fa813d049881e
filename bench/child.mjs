// One reconciler process of the benchmark: runs the real CLI with the given argv and writes its
// own figures (pass time, exit code, peak RSS) as JSON to $BENCH_REPORT, so the parent measures
// the reconciler alone, without the emulator that shares the parent's heap.
// Plain JavaScript on purpose: it must also run without the tsx loader, against the compiled
// CLI ($BENCH_CLI_DIR = dist/cli), which is what the container runs and what RSS should measure.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @typedef {{ exitCode: number, passMs: number, processMs: number, maxRssKb: number, cpuMs: number, peakHeapUsedKb: number, peakHeapTotalKb: number, peakExternalKb: number, eventLoopDelayMs: { mean: number, p99: number, max: number }, error?: string }} ChildReport */

// How late a 20 ms timer fires while the pass runs: what a health probe or a watcher event waits
// behind the reconciler's own computing (module loading excluded, like passMs).
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
const ms = (ns) => Math.round(ns / 1e5) / 10;

// RSS says how much; the heap samples say whether it is JavaScript objects (held state, garbage not
// yet collected) or memory outside the heap (buffers, sockets), which point to different fixes.
const peak = { heapUsed: 0, heapTotal: 0, external: 0 };
function sampleMemory() {
  const m = process.memoryUsage();
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
  peak.external = Math.max(peak.external, m.external);
}
setInterval(sampleMemory, 50).unref();

async function main() {
  const argv = process.argv.slice(2);
  const cliDir = process.env.BENCH_CLI_DIR;
  const reportPath = process.env.BENCH_REPORT;
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort(new Error('received SIGTERM')));
  const io = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTty: false,
    signal: controller.signal,
  };
  let exitCode = 1;
  let error;
  let passMs = 0;
  try {
    if (!cliDir) throw new Error('BENCH_CLI_DIR is not set');
    const { runCli } = await import(pathToFileURL(join(cliDir, 'main.js')).href);
    // Load the command's modules first: module loading is start-up, not the pass.
    await import(pathToFileURL(join(cliDir, 'commands', `${argv[0]}.js`)).href).catch(() => undefined);
    const started = performance.now();
    loopDelay.enable();
    exitCode = await runCli(argv, io);
    passMs = performance.now() - started;
    loopDelay.disable();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  sampleMemory();
  /** @type {ChildReport} */
  const report = {
    exitCode,
    passMs: Math.round(passMs),
    processMs: Math.round(performance.now()),
    maxRssKb: process.resourceUsage().maxRSS,
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    peakHeapUsedKb: Math.round(peak.heapUsed / 1024),
    peakHeapTotalKb: Math.round(peak.heapTotal / 1024),
    peakExternalKb: Math.round(peak.external / 1024),
    eventLoopDelayMs: loopDelay.count === 0 ? { mean: 0, p99: 0, max: 0 } : { mean: ms(loopDelay.mean), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
    ...(error === undefined ? {} : { error }),
  };
  if (reportPath) writeFileSync(reportPath, JSON.stringify(report));
  // Keep-alive sockets or watchers must not keep a finished pass alive.
  process.exit(exitCode);
}

void main();
