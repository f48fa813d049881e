import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { daemonSettings } from '../../src/cli/setting-values.js';
import { runDaemon } from '../../src/daemon/run-daemon.js';
import type { DaemonEngine } from '../../src/daemon/engine-port.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { createLogger } from '../../src/runtime/logger.js';
import { captureIo } from '../helpers/io.js';
import { waitFor } from './harness.js';

const empty = { accounts: [], roles: [], policies: [], imageCaches: [] };

test('shutdown: an in-flight pass still running at --shutdown-timeout is aborted and the daemon exits 0', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'run-daemon-'));
  const clock = new ManualClock();
  const stop = new AbortController();
  const io = captureIo({ signal: stop.signal });
  let hardAborted = false;
  let started = false;
  // A pass that only ends when the daemon gives up on it, like a cloud call that hangs.
  const engine: DaemonEngine = {
    reconcileAll: (_desired, run) =>
      new Promise((resolve) => {
        started = true;
        run.signal.addEventListener('abort', () => {
          hardAborted = true;
          resolve({ keys: [] });
        });
      }),
    reconcileKey: async (key) => ({ key, requeue: 'success', applied: false, drifted: false }),
  };
  try {
    const settings = daemonSettings({ listen: '127.0.0.1:0', 'shutdown-timeout': '5s' });
    const logger = createLogger({ level: settings.logLevel, format: 'json', write: io.stdout, clock });
    const exit = runDaemon({ manifests: [dir], settings, logger, stop: stop.signal, prune: false, engine: () => engine, loadManifests: () => ({ state: empty, errors: [] }), clock });
    await waitFor(async () => started, 'the pass to start');
    stop.abort(new Error('received SIGTERM'));
    await waitFor(async () => io.out().includes('shutting down'), 'shutdown to begin');
    clock.advance(4_999);
    await new Promise<void>((r) => setImmediate(r));
    assert.equal(hardAborted, false, 'in-flight work may run until the timeout');
    clock.advance(1);
    assert.equal(await exit, 'stopped');
    assert.equal(hardAborted, true);
    assert.match(io.out(), /shutdown timeout reached/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('invalid daemon flags are one clear line on stderr and exit 3', async () => {
  const io = captureIo();
  const code = await runCli(['run', '--resync', 'sometimes'], io);
  assert.equal(code, 3);
  assert.equal(io.err(), 'error: --resync must be a duration such as 5m or 30s, not "sometimes"\n');
});
