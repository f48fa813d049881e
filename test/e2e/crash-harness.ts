// The crash test's machinery: SIGKILL at a random moment of apply, then run again; the second run must
// converge and leave no duplicates (one cache per manifest, no extra policy versions). The kill
// point is "after the k-th write call reached the emulator, plus a random delay", with every call
// slowed by the emulator's latency so the apply is long enough to be hit anywhere.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { bundleEntry } from '../helpers/cli-bundle.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { ACCOUNT_A, ACCOUNT_B, cli, exampleCopy, reconcilerEnv, startE2eEmulator, state, writesOf } from './harness.js';

const LATENCY_MS = 25;

/** mulberry32: a tiny seeded PRNG, so a failing repetition can be replayed by its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ReadyChild {
  child: ChildProcess;
  ready: Promise<void>;
}

/**
 * The child is bundled once per test process (helpers/cli-bundle.ts): a child started through the
 * tsx loader spends most of its start-up transpiling, and 20 of them dominated the suite's time.
 */
const bundleChild = (): Promise<string> => bundleEntry('test/e2e/crash-child.ts', "import './crash-child.mjs';\n");

function startChild(entry: string): ReadyChild {
  const child = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'pipe'] });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`crash child exited early with ${code}`)));
  });
  // Pooled children killed at the end reject `ready` unobserved; that is expected.
  ready.catch(() => undefined);
  child.stderr!.on("data", (d) => process.env.CRASH_DEBUG && process.stderr.write(`child: ${d}`));
  return { child, ready };
}

async function waitForWrites(emulator: TestEmulator, count: number, child: ChildProcess): Promise<void> {
  while (child.exitCode === null && writesOf(await emulator.requests()).length < count) await new Promise((r) => setTimeout(r, 3));
}

async function repetition(seed: number, next: ReadyChild, totalWrites: number): Promise<void> {
  const random = prng(seed);
  const emulator = await startE2eEmulator({ timing: { imageCachePreparingMs: 10, imageCacheCreatingMs: 30 } });
  const dir = exampleCopy('cross-account-explicit');
  try {
    await emulator.admin('PUT', '/_emulator/faults', { seed, rules: [], latencyMs: LATENCY_MS });
    await next.ready;
    if (process.env.CRASH_DEBUG) console.error(`seed ${seed} ready ${Date.now()}`);
    const killAfterWrites = 1 + Math.floor(random() * totalWrites);
    const extraDelay = Math.floor(random() * LATENCY_MS * 2);
    const exited = once(next.child, 'exit');
    next.child.stdin!.write(`${JSON.stringify({ argv: ['run', '--once', '--manifests', dir], env: reconcilerEnv(emulator) })}\n`);
    await waitForWrites(emulator, killAfterWrites, next.child);
    await new Promise((r) => setTimeout(r, extraDelay));
    next.child.kill('SIGKILL');
    await exited;
    if (process.env.CRASH_DEBUG) console.error(`seed ${seed} killed ${Date.now()}`);
    await emulator.admin('DELETE', '/_emulator/faults');
    const again = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
    assert.equal(again.code, 0, `seed ${seed} (killed after write ${killAfterWrites} + ${extraDelay} ms): ${again.out}${again.err}`);
    if (process.env.CRASH_DEBUG) console.error(`seed ${seed} recovered ${Date.now()}`);
    const plan = await cli(emulator, ['plan', '--manifests', dir, '--detailed-exitcode']);
    assert.equal(plan.code, 0, `seed ${seed}: not converged:\n${plan.out}`);
    const s = await state(emulator);
    const caches = s.accounts[ACCOUNT_A].eci.imageCaches;
    assert.deepEqual(caches.map((c: any) => [c.ImageCacheName, c.Status]), [['nginx-explicit', 'Ready']], `seed ${seed}: duplicate or missing caches`);
    const policy = s.accounts[ACCOUNT_B].ram.policies.find((p: any) => p.policyName === 'acme-pull-only');
    assert.equal(policy.versions.length, 1, `seed ${seed}: extra policy versions`);
  } finally {
    await emulator.stop();
  }
}

/**
 * Runs seeds [from, to]: a reference pass counts the writes of an uninterrupted apply; each seed then
 * kills a fresh CLI process after a seeded number of writes plus a seeded delay, and checks the rerun.
 */
export async function crashRepetitions(from: number, to: number): Promise<void> {
  const reference = await startE2eEmulator();
  const refDir = exampleCopy('cross-account-explicit');
  const first = await cli(reference, ['run', '--once', '--manifests', refDir]);
  assert.equal(first.code, 0, first.out + first.err);
  const totalWrites = writesOf(await reference.requests()).length;
  await reference.stop();

  // Children load while the previous repetition runs: the SDK clients take seconds to import.
  const entry = await bundleChild();
  const pool = [startChild(entry), startChild(entry), startChild(entry)];
  try {
    for (let seed = from; seed <= to; seed += 1) {
      const next = pool.shift()!;
      if (seed + pool.length <= to) pool.push(startChild(entry));
      await repetition(seed, next, totalWrites);
    }
  } finally {
    for (const c of pool) c.child.kill('SIGKILL');
  }
}
