// Issue 16 item 5: /healthz means "the work loop moves". A cloud call that hangs beyond every
// timeout makes it fail after --liveness-timeout; a throttling storm, where every call is answered
// (with an error) and retried, does not. The real daemon in-process on a ManualClock.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/runtime/clock.js';
import { startTestEmulator, twoAccountSeed } from '../helpers/emulator.js';
import { pause, waitFor } from '../helpers/wait.js';
import { accountDoc, policyDoc } from './harness.js';
import { startOpsDaemon } from './ops-harness.js';

function manifests(): string {
  const dir = mkdtempSync(join(tmpdir(), 'liveness-'));
  writeFileSync(join(dir, 'account.yaml'), accountDoc());
  writeFileSync(join(dir, 'p.yaml'), policyDoc('liveness'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An endpoint that accepts connections and never answers: a call to it hangs. */
async function blackHole(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

test('liveness: a provider call that hangs makes /healthz fail after --liveness-timeout, not before', async () => {
  const hole = await blackHole();
  after(() => hole.close());
  const dir = manifests();
  const clock = new ManualClock();
  const d = await startOpsDaemon(clock, ['--manifests', dir, '--endpoint', hole.url, '--liveness-timeout', '1m'], dir);
  try {
    await waitFor(async () => hole.connections() > 0 && (await d.get('/healthz')).body.busy === true, 'the first call to hang', 15_000);
    clock.advance(60_000);
    await pause();
    const before = await d.get('/healthz');
    assert.equal(before.status, 200, `within the timeout: ${JSON.stringify(before.body)}`);
    clock.advance(1_000);
    await pause();
    const stuck = await d.get('/healthz');
    assert.equal(stuck.status, 503);
    assert.deepEqual([stuck.body.alive, stuck.body.busy, stuck.body.stalledSeconds], [false, true, 61]);
  } finally {
    // The hung pass is abandoned at --shutdown-timeout (moved by stop()), and the daemon exits 0.
    assert.equal(await d.stop(), 0);
  }
});

test('liveness: a throttling storm keeps the loop busy for longer than the timeout, and /healthz stays 200', async () => {
  const emulator = await startTestEmulator(twoAccountSeed());
  after(() => emulator.stop());
  await emulator.admin('PUT', '/_emulator/faults', { rules: [{ service: 'ram', code: 'Throttling.User', statusCode: 400, times: null }] });
  const dir = manifests();
  const clock = new ManualClock();
  const d = await startOpsDaemon(clock, ['--manifests', dir, '--endpoint', emulator.url, '--liveness-timeout', '1s', '--resync', '24h'], dir);
  try {
    assert.equal((await d.post('/reconcile')).status, 404, 'no write endpoint without --admin-token-file');
    let busySince: number | undefined;
    let longestBusyMs = 0;
    // Two minutes of the storm in half-second steps: finer than the timeout, so a stall would show. The
    // timeout is 1 s because a throttled call's retries (on this clock) keep one pass busy for 1.5-2 s.
    for (let step = 1; step <= 240; step++) {
      clock.advance(500);
      await pause(5);
      const health = await d.get('/healthz');
      assert.equal(health.status, 200, `at ${step / 2}s of the storm: ${JSON.stringify(health.body)}`);
      if (health.body.busy) busySince ??= clock.now();
      else busySince = undefined;
      if (busySince !== undefined) longestBusyMs = Math.max(longestBusyMs, clock.now() - busySince);
    }
    const throttled = (await emulator.requests()).filter((r) => r.code === 'Throttling.User').length;
    assert.ok(throttled >= 10, `the storm happened: ${throttled} throttled calls`);
    assert.ok(longestBusyMs > 1_000, `the loop was busy longer than the timeout at a stretch (${longestBusyMs} ms)`);
  } finally {
    await emulator.admin('DELETE', '/_emulator/faults');
    assert.equal(await d.stop(), 0);
  }
});
