// Issue 15 (quota share), end to end: the real daemon against the emulator with a small RAM limit.
// Per account and second, as the emulator's request log saw them, a resync pass's RAM calls stay
// within the share (+ its burst), while the start-up pass (a change someone waits for) uses the full rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonSettings } from '../../src/cli/setting-values.js';
import { backgroundAllowance, type Priority, type RateLimit } from '../../src/cloud/limiter.js';
import { createDaemonEngine } from '../../src/daemon/engine-adapter.js';
import { manifestLoader } from '../../src/daemon/manifest-source.js';
import { runDaemon } from '../../src/daemon/run-daemon.js';
import type { RequestLogEntry } from '../../src/emulator/request-log.js';
import { silentLogger } from '../../src/runtime/logger.js';
import { ACCOUNT_A, ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { accountDoc, policyDoc, waitFor } from './harness.js';

const RAM: RateLimit = { perSecond: 12, burst: 2 };
const SHARE = 0.25;
const POLICIES = 8;

/** The most RAM calls of ACCOUNT_A the log saw in one second, among calls that arrived in [from, to]. */
function peakPerSecond(log: readonly RequestLogEntry[], from: number, to: number): { peak: number; bySecond: Record<number, number> } {
  const bySecond: Record<number, number> = {};
  for (const r of log) {
    if (r.service !== 'ram' || r.accountId !== ACCOUNT_A || r.at < from || r.at > to) continue;
    const second = Math.floor(r.at / 1000);
    bySecond[second] = (bySecond[second] ?? 0) + 1;
  }
  return { peak: Math.max(0, ...Object.values(bySecond)), bySecond };
}

test('issue 15 (quota share): a resync pass stays within the share per account and second; the start-up pass may use the full rate', async () => {
  const emulator = await withEmulator(twoAccountSeed());
  const dir = await mkdtemp(join(tmpdir(), 'quota-share-'));
  await writeFile(join(dir, 'account.yaml'), accountDoc());
  for (let i = 0; i < POLICIES; i++) await writeFile(join(dir, `p${i}.yaml`), policyDoc(`share-${i}`));
  const passes: { priority: Priority; start: number; end: number }[] = [];
  const stop = new AbortController();
  // A short shutdown timeout: the next resync may already be running when the test has what it needs.
  // Every pass deep (--deep-resync 0s): the resync then re-reads every policy, which is the background
  // work the share must hold back; an incremental resync is a few list pages and would prove nothing.
  const settings = daemonSettings({ listen: '127.0.0.1:0', resync: '2s', 'deep-resync': '0s', 'shutdown-timeout': '100ms', 'background-quota-share': `${SHARE * 100}%` });
  const exit = runDaemon({
    manifests: [dir],
    settings,
    logger: silentLogger,
    stop: stop.signal,
    prune: false,
    loadManifests: manifestLoader([dir], dir, { emulatorMode: true }),
    engine: (ctx) => {
      const engine = createDaemonEngine(ctx, {
        endpoint: emulator.url,
        env: { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret },
        dryRun: false,
        backgroundShare: settings.backgroundShare,
        limits: { ram: { rate: RAM } },
      });
      // Each pass's window on the wall clock, which the emulator's log also runs on (nobody advances it here).
      return {
        ...engine,
        async reconcileAll(desired, run) {
          const start = Date.now();
          try {
            return await engine.reconcileAll(desired, run);
          } finally {
            passes.push({ priority: run.priority, start, end: Date.now() });
          }
        },
      };
    },
  });
  try {
    await waitFor(() => passes.some((p) => p.priority === 'background'), 'a resync pass to finish', 30_000, 100);
  } finally {
    stop.abort(new Error('test over'));
    assert.equal(await exit, 'stopped');
    await rm(dir, { recursive: true, force: true });
  }
  const log = await emulator.requests();
  const [startup, resync] = [passes[0]!, passes.find((p) => p.priority === 'background')!];
  assert.equal(startup.priority, 'foreground', 'the start-up pass is foreground');
  const allowed = backgroundAllowance(RAM, SHARE);
  const background = peakPerSecond(log, resync.start, resync.end);
  const reads = Object.values(background.bySecond).reduce((a, b) => a + b, 0);
  assert.ok(reads >= POLICIES + 2, `the resync read every policy (${reads} RAM calls)`);
  assert.ok(background.peak <= allowed, `resync: at most ${allowed} RAM calls per second (${SHARE * 100} % of ${RAM.perSecond}/s + ${SHARE * 100} % of its burst); seen ${JSON.stringify(background.bySecond)}`);
  const foreground = peakPerSecond(log, startup.start, startup.end);
  assert.ok(foreground.peak > allowed, `the start-up pass is not held to the share: ${JSON.stringify(foreground.bySecond)}`);
});
