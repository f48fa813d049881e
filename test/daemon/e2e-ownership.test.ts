// Two real daemon processes (`node src/cli/main.ts run --prune`, bundled once by helpers/cli-bundle.ts
// to spare the tsx loader's start-up) with different manifest sets on the
// same accounts, one emulator in-process: each set's ownerId keeps the daemons off each other's
// resources (issue 10, E1b). Writes are counted in the emulator's request log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { ACCOUNT_A, exampleCopy, reconcilerEnv, startE2eEmulator, state, writesOf } from '../e2e/harness.js';
import { cliBundle } from '../helpers/cli-bundle.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { waitFor } from './harness.js';

interface DaemonProcess {
  child: ChildProcess;
  output: () => string;
  port: () => string | undefined;
}

function spawnDaemon(emulator: TestEmulator, manifests: string, cli: string): DaemonProcess {
  const args = [cli, 'run', '--prune', '--manifests', manifests, '--listen', '127.0.0.1:0', '--resync', '300ms', '--cache-poll-interval', '100ms'];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...reconcilerEnv(emulator) } });
  let out = '';
  child.stdout?.on('data', (b) => (out += b));
  child.stderr?.on('data', (b) => (out += b));
  return { child, output: () => out, port: () => /"listen":"127\.0\.0\.1:(\d+)"/.exec(out)?.[1] };
}

/** Full passes the daemon has finished, whatever their result (reconcile_passes_total summed). */
async function passes(d: DaemonProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${d.port()}/metrics`)).text();
  return [...text.matchAll(/^eci_acr_reconciler_reconcile_passes_total\{result="\w+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

async function stopAll(daemons: DaemonProcess[]): Promise<void> {
  await Promise.all(daemons.map((d) => new Promise<void>((done) => {
    if (d.child.exitCode !== null) return done();
    d.child.on('close', () => done());
    d.child.kill('SIGTERM');
  })));
}

test('E1b: two daemons with different manifest sets on one account never write to each other\'s resources; both caches become Ready', async () => {
  const emulator = await startE2eEmulator();
  const sets = [exampleCopy('cross-account'), exampleCopy('same-account-default-domain')];
  const cli = await cliBundle();
  const daemons = sets.map((dir) => spawnDaemon(emulator, dir, cli));
  try {
    const all = () => daemons.map((d) => d.output()).join('\n');
    // Two processes load the SDK clients at start-up: slow on a loaded machine, hence the deadline.
    await Promise.all(daemons.map((d) => waitFor(async () => d.port(), 'a daemon to listen', 60_000).catch((error: Error) => {
      throw new Error(`${error.message}: ${all()}`);
    })));
    const caches = async () => ((await state(emulator)).accounts[ACCOUNT_A].eci.imageCaches as { ImageCacheName: string; Status: string }[]);
    const ready = await waitFor(async () => {
      const list = await caches();
      return list.length >= 2 && list.every((c) => c.Status === 'Ready') ? list : undefined;
    }, 'both caches Ready', 30_000).catch(async (error: Error) => {
      // A fight never converges: say what the daemons were writing, from the emulator's log.
      const counts = new Map<string, number>();
      for (const a of writesOf(await emulator.requests())) counts.set(a, (counts.get(a) ?? 0) + 1);
      throw new Error(`${error.message}; writes: ${JSON.stringify(Object.fromEntries(counts))}`);
    });
    assert.deepEqual(ready.map((c) => c.ImageCacheName).sort(), ['nginx-cross-account', 'web-cache']);

    // Converged: each daemon now runs further full passes (resync 300 ms) with --prune over the other's resources.
    const since = (await emulator.requests()).length;
    const baseline = await Promise.all(daemons.map(passes));
    await Promise.all(daemons.map((d, i) => waitFor(async () => (await passes(d)) >= baseline[i]! + 3, 'three more passes per daemon', 20_000)));
    const log = await emulator.requests();
    const writes = writesOf(log);
    assert.deepEqual(writes.filter((a) => /^Delete|^Detach/.test(a)), [], 'nothing was ever deleted or detached');
    assert.equal(writes.filter((a) => a === 'CreateImageCache').length, 2, `one CreateImageCache per set: ${writes.join(', ')}`);
    assert.deepEqual(writesOf(log.slice(since)), [], 'once converged, neither daemon writes (no create/update/delete fight)');
    assert.deepEqual((await caches()).map((c) => c.Status), ['Ready', 'Ready']);
  } finally {
    await stopAll(daemons);
    await emulator.stop();
  }
});
