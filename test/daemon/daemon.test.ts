import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon, PASS_KEY } from '../../src/daemon/daemon.js';
import { readyz, status } from '../../src/daemon/endpoints.js';
import type { DaemonEngine, EngineRunOptions, InstanceNames, KeyReport, ManifestLoad, ManifestLoader } from '../../src/daemon/engine-port.js';
import { createMetrics } from '../../src/daemon/metrics.js';
import type { Priority } from '../../src/cloud/limiter.js';
import type { DesiredState } from '../../src/model/desired.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { createLogger, silentLogger, type Logger } from '../../src/runtime/logger.js';
import { until } from '../helpers/wait.js';

// A scripted engine: the daemon's loop, status and metrics logic is tested on plain reports; the
// cloud side is covered by the end-to-end tests against the emulator.
class ScriptedEngine implements DaemonEngine {
  lookUpInstanceNames?: DaemonEngine['lookUpInstanceNames'];
  passes: { desired: DesiredState; prune: boolean }[] = [];
  keys: string[] = [];
  next: KeyReport[] = [];
  keyReports = new Map<string, KeyReport[]>();
  refused: string | undefined;
  throwNext: Error | undefined;
  /** The priority of every pass, then of every key run, in order (issue 15). */
  priorities: { pass: Priority[]; keys: [string, Priority][] } = { pass: [], keys: [] };
  async reconcileAll(desired: DesiredState, options: EngineRunOptions) {
    this.passes.push({ desired, prune: options.prune });
    this.priorities.pass.push(options.priority);
    const failure = this.throwNext;
    this.throwNext = undefined;
    if (failure) throw failure;
    return this.refused === undefined ? { keys: this.next } : { keys: this.next, refused: this.refused };
  }
  async reconcileKey(key: string, _desired?: DesiredState, options?: EngineRunOptions) {
    this.keys.push(key);
    if (options) this.priorities.keys.push([key, options.priority]);
    return this.keyReports.get(key)?.shift() ?? { key, requeue: 'success' as const, applied: false, drifted: false };
  }
}

const stateA: DesiredState = { accounts: [], roles: [], policies: [], imageCaches: [] };
const stateB: DesiredState = { accounts: [], roles: [], policies: [], imageCaches: [] };

