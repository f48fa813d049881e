// `npm run bench [-- --quick]`: the fleet benchmark. Generates the fleet, starts the emulator in
// this process with latency and per-account rate limits, runs each case as a reconciler child
// process, prints a table and, as the very last line, every figure as JSON.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseSeed } from '../src/emulator/seed.js';
import { startEmulator } from '../src/emulator/server.js';
import { EmulatorAdmin } from './admin.js';
import { coldCase, noopCase, oneChangeCase, validateCase, type BenchContext, type CaseName, type CaseResult } from './cases.js';
import { daemonCase } from './daemon-case.js';
import { DEFAULT_FLEET, generateFleet, ORG_FLEET, QUICK_FLEET, QUICK_VALIDATE_FLEET, VALIDATE_FLEET } from './fleet.js';
import { countDocuments, fleetEnvironment, fleetManifestFiles, writeFleetManifests } from './fleet-docs.js';
import { fleetSeed } from './fleet-seed.js';
import { inventoryFromFleet, inventoryTotals } from './inventory.js';
import { DEFAULT_LATENCY_MS, DEFAULT_RATE_LIMITS, faultsBody } from './limits.js';
import { judgeTargets, renderJson, renderTable, type BenchSummary } from './report.js';
import { buildCli, bundleCli, SOURCE_CLI_DIR } from './build.js';
import { childEnvironment, runChild, type CliTarget } from './spawn.js';
import { containerNodeOptions } from './container.js';

const ALL_CASES: readonly CaseName[] = ['validate', 'cold', 'noop', 'one-change', 'daemon'];

interface Options {
  quick: boolean;
  /** Organisation scale (bench/README.md): 100 + 20 accounts, 5,000 AcrPullAccess. */
  org: boolean;
  latencyMs: number;
  seed: number;
  keep: boolean;
  cli: 'compiled' | 'bundled' | 'source';
  /** NODE_OPTIONS for the reconciler processes only; defaults to the container image's. */
  nodeOptions?: string;
  cases: CaseName[];
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      org: { type: 'boolean', default: false },
      'latency-ms': { type: 'string' },
      seed: { type: 'string' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
      cli: { type: 'string' },
      'node-options': { type: 'string' },
    },
    strict: true,
  });
  const int = (text: string | undefined, fallback: number, name: string): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
    return n;
  };
  // --quick is the test suite's smoke run: the daemon case (a resync wait) adds time and no check.
  const defaults = values.quick ? ALL_CASES.filter((c) => c !== 'daemon') : [...ALL_CASES];
  const cases = values.only ? (values.only.split(',') as CaseName[]) : defaults;
  const unknown = cases.filter((c) => !ALL_CASES.includes(c));
  if (unknown.length > 0) throw new Error(`--only: unknown case ${unknown.join(', ')} (cases: ${ALL_CASES.join(', ')})`);
  // The full run measures the tsc output (what the container runs); --quick a fast esbuild bundle.
  const cli = values.cli ?? (values.quick ? 'bundled' : 'compiled');
  if (cli !== 'compiled' && cli !== 'bundled' && cli !== 'source') throw new Error('--cli must be compiled, bundled or source');
  if (values.org && values.quick) throw new Error('--org and --quick exclude each other');
  // Default: the container image's NODE_OPTIONS; `--node-options ''` measures plain Node defaults.
  // --org measures what one process needs, so it runs without the image's 128 MB heap cap.
  const nodeOptions = values['node-options'] ?? (values.org ? ORG_NODE_OPTIONS : containerNodeOptions());
  return { cli, ...(nodeOptions ? { nodeOptions } : {}), quick: values.quick ?? false, org: values.org ?? false, latencyMs: int(values['latency-ms'], DEFAULT_LATENCY_MS, 'latency-ms'), seed: int(values.seed, 7, 'seed'), keep: values.keep ?? false, cases };
}

