// Issue 17, Deliver 4: one logger for both modes. `run --once` used to print `info: …` through an
// ad-hoc stderr function while the daemon logged JSON through winston; both now come from
// src/cli/logging.ts: JSON lines when stdout is not a terminal, readable text when it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main.js';
import { cliLogger } from '../../src/cli/logging.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { captureIo } from '../helpers/io.js';
import { waitFor } from '../helpers/wait.js';
import { cli, e2eEmulator, exampleCopy, reconcilerEnv } from '../e2e/harness.js';

const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The fields every line carries, whatever its message. */
const frame = (line: Record<string, unknown>) => ({ level: typeof line['level'], message: typeof line['message'], timestamp: /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(String(line['timestamp'])) });

test('I17-D4: run --once and the daemon log in one format: JSON lines with level, message and an ISO timestamp', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('same-account-default-domain');
  const once = await cli(emulator, ['run', '--once', '--log-level', 'debug', '--manifests', dir]);
  assert.equal(once.code, 0, once.out + once.err);
  const onceLines = jsonLines(once.err);
  assert.ok(onceLines.some((l) => l['message'] === 'step'), `--once logged its steps: ${once.err.slice(0, 500)}`);

  const stop = new AbortController();
  const io = captureIo({ env: reconcilerEnv(emulator), signal: stop.signal });
  const daemon = runCli(['run', '--manifests', dir, '--listen', '127.0.0.1:0'], io);
  await waitFor(async () => io.out().includes('"daemon started"'), 'the daemon to start', 30_000);
  stop.abort(new Error('received SIGTERM'));
  assert.equal(await daemon, 0, io.err());
  const daemonLines = jsonLines(io.out());
  assert.ok(daemonLines.some((l) => l['message'] === 'daemon stopped'), 'the daemon logged its stop');

  const expected = { level: 'string', message: 'string', timestamp: true };
  for (const line of [...onceLines, ...daemonLines]) assert.deepEqual(frame(line), expected, JSON.stringify(line));
});

test('I17-D4: on a terminal the one logger writes readable lines, for --once and the daemon alike', () => {
  const clock = new ManualClock(Date.parse('2026-01-02T03:04:05.000Z'));
  const written: string[] = [];
  const io = captureIo({ isTty: true, stderr: (t) => void written.push(t), stdout: (t) => void written.push(t) });
  cliLogger(io, 'info', 'stderr', clock).info('reading the manifests again to confirm the deletions', { inSeconds: 2 });
  cliLogger(io, 'info', 'stdout', clock).info('daemon started', { prune: false });
  assert.deepEqual(written, [
    '2026-01-02T03:04:05.000Z INFO  reading the manifests again to confirm the deletions inSeconds=2\n',
    '2026-01-02T03:04:05.000Z INFO  daemon started prune=false\n',
  ]);
});