function setup(loads: ManifestLoad[], options: { pruneConfirmMs?: number; loadManifests?: ManifestLoader; logger?: (clock: ManualClock) => Logger; deepResyncMs?: number } = {}) {
  const clock = new ManualClock();
  const engine = new ScriptedEngine();
  const metrics = createMetrics({ processMetrics: false });
  let last = loads[0]!;
  const daemon = new Daemon({
    clock,
    logger: options.logger?.(clock) ?? silentLogger,
    metrics,
    engine,
    loadManifests: options.loadManifests ?? (() => (last = loads.shift() ?? last)),
    prune: true,
    concurrency: 2,
    cachePollMs: 10_000,
    // 0: these tests are about the loop; the prune confirmation has its own tests below.
    pruneConfirmMs: options.pruneConfirmMs ?? 0,
    ...(options.deepResyncMs !== undefined ? { deepResyncMs: options.deepResyncMs } : {}),
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
    { key: 'role/1000/ok', requeue: 'success', account: 'main', applied: true, drifted: true },
    { key: 'role/1000/bad', requeue: 'error', account: 'main', applied: false, drifted: false, error },
    { key: 'imagecache/1000/cn-hangzhou/c', requeue: 'requeueAfter', account: 'main', applied: true, drifted: false },
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
  t.engine.keyReports.set('role/1000/bad', [{ key: 'role/1000/bad', requeue: 'success', account: 'main', applied: true, drifted: false }]);
  t.clock.advance(1_000);
  await until(() => t.engine.keys.includes('role/1000/bad'), 'the backoff retry of the failed key alone');
  t.clock.advance(9_000);
  await until(() => t.engine.keys.includes('imagecache/1000/cn-hangzhou/c'), 'the cache poll');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.equal(t.daemon.status.get('role/1000/bad')!.state, 'ready');
  assert.equal(t.engine.passes.length, 1, 'retries and polls do not re-run the whole pass');
  await t.finish();
});

test('after a watch event, a cache poll waits for the pass that loads the edit instead of acting on the old revision', async () => {
  // The CI failure of the two-daemons test: a poll ran on the revision before the edit and put the
  // cache's old images back (UpdateImageCache), then the watcher's pass updated it again.
  const t = setup([{ state: stateA, errors: [] }, { state: stateB, errors: [] }]);
  t.engine.next = [{ key: 'imagecache/1000/cn-hangzhou/c', requeue: 'requeueAfter', account: 'main', applied: true, drifted: false }];
  await t.passes(1);
  t.daemon.manifestsTouched();
  t.clock.advance(10_000);
  await until(() => t.daemon.queue.delayed() === 0 && t.daemon.queue.inFlight() === 0, 'the poll to come due and run');
  assert.deepEqual(t.engine.keys, [], 'no key is reconciled on the desired state the files no longer hold');
  await t.passes(2);
  assert.equal(t.engine.passes[1]!.desired, stateB, "the watcher's pass reconciles the edit");
  t.clock.advance(10_000);
  await until(() => t.engine.keys.length === 1, 'polls resume once the edit is loaded');
  await t.finish();
});

test('instanceNames: each pass loads with the ids the engine looked up; a deep pass asks afresh, an incremental one may reuse', async () => {
  const lookups = { accounts: [], lookups: [{ key: 'acr/cn-hangzhou/acme', access: 'pull', account: 'acr', accountId: '2', regionId: 'cn-hangzhou', instanceName: 'acme' }] };
  const given: (InstanceNames | undefined)[] = [];
  const t = setup([], {
    deepResyncMs: 60_000,
    loadManifests: (names) => (given.push(names), names ? { state: stateA, errors: [] } : { errors: [], instanceNameLookups: lookups }),
  });
  const fresh: boolean[] = [];
  t.engine.lookUpInstanceNames = async (_accounts, asked, again) => (fresh.push(again), new Map(asked.map((l) => [l.key, { instanceId: 'cri-1' }])));
  await t.passes(1);
  await t.passes(2);
  assert.deepEqual(fresh, [true, false], 'the first pass is deep (read the names), the next incremental (reuse allowed)');
  assert.deepEqual(given.map((g) => g?.get('acr/cn-hangzhou/acme')), [undefined, { instanceId: 'cri-1' }, undefined, { instanceId: 'cri-1' }]);
  assert.equal(t.engine.passes[1]!.desired, stateA, 'the pass reconciles the load made with the answers');
  t.clock.advance(60_000);
  await t.passes(3);
  assert.deepEqual(fresh, [true, false, true], 'a deep resync reads the names again');
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

const passResults = async (metrics: ReturnType<typeof createMetrics>) =>
  Object.fromEntries([...(await metrics.registry.metrics()).matchAll(/^eci_acr_reconciler_reconcile_passes_total\{result="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));

test('an invalid edit says so in a log line: last valid state kept, prune off', async () => {
  const lines: string[] = [];
  const t = setup([{ state: stateA, errors: [] }, { errors: [problem] }], {
    logger: (clock) => createLogger({ level: 'info', format: 'json', write: (l) => void lines.push(l), clock }),
  });
  await t.passes(1);
  await t.passes(2);
  const line = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'manifests invalid');
  assert.ok(line, `a "manifests invalid" log line: ${lines.join('')}`);
  assert.match(line.keeping, /keeping the last valid desired state; prune off/);
  assert.equal(t.engine.passes[1]!.prune, false);
  await t.finish();
});

test('A3-daemon: a manifests loader that throws fails the pass: error counted, not ready, status says so, retried with backoff', async () => {
  let throwing = false;
  const t = setup([], {
    loadManifests: () => {
      if (throwing) throw new RangeError('Maximum call stack size exceeded');
      return { state: stateA, errors: [] };
    },
  });
  await t.passes(1);
  assert.equal(readyz(t.daemon).status, 200);
  throwing = true;
  t.daemon.trigger('manifests changed');
  await until(() => t.daemon.lastPass?.result === 'error', 'the failed pass');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.equal((await passResults(t.metrics)).error, 1, 'passes_total{result="error"} counts the failed pass');
  const ready = readyz(t.daemon);
  assert.equal(ready.status, 503, 'not ready while the manifests cannot be loaded');
  assert.match(ready.body, /Maximum call stack size exceeded/);
  const body = JSON.parse(status(t.daemon, t.clock).body);
  assert.equal(body.manifests.valid, false, '/status must not say valid: true');
  assert.equal(body.lastPass.result, 'error');
  assert.equal(body.prune.state, 'suspended');
  assert.equal(t.daemon.queue.delayed(), 1, 'the pass is retried with backoff');
  throwing = false;
  t.clock.advance(1_000);
  await until(() => t.engine.passes.length === 2, 'the retried pass');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.equal(readyz(t.daemon).status, 200, 'ready again once a pass succeeds');
  assert.equal(t.engine.passes[1]!.prune, true);
  await t.finish();
});

test('A3-daemon: an engine that throws fails the pass and the daemon stops being ready until a pass succeeds', async () => {
  const t = setup([{ state: stateA, errors: [] }]);
  await t.passes(1);
  t.engine.throwNext = new Error('boom inside the pass');
  await t.passes(2);
  assert.equal((await passResults(t.metrics)).error, 1);
  assert.equal(readyz(t.daemon).status, 503);
  assert.match(readyz(t.daemon).body, /the last pass failed: Error: boom inside the pass; retrying with backoff/);
  t.clock.advance(1_000);
  await until(() => t.engine.passes.length === 3, 'the backoff retry');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.equal(readyz(t.daemon).status, 200);
  await t.finish();
});

test('B1: a pass whose prune the guard refused is a failed pass: not success, reason in /status, not ready', async () => {
  const t = setup([{ state: stateA, errors: [] }]);
  t.engine.next = [{ key: 'role/1000/kept', requeue: 'success', account: 'main', applied: false, drifted: false }];
  t.engine.refused = 'the pass would delete 7 resources, more than --max-deletes 5';
  await t.passes(1);
  const results = await passResults(t.metrics);
  assert.deepEqual([results.success, results.failure], [0, 1], 'counted as failure, not success');
  const body = JSON.parse(status(t.daemon, t.clock).body);
  assert.equal(body.lastPass.result, 'failure');
  assert.deepEqual(body.prune, { state: 'refused', reason: t.engine.refused });
  const ready = readyz(t.daemon);
  assert.equal(ready.status, 503);
  assert.match(ready.body, /prune refused: the pass would delete 7 resources/);
  t.engine.refused = undefined;
  await t.passes(2);
  assert.equal(readyz(t.daemon).status, 200, 'ready again once a pass is not refused');
  await t.finish();
});

const digests = (b: string) => ({ digests: new Map([['a.yaml', 'a'], ['b.yaml', b]]), changedWhileRead: [] });

test('B8: a shrunk read never prunes at once; the daemon schedules the confirming pass and prunes only if it agrees', async () => {
  const full: ManifestLoad = { state: stateA, errors: [], read: digests('full') };
  const emptied: ManifestLoad = { state: stateB, errors: [], read: digests('empty') };
  let current = full;
  const t = setup([], { pruneConfirmMs: 5_000, loadManifests: () => current });
  await t.passes(1);
  assert.equal(t.engine.passes[0]!.prune, false, 'the first read is not confirmed');
  assert.equal(JSON.parse(status(t.daemon, t.clock).body).prune.state, 'waiting');
  t.clock.advance(5_000);
  await until(() => t.engine.passes.length === 2, 'the confirming pass scheduled by the first');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.equal(t.engine.passes[1]!.prune, true, 'unchanged for 5 s: prune confirmed');
  // An editor empties b.yaml: the next pass must not delete what it declared.
  current = emptied;
  await t.passes(3);
  assert.equal(t.engine.passes[2]!.desired, stateB);
  assert.equal(t.engine.passes[2]!.prune, false, 'the shrunk read is not confirmed');
  t.clock.advance(1_500);
  current = full;
  await t.passes(4);
  assert.equal(t.engine.passes[3]!.prune, false, 'the restored read is a change too');
  t.clock.advance(5_000);
  await until(() => t.engine.passes.length === 5, 'the confirming pass');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.deepEqual([t.engine.passes[4]!.desired, t.engine.passes[4]!.prune], [stateA, true], 'prune runs only on the confirmed full state');
  assert.equal(t.engine.passes.filter((p) => p.desired === stateB && p.prune).length, 0, 'the emptied state never pruned');
  await t.finish();
});

test('B8: a read without file digests never prunes while the confirmation is on', async () => {
  const t = setup([{ state: stateA, errors: [] }], { pruneConfirmMs: 5_000 });
  await t.passes(1);
  t.clock.advance(5_000);
  await until(() => t.engine.passes.length === 2, 'the re-check');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.deepEqual(t.engine.passes.map((p) => p.prune), [false, false]);
  await t.finish();
});

test('G2: manifest warnings (CUSTOM_ENDPOINTS) are logged by the daemon when they appear, not on every pass', async () => {
  const lines: string[] = [];
  const warning = { file: 'a.yaml', line: 9, column: 3, code: 'CUSTOM_ENDPOINTS', message: 'Account prod allows custom endpoints' };
  const t = setup([{ state: stateA, errors: [], warnings: [warning] }], {
    logger: (clock) => createLogger({ level: 'info', format: 'json', write: (l) => void lines.push(l), clock }),
  });
  await t.passes(1);
  await t.passes(2);
  const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.code === 'CUSTOM_ENDPOINTS');
  assert.equal(logged.length, 1, `one warning line for two passes over the same warning: ${lines.join('')}`);
  assert.equal(logged[0].level, 'warn');
  assert.equal(logged[0].file, 'a.yaml');
  await t.finish();
});

test('issue 15 (quota share): a resync pass is background work; start-up and a manifest edit are foreground, also when collapsed with a resync', async () => {
  const t = setup([{ state: stateA, errors: [] }]);
  t.daemon.trigger('startup');
  assert.equal(t.daemon.queue.inFlight(), 1, 'the start-up pass runs at once');
  // Both arrive during the start-up pass and collapse into one follow-up pass.
  t.daemon.trigger('manifests changed');
  t.daemon.trigger('resync');
  await until(() => t.engine.passes.length === 2, 'the collapsed pass');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  await t.passes(3); // a resync alone
  assert.deepEqual(t.engine.priorities.pass, ['foreground', 'foreground', 'background']);
  await t.finish();
});

test('issue 15 (quota share): cache polls run in the background; a retry keeps the priority of the run that failed', async () => {
  const t = setup([{ state: stateA, errors: [] }]);
  const error = { message: 'Throttled', code: 'Throttling.User', requestId: 'req-1' };
  t.engine.next = [
    { key: 'role/1000/bad', requeue: 'error', account: 'main', applied: false, drifted: false, error },
    { key: 'imagecache/1000/cn-hangzhou/c', requeue: 'requeueAfter', account: 'main', applied: true, drifted: false },
  ];
  t.daemon.trigger('manifests changed');
  await until(() => t.engine.passes.length === 1, 'the pass');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  t.clock.advance(10_000);
  await until(() => t.engine.keys.length === 2, 'the retry and the poll');
  await until(() => t.daemon.queue.inFlight() === 0, 'idle');
  assert.deepEqual(Object.fromEntries(t.engine.priorities.keys), { 'role/1000/bad': 'foreground', 'imagecache/1000/cn-hangzhou/c': 'background' });
  await t.finish();
});