/** --org's heap cap: far above what the default fleet needs, so the figure is the need, not the cap. */
const ORG_NODE_OPTIONS = '--max-old-space-size=4096';
/** --org's request log: a full pass over the organisation is ≈ 22,000 calls, the daemon case three passes. */
const ORG_REQUEST_LOG = 200_000;

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const fleet = generateFleet({ ...(options.org ? ORG_FLEET : options.quick ? QUICK_FLEET : DEFAULT_FLEET), seed: options.seed });
  // --org validates its own manifests (≈ 10,100 documents) instead of a second generated fleet.
  const validateFleet = options.org ? fleet : generateFleet({ ...(options.quick ? QUICK_VALIDATE_FLEET : VALIDATE_FLEET), seed: options.seed });
  const root = mkdtempSync(join(tmpdir(), 'eci-acr-bench-'));
  const manifestsDir = join(root, 'manifests');
  const validateDir = join(root, 'validate');
  const home = join(root, 'home');
  mkdirSync(home);
  writeFleetManifests(fleet, manifestsDir);
  writeFleetManifests(validateFleet, validateDir);
  const validateDocuments = countDocuments(fleetManifestFiles(validateFleet));

  const cli = await chooseCli(options.cli, join(root, 'dist'));

  const seed = parseSeed(fleetSeed(fleet));
  const emulator = await startEmulator({ seed, ...(options.org ? { requestLogSize: ORG_REQUEST_LOG } : {}), log: (line) => void process.stderr.write(`${line}\n`) });
  const admin = new EmulatorAdmin(emulator.url);
  await admin.setFaults(faultsBody(DEFAULT_RATE_LIMITS, options.latencyMs));
  const inventory = inventoryFromFleet(fleet);
  const ctx: BenchContext = {
    fleet,
    inventory,
    manifestsDir,
    workDir: root,
    url: emulator.url,
    endpoint: emulator.endpoint,
    admin,
    requestLog: () => emulator.world.requests.entries(),
    env: { ...childEnvironment(fleetEnvironment(fleet), home), ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}) },
    cli: cli.target,
    latencyMs: options.latencyMs,
    limits: DEFAULT_RATE_LIMITS,
    cacheBuildMs: (seed.timing.imageCachePreparingMs ?? 0) + (seed.timing.imageCacheCreatingMs ?? 0),
    timeoutMs: options.quick ? 40_000 : options.org ? 1_800_000 : 300_000,
  };

  // What Node, the tsx loader and the CLI dispatcher cost before any work: read the RSS above it.
  // Skipped by --quick, which the test suite runs: one more process start-up and no check.
  const baseline = options.quick ? undefined : await runChild(['--version'], { cli: ctx.cli, env: ctx.env, workDir: root, label: 'baseline', timeoutMs: 30_000 });
  const cases: CaseResult[] = [];
  try {
    for (const name of options.cases) {
      process.stderr.write(`bench: ${name}…\n`);
      cases.push(...(await runCase(ctx, name, validateDir, validateDocuments)));
    }
  } finally {
    await emulator.stop();
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }

  const summary: BenchSummary = {
    fleet: {
      seed: options.seed,
      eciAccounts: fleet.options.eciAccounts,
      registryAccounts: fleet.options.registryAccounts,
      pullAccesses: fleet.pulls.length,
      ...inventoryTotals(inventory),
      documents: countDocuments(fleetManifestFiles(fleet)),
      validateDocuments,
    },
    baselineRssMb: baseline ? Math.round(baseline.report.maxRssKb / 102.4) / 10 : null,
    settings: { cli: cli.describe + (options.nodeOptions ? `, NODE_OPTIONS=${options.nodeOptions}` : ''), latencyMs: options.latencyMs, cacheBuildMs: ctx.cacheBuildMs, rateLimits: [...DEFAULT_RATE_LIMITS] },
    cases,
    targets: judgeTargets(cases),
    totalMs: Math.round(performance.now() - started),
    machine: { cpus: availableParallelism(), loadAtStart, loadAtEnd: loadavg()[0] ?? 0 },
  };
  process.stdout.write(renderTable(summary));
  if (options.keep) process.stdout.write(`kept: ${root}\n`);
  process.stdout.write(renderJson(summary));
  return cases.some((c) => c.problem) ? 1 : 0;
}

async function chooseCli(wanted: Options['cli'], outDir: string): Promise<{ target: CliTarget; describe: string }> {
  const source = { target: { dir: SOURCE_CLI_DIR, loader: 'tsx' as const }, describe: 'sources under tsx' };
  if (wanted === 'source') return source;
  process.stderr.write(`bench: building the CLI (${wanted === 'compiled' ? 'tsc -p tsconfig.build.json' : 'esbuild bundle'})…\n`);
  const build = wanted === 'compiled' ? await buildCli(outDir) : await bundleCli(outDir);
  if (!build.cliDir) {
    process.stderr.write(`bench: the build produced no CLI; measuring the sources under tsx instead\n${build.output.slice(0, 2000)}\n`);
    return { ...source, describe: 'sources under tsx (the build failed)' };
  }
  const how = wanted === 'compiled' ? 'compiled with tsc' : 'bundled with esbuild';
  return { target: { dir: build.cliDir, loader: 'node' }, describe: `${how} in ${(build.ms / 1000).toFixed(1)} s` };
}

async function runCase(ctx: BenchContext, name: CaseName, validateDir: string, documents: number): Promise<CaseResult[]> {
  try {
    if (name === 'validate') return [await validateCase(ctx, validateDir, documents)];
    if (name === 'cold') return [await coldCase(ctx)];
    if (name === 'noop') return [await noopCase(ctx)];
    if (name === 'daemon') return await daemonCase(ctx);
    return [await oneChangeCase(ctx)];
  } catch (error) {
    return [{
      name,
      exitCode: -1,
      wallMs: 0,
      processMs: 0,
      peakRssMb: 0,
      peakHeapMb: { used: 0, total: 0, external: 0 },
      reconcilerCpuMs: 0,
      emulatorCpuMs: 0,
      callSpanMs: 0,
      calls: { total: 0, reads: 0, writes: 0, throttled: 0, failed: 0, byAction: {}, throttledByAction: {}, byAccount: {} },
      model: null,
      bound: null,
      ratio: null,
      readsVsModel: {},
      phases: {},
      notes: [],
      problem: `the case could not run: ${(error as Error).message}`,
    }];
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exitCode = 3;
  },
);
