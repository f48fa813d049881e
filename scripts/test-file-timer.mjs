// Loaded with --import into every test file's process (node --test passes its execArgv on to the
// files it runs): on exit, appends the file's wall time, process start included, to the file named
// by ECI_ACR_TEST_TIMINGS, one JSON line per test file. scripts/run-tests.mjs prints the slowest.
// Node 20's runner reports test durations but no per-file figure, and a file's cost is mostly the
// set-up its tests share (emulators, builds, child processes), so the figure is taken here.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';

const out = process.env.ECI_ACR_TEST_TIMINGS;
const file = process.argv[1] ?? '';
// NODE_TEST_CONTEXT marks a process started by the test runner; processes the tests start themselves
// may inherit the environment, but they do not run a test file.
if (out && process.env.NODE_TEST_CONTEXT && file.endsWith('.test.ts')) {
  process.on('exit', () => {
    appendFileSync(out, `${JSON.stringify({ file: relative(process.cwd(), file), ms: Math.round(performance.now()) })}\n`);
  });
}
