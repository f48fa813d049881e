#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's built-in runner through the tsx loader.
// Node 20's --test does not expand globs, so the file list is collected here.
// The environment is scrubbed so no developer credentials, CLI profiles or ECS metadata calls leak in.
// After the run it lists the slowest test files by wall time (scripts/test-file-timer.mjs), just above
// the runner's closing summary (`# pass N`, `# fail N`), which stays the last thing printed.
// Files start slowest first, by the wall times the last run on this machine recorded (.tmp/, which
// npm ci leaves alone), else by a short list of files known to be slow (a fresh checkout, CI): with
// two at a time, a long file started last would otherwise run alone at the end while a core idles.
import { readdirSync, mkdtempSync, readFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const SLOWEST = 10;

function collect(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : collect(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const readRows = (timingsFile) => (existsSync(timingsFile) ? readFileSync(timingsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);

/** Each file's wall time (ms) from earlier runs, kept across runs so the next one can start the slowest first. */
const KNOWN_TIMES = join('.tmp', 'test-times.json');

/** Without a record of them: the slowest files of a CI run (17-34 s each), slowest first; a stale name is harmless. */
const KNOWN_SLOW = [
  'test/packaging/production-install.test.ts',
  'test/deploy/rrsa-renewal-failures.test.ts',
  'test/daemon/e2e-leader-election.test.ts',
  'test/e2e/crash-11-20.test.ts',
  'test/e2e/crash-1-10.test.ts',
  'test/deploy/rrsa.test.ts',
  'test/daemon/e2e-two-daemons.test.ts',
  'test/daemon/e2e-canary.test.ts',
  'test/daemon/incremental-property.test.ts',
  'test/bench/bench-quick.test.ts',
];

function knownTimes() {
  try {
    return JSON.parse(readFileSync(KNOWN_TIMES, 'utf8'));
  } catch {
    return {}; // first run here (a fresh checkout, CI), or an unreadable record
  }
}

function rememberTimes(known, timingsFile) {
  for (const r of readRows(timingsFile)) known[r.file] = r.ms;
  try {
    mkdirSync(dirname(KNOWN_TIMES), { recursive: true });
    // Written whole, then renamed: a run started meanwhile reads the old record or the new, never half.
    writeFileSync(`${KNOWN_TIMES}.${process.pid}`, `${JSON.stringify(known, null, 1)}\n`);
    renameSync(`${KNOWN_TIMES}.${process.pid}`, KNOWN_TIMES);
  } catch {
    // Only the next run's order depends on it.
  }
}

/**
 * Slowest first: recorded times, else KNOWN_SLOW's order (taken as about 30 s each); other files
 * without a record go first when there is a record (they are new and may be slow), else last.
 */
function slowestFirst(files, known) {
  const recorded = Object.keys(known).length > 0;
  const cost = (f) => known[f] ?? (KNOWN_SLOW.includes(f) ? 30_000 - KNOWN_SLOW.indexOf(f) : recorded ? Number.POSITIVE_INFINITY : 0);
  return [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
}

/** `# ` lines in TAP form, so TAP readers take them as comments. */
function slowestReport(timingsFile, fileCount) {
  const rows = readRows(timingsFile);
  const slowest = rows.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST);
  const total = rows.reduce((sum, r) => sum + r.ms, 0);
  // A file the runner killed (its timeout) never reaches its exit handler.
  const missing = fileCount - rows.length;
  return [
    `# slowest ${slowest.length} of ${rows.length} test files (wall time per file, process start included; ${(total / 1000).toFixed(1)} s summed over files run 2 at a time):`,
    ...slowest.map((r) => `#   ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.file}`),
    ...(missing > 0 ? [`#   ${missing} file(s) without a figure: ended by a signal (e.g. killed at the timeout) before their exit handler ran`] : []),
  ];
}

const filter = process.argv.slice(2);
const known = knownTimes();
const files = slowestFirst(collect('test').filter((f) => filter.length === 0 || filter.some((p) => f.includes(p))), known);
const timings = join(mkdtempSync(join(tmpdir(), 'eci-acr-test-timings-')), 'files.jsonl');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ALIBABA_CLOUD_')));
Object.assign(env, {
  HOME: mkdtempSync(join(tmpdir(), 'eci-acr-test-home-')),
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
  ECI_ACR_RECONCILER_ENDPOINT: '',
  ECI_ACR_TEST_TIMINGS: timings,
});
// The output is piped (to hold back the summary), so name the reporter a terminal would have had.
const reporter = process.stdout.isTTY ? 'spec' : 'tap';
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--import', './scripts/test-file-timer.mjs', '--test', `--test-reporter=${reporter}`, '--test-reporter-destination=stdout', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { stdio: ['inherit', 'pipe', 'inherit'], env },
);
// The closing summary starts at the top-level `tests N` line (TAP `# tests N`, spec `ℹ tests N`,
// coloured on a terminal).
const held = [];
const plain = (line) => line.replace(/\x1b\[[0-9;]*m/g, '');
for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
  if (held.length > 0 || /^(# |ℹ )tests \d+$/.test(plain(line))) held.push(line);
  else process.stdout.write(`${line}\n`);
}
const status = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', resolve)));
rememberTimes(known, timings);
for (const line of [...slowestReport(timings, files.length), ...held]) process.stdout.write(`${line}\n`);
process.exit(status ?? 1);
