// Issue 14 finding 7: the daemon logged nothing when a cache went from building to Ready (or
// Failed) or when the manifests became valid again, and the drift_* series appeared only after the
// first drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon } from '../../src/daemon/daemon.js';
import type { DaemonEngine, KeyReport, ManifestLoad } from '../../src/daemon/engine-port.js';
import { createMetrics } from '../../src/daemon/metrics.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { createLogger } from '../../src/runtime/logger.js';
import { until } from '../helpers/wait.js';

const empty = { accounts: [], roles: [], policies: [], imageCaches: [] };
const problem = { file: 'a.yaml', line: 3, column: 1, code: 'YAML_SYNTAX', message: 'bad indentation' };
const cache = (name: string, status: string, requeue: KeyReport['requeue']): KeyReport => ({ key: `imagecache/1000/cn-hangzhou/${name}`, requeue, account: 'main', applied: false, drifted: false, status });

function setup(loads: ManifestLoad[]) {
  const clock = new ManualClock();
  const lines: any[] = [];
  const logger = createLogger({ level: 'info', format: 'json', write: (l) => lines.push(JSON.parse(l)), clock });
  const metrics = createMetrics({ processMetrics: false });
  let next: KeyReport[] = [];
  let last = loads[0]!;
  const engine: DaemonEngine = { reconcileAll: async () => ({ keys: next }), reconcileKey: async (key) => ({ key, requeue: 'success', applied: false, drifted: false }) };
  const daemon = new Daemon({ clock, logger, metrics, engine, loadManifests: () => (last = loads.shift() ?? last), prune: false, concurrency: 1, cachePollMs: 10_000, pruneConfirmMs: 0, hardSignal: new AbortController().signal });
  const stop = new AbortController();
  const running = daemon.start(stop.signal);
  let done = 0;
  const pass = async (keys: KeyReport[] = []) => {
    next = keys;
    daemon.trigger('resync');
    done += 1;
    await until(() => lines.filter((l) => l.message === 'reconcile pass finished' || l.message === 'manifests invalid').length >= done, 'the pass');
    await until(() => daemon.queue.inFlight() === 0, 'idle');
  };
  return { lines, metrics, pass, finish: async () => (stop.abort(), await running) };
}

test('finding 7: a cache going from building to Ready, or to Failed, is one log line each', async () => {
  const t = setup([{ state: empty, errors: [] }]);
  await t.pass([cache('web', 'Creating', 'requeueAfter'), cache('batch', 'Creating', 'requeueAfter')]);
  await t.pass([cache('web', 'Creating', 'requeueAfter'), cache('batch', 'Creating', 'requeueAfter')]);
  assert.deepEqual(t.lines.filter((l) => l.message.startsWith('image cache')), [], 'nothing while still building');
  await t.pass([cache('web', 'Ready', 'success'), cache('batch', 'Failed', 'requeueAfter')]);
  await t.pass([cache('web', 'Ready', 'success')]);
  const said = t.lines.filter((l) => l.message.startsWith('image cache')).map((l) => [l.level, l.message, l.resource, l.previousStatus]);
  assert.deepEqual(said, [
    ['info', 'image cache ready', 'imagecache/1000/cn-hangzhou/web', 'Creating'],
    ['warn', 'image cache failed', 'imagecache/1000/cn-hangzhou/batch', 'Creating'],
  ]);
  await t.finish();
});

test('finding 7: manifests becoming valid again is logged, once', async () => {
  const t = setup([{ state: empty, errors: [] }, { errors: [problem] }, { errors: [problem] }, { state: empty, errors: [] }, { state: empty, errors: [] }]);
  for (let i = 0; i < 5; i++) await t.pass();
  assert.equal(t.lines.filter((l) => l.message === 'manifests valid again').length, 1);
  await t.finish();
});

test('finding 7: every reconciler metric series exists from start at 0, drift_* included', async () => {
  const text = await createMetrics({ processMetrics: false }).registry.metrics();
  for (const kind of ['role', 'policy', 'imagecache']) {
    assert.match(text, new RegExp(`^eci_acr_reconciler_drift_detected_total\\{kind="${kind}"\\} 0$`, 'm'));
    assert.match(text, new RegExp(`^eci_acr_reconciler_drift_corrected_total\\{kind="${kind}"\\} 0$`, 'm'));
  }
  for (const result of ['success', 'requeue_after', 'error', 'terminal_error', 'panic']) {
    assert.match(text, new RegExp(`^eci_acr_reconciler_reconcile_total\\{result="${result}"\\} 0$`, 'm'));
  }
  // Every family but the per-call ones (labelled by action, unknown before a call) has a sample.
  const families = [...text.matchAll(/^# TYPE (eci_acr_reconciler_\w+) /gm)].map((m) => m[1]!);
  const withoutSample = families.filter((f) => !f.startsWith('eci_acr_reconciler_cloud_api_') && !new RegExp(`^${f}(_bucket|_count|_sum)?(\\{|\\s)`, 'm').test(text));
  assert.deepEqual(withoutSample, []);
});
