// SIGTERM against a real process: the daemon as `node src/cli/main.ts run` (bundled once,
// helpers/cli-bundle.ts, to spare the tsx loader's start-up), the emulator in-process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from '../helpers/cli-bundle.js';
import { ROOT_A, startTestEmulator, twoAccountSeed } from '../helpers/emulator.js';
import { accountDoc, policyDoc, waitFor } from './harness.js';

async function startProcess(shutdownTimeout: string) {
  const dir = await mkdtemp(join(tmpdir(), 'daemon-signal-'));
  await writeFile(join(dir, 'account.yaml'), accountDoc());
  const emulator = await startTestEmulator(twoAccountSeed());
  const args = [await cliBundle(), 'run', '--manifests', dir, '--endpoint', emulator.url, '--listen', '127.0.0.1:0'];
  const child = spawn(process.execPath, [...args, '--shutdown-timeout', shutdownTimeout, '--log-level', 'debug'], {
    env: { ...process.env, A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret },
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const port = await waitFor(async () => /"listen":"127\.0\.0\.1:(\d+)"/.exec(out)?.[1], 'the daemon to listen', 20_000);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 'ready', 15_000);
  // Every RAM call now takes 700 ms: the next pass is slow.
  await emulator.admin('PUT', '/_emulator/faults', { seed: 1, rules: [{ service: 'ram', delayMs: 700 }] });
  await writeFile(join(dir, 'p.yaml'), policyDoc('e2e-slow'));
  await waitFor(async () => /"reason":"manifests changed"/.test(out), 'the slow pass to start');
  return {
    child,
    exited,
    output: () => out,
    cleanup: async () => {
      child.kill('SIGKILL');
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('SIGTERM during a slow apply lets in-flight calls finish, then exits 0 within --shutdown-timeout', async () => {
  const p = await startProcess('15s');
  try {
    const sent = Date.now();
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0, p.output());
    assert.ok(Date.now() - sent < 15_000, 'exited within the shutdown timeout');
    assert.match(p.output(), /"message":"resource changed"[^\n]*e2e-slow/, 'the in-flight apply completed');
    assert.match(p.output(), /"message":"daemon stopped"/);
  } finally {
    await p.cleanup();
  }
});

test('a second SIGTERM exits at once, without waiting for in-flight work', async () => {
  const p = await startProcess('60s');
  try {
    p.child.kill('SIGTERM');
    await waitFor(async () => /"message":"shutting down/.test(p.output()), 'the first signal to be handled');
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 130);
    assert.doesNotMatch(p.output(), /"message":"daemon stopped"/);
  } finally {
    await p.cleanup();
  }
});
