import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, PASS_KEY } from '../../src/daemon/daemon.js';
import { readyz, status } from '../../src/daemon/endpoints.js';
import type { DaemonEngine, EngineRunOptions, KeyReport, ManifestLoad } from '../../src/daemon/engine-port.js';
import { createMetrics } from '../../src/daemon/metrics.js';
import type { DesiredState } from '../../src/model/desired.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { silentLogger } from '../../src/runtime/logger.js';
import { until } from '../helpers/wait.js';

// A scripted engine: the daemon's loop, status and metrics logic is tested on plain reports; the
// cloud side is covered by the end-to-end tests against the emulator.
class ScriptedEngine implements DaemonEngine {
  passes: { desired: DesiredState; prune: boolean }[] = [];
  keys: string[] = [];
  next: KeyReport[] = [];
  keyReports = new Map<string, KeyReport[]>();
  async reconcileAll(desired: DesiredState, options: EngineRunOptions) {
    this.passes.push({ desired, prune: options.prune });
    return { keys: this.next };
  }
  async reconcileKey(key: string) {
    this.keys.push(key);
    return this.keyReports.get(key)?.shift() ?? { key, state: 'ready' as const, applied: false, drifted: false };
  }
}

const stateA: DesiredState = { accounts: [], roles: [], policies: [], imageCaches: [] };
const stateB: DesiredState = { accounts: [], roles: [], policies: [], imageCaches: [] };

function setup(loads: ManifestLoad[]) {
  const clock = new ManualClock();
  const engine = new ScriptedEngine();
  const metrics = createMetrics({ processMetrics: false });
  let last = loads[0]!;
  const daemon = new Daemon({
    clock,
    logger: silentLogger,
    metrics,
    engine,
    loadManifests: () => (last = loads.shift() ?? last),
    prune: true,
    concurrency: 2,
    cachePollMs: 10_000,
    hardSignal: new AbortController().signal,
  });
  const stop = new AbortController();
  const running = daemon.start(stop.signal);
  const passes = async (n: number) => {
    daemon.trigger('resync');
    await until(() => engine.passes.length === n, `${n} passes`);
    await until(() => daemon.queue.inFlight() === 0, 'idle');
  };
  return { clock, engine, metrics, daemon, passes, finish: async () => (stop.abort(), await running) };
}

const problem = { file: 'a.yaml', line: 3, column: 1, code: 'YAML_SYNTAX', message: 'bad indentation' };

test('an invalid edit keeps the last valid desired state, disables prune and makes /readyz report it until fixed', async () => {
  const t = setup([{ state: stateA, errors: [] }, { errors: [problem] }, { state: stateB, errors: [] }]);
  await t.passes(1);
  assert.equal(readyz(t.daemon).status, 200);
  await t.passes(2);
  assert.equal(t.engine.passes[1]!.desired, stateA, 'the previous valid state is reconciled');
  assert.equal(t.engine.passes[1]!.prune, false, 'nothing is pruned while manifests are invalid');
  const notReady = readyz(t.daemon);
  assert.equal(notReady.status, 503);
  assert.deepEqual(JSON.parse(notReady.body).manifestErrors, [problem]);
  assert.deepEqual(JSON.parse(status(t.daemon, t.clock).body).manifests.errors, [problem]);
  assert.match(await t.metrics.registry.metrics(), /^eci_acr_reconciler_manifest_errors 1$/m);
  await t.passes(3);
  assert.equal(t.engine.passes[2]!.desired, stateB);
  assert.equal(t.engine.passes[2]!.prune, true);
  assert.equal(readyz(t.daemon).status, 200);
  assert.match(await t.metrics.registry.metrics(), /^eci_acr_reconciler_manifest_errors 0$/m);
  await t.finish();
});

test('with no valid manifests ever, nothing is reconciled and /readyz stays unready', async () => {
  const t = setup([{ errors: [problem] }]);
  t.daemon.trigger('startup');
  await until(() => t.daemon.manifestErrors.length === 1, 'load');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.equal(t.engine.passes.length, 0);
  assert.equal(readyz(t.daemon).status, 503);
  assert.match(readyz(t.daemon).body, /no valid manifests loaded yet/);
  await t.finish();
});

test('a pass sends a failed key to per-key backoff, a settling cache to polling, and records status and metrics', async () => {
  const t = setup([{ state: stateA, errors: [] }]);
  const error = { message: 'You are not authorized', code: 'Throttling.User', requestId: 'req-1' };
  t.engine.next = [
    { key: 'role/1000/ok', state: 'ready', account: 'main', applied: true, drifted: true },
    { key: 'role/1000/bad', state: 'failed', account: 'main', applied: false, drifted: false, error },
    { key: 'imagecache/1000/cn-hangzhou/c', state: 'progressing', account: 'main', applied: true, drifted: false },
  ];
  await t.passes(1);
  assert.equal(t.daemon.queue.delayed(), 2);
  const bad = t.daemon.status.get('role/1000/bad')!;
  assert.deepEqual({ state: bad.state, lastError: bad.lastError }, { state: 'failed', lastError: error });
  const text = await t.metrics.registry.metrics();
  assert.match(text, /^eci_acr_reconciler_resources\{state="failed"\} 1$/m);
  assert.match(text, /^eci_acr_reconciler_resources\{state="progressing"\} 1$/m);
  assert.match(text, /^eci_acr_reconciler_drift_corrected_total\{kind="role"\} 1$/m);
  assert.match(text, /^eci_acr_reconciler_reconcile_passes_total\{result="failure"\} 1$/m);
  t.engine.keyReports.set('role/1000/bad', [{ key: 'role/1000/bad', state: 'ready', account: 'main', applied: true, drifted: false }]);
  t.clock.advance(1_000);
  await until(() => t.engine.keys.includes('role/1000/bad'), 'the backoff retry of the failed key alone');
  t.clock.advance(9_000);
  await until(() => t.engine.keys.includes('imagecache/1000/cn-hangzhou/c'), 'the cache poll');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.equal(t.daemon.status.get('role/1000/bad')!.state, 'ready');
  assert.equal(t.engine.passes.length, 1, 'retries and polls do not re-run the whole pass');
  await t.finish();
});

test('triggers arriving while a pass is in flight collapse into exactly one follow-up pass', async () => {
  const t = setup([{ state: stateA, errors: [] }]);
  t.daemon.trigger('manifests changed');
  assert.equal(t.daemon.queue.inFlight(), 1, 'the first trigger starts a pass at once');
  for (let i = 0; i < 49; i++) t.daemon.trigger('manifests changed');
  assert.equal(t.daemon.queue.length(), 0, 'the in-flight pass key is not queued alongside itself');
  await until(() => t.engine.passes.length === 2, 'the follow-up pass');
  await until(() => t.daemon.queue.inFlight() === 0 && t.daemon.queue.length() === 0, 'idle');
  assert.equal(t.engine.passes.length, 2);
  assert.equal(PASS_KEY, '*');
  await t.finish();
});
