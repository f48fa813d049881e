#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's built-in runner through the tsx loader.
// Node 20's --test does not expand globs, so the file list is collected here.
// The environment is scrubbed so no developer credentials, CLI profiles or ECS metadata calls leak in.
// After the run it lists the slowest test files by wall time (scripts/test-file-timer.mjs), just above
// the runner's closing summary (`# pass N`, `# fail N`), which stays the last thing printed.
import { readdirSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
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

/** `# ` lines in TAP form, so TAP readers take them as comments. */
function slowestReport(timingsFile, fileCount) {
  const rows = existsSync(timingsFile) ? readFileSync(timingsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
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
const files = collect('test').filter((f) => filter.length === 0 || filter.some((p) => f.includes(p))).sort();
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
for (const line of [...slowestReport(timings, files.length), ...held]) process.stdout.write(`${line}\n`);
process.exit(status ?? 1);
