import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon } from '../../src/daemon/daemon.js';
import type { DaemonEngine, KeyReport } from '../../src/daemon/engine-port.js';
import { createMetrics } from '../../src/daemon/metrics.js';
import { notificationBody } from '../../src/daemon/notify/format.js';
import { Notifier } from '../../src/daemon/notify/notifier.js';
import { defaultDeliveryPolicy, Sink, type DeliveryResult } from '../../src/daemon/notify/sink.js';
import type { NotificationEvent } from '../../src/daemon/notify/types.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { createLogger, silentLogger } from '../../src/runtime/logger.js';
import { startReceiver, type Answer } from '../helpers/receiver.js';
import { until, waitFor } from '../helpers/wait.js';

const CANARY = 'CanaryNotifySecret4b7e1c';
const empty = { accounts: [], roles: [], policies: [], imageCaches: [] };
const failing = (key: string): KeyReport => ({ key, requeue: 'terminal', account: 'main', applied: false, drifted: false, error: { message: 'denied', code: 'NoPermission', requestId: `req-${key}` } });

test('notification bodies (json and slack) carry resource, code, RequestId and revision, and never a secret', () => {
  const event: NotificationEvent = {
    type: 'reconcile failed',
    severity: 'error',
    time: '2026-11-28T12:00:00.000Z',
    resource: 'policy/1000/p',
    account: 'main',
    code: 'NoPermission',
    requestId: 'req-1',
    revision: `git:${'a'.repeat(40)}`,
    detail: `POST https://ram.aliyuncs.com/?AccessKeySecret=${CANARY}&Signature=${CANARY} failed; AccessKeySecret=${CANARY} Authorization: Bearer ${CANARY}`,
  };
  for (const format of ['json', 'slack'] as const) {
    const body = notificationBody(event, format);
    assert.ok(!body.includes(CANARY), `${format} body leaked the canary: ${body}`);
    for (const field of ['policy/1000/p', 'NoPermission', 'req-1', 'git:aaaa']) assert.ok(body.includes(field), `${format} body has ${field}`);
  }
  assert.deepEqual(Object.keys(JSON.parse(notificationBody(event, 'slack'))), ['text'], 'a Slack incoming-webhook message');
});

test('sink: beyond the queue bound the oldest waiting event is dropped and counted; the rest arrive in order', async () => {
  let release = false;
  const receiver = await startReceiver((n) => (n === 1 && !release ? 'hang' : 'ok'));
  const clock = new ManualClock();
  const counts: DeliveryResult[] = [];
  const sink = new Sink({ url: receiver.url, policy: { ...defaultDeliveryPolicy, queueSize: 3, timeoutMs: 5_000 }, clock, logger: silentLogger, count: (r) => counts.push(r) });
  const stop = new AbortController();
  const running = sink.run(stop.signal);
  try {
    sink.push('"1"');
    await waitFor(() => receiver.hanging() === 1, 'the first POST to hang');
    for (const body of ['"2"', '"3"', '"4"', '"5"']) sink.push(body);
    assert.deepEqual(counts, ['dropped', 'dropped']);
    release = true;
    clock.advance(5_000); // the hung POST times out; it is retried after 1 s
    await until(() => clock.pendingSleepers() > 0, 'the retry backoff');
    clock.advance(1_000);
    await waitFor(() => receiver.bodies().length === 3, 'the three kept events');
    assert.deepEqual(receiver.bodies(), ['"1"', '"4"', '"5"']);
  } finally {
    stop.abort();
    await running;
    await receiver.close();
  }
});

test('a receiver that is down, answers 500 or hangs past the timeout never delays a pass, and loses nothing within the queue bound', async () => {
  // Attempts 1-2: connection dropped; 3-4: HTTP 500; 5: no answer at all; then healthy.
  const script = (n: number): Answer => (n <= 2 ? 'drop' : n <= 4 ? '500' : n === 5 ? 'hang' : 'ok');
  const receiver = await startReceiver(script);
  const clock = new ManualClock();
  const metrics = createMetrics({ processMetrics: false });
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', format: 'json', write: (l) => lines.push(l), clock });
  const notifier = new Notifier({ urls: [receiver.url], format: 'json', reminderMs: 0, policy: { ...defaultDeliveryPolicy, timeoutMs: 10_000, queueSize: 50 }, clock, logger, count: (result) => metrics.notifications.inc({ result }) });
  let next: KeyReport[] = [];
  const engine: DaemonEngine = { reconcileAll: async () => ({ keys: next }), reconcileKey: async (key) => ({ key, requeue: 'success', applied: false, drifted: false }) };
  const daemon = new Daemon({ clock, logger, metrics, engine, events: notifier, loadManifests: () => ({ state: empty, errors: [] }), prune: false, concurrency: 1, cachePollMs: 10_000, pruneConfirmMs: 0, hardSignal: new AbortController().signal });
  const stop = new AbortController();
  const running = [daemon.start(stop.signal), notifier.start(stop.signal)];
  const passes = () => lines.filter((l) => l.includes('"reconcile pass finished"')).length;
  const pass = async (keys: KeyReport[]) => {
    const before = passes();
    const at = clock.now();
    next = keys;
    daemon.trigger('resync');
    await until(() => passes() === before + 1, 'the pass to finish', 5_000);
    // Measured on the manual clock: the pass took no time at all, whatever the receiver does.
    assert.equal(clock.now(), at);
    assert.equal(daemon.lastPass?.durationSeconds, 0);
  };
  try {
    await pass(['a', 'b', 'c'].map((k) => failing(`role/1000/${k}`)));
    await waitFor(() => receiver.attempts() >= 1, 'the first attempt (dropped)');
    await pass(['d', 'e'].map((k) => failing(`role/1000/${k}`)));
    // Drive the retries until the receiver hangs on attempt 5; a pass meanwhile is not delayed either.
    await waitFor(() => {
      if (receiver.hanging() === 0 && clock.pendingSleepers() > 0) clock.advance(1_000);
      return receiver.hanging() === 1;
    }, 'the receiver to hang', 10_000, 5);
    await pass([failing('role/1000/f')]);
    clock.advance(10_000); // the per-request timeout
    await waitFor(() => {
      if (clock.pendingSleepers() > 0 && receiver.bodies().length < 6) clock.advance(1_000);
      return receiver.bodies().length === 6;
    }, 'all six events delivered', 10_000, 5);
    assert.deepEqual(receiver.events().map((e) => e.resource), ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => `role/1000/${k}`), 'every event, once, in order');
    assert.ok(receiver.events().every((e) => e.type === 'reconcile failed' && e.code === 'NoPermission' && e.requestId === `req-${e.resource}`), 'code and RequestId in each');
    // The receiver records a body before its answer reaches the sink, which counts it then.
    await waitFor(async () => /^eci_acr_reconciler_notifications_total\{result="sent"\} 6$/m.test(await metrics.registry.metrics()), 'six counted as sent');
    assert.equal(lines.filter((l) => l.includes('"event":"reconcile failed"')).length, 6, 'one log line per event, with the same fields');
    assert.ok(!lines.join('').includes('secret-path'), 'the receiver URL path (a webhook secret) is never logged');
  } finally {
    stop.abort();
    await Promise.all(running);
    await receiver.close();
  }
});

test('event rules: one episode per failing resource, per Account for failing credentials, prune refused and invalid manifests until they end', async () => {
  const clock = new ManualClock();
  const lines: any[] = [];
  const logger = createLogger({ level: 'info', format: 'json', write: (l) => lines.push(JSON.parse(l)), clock });
  const notifier = new Notifier({ urls: [], format: 'json', reminderMs: 0, policy: defaultDeliveryPolicy, clock, logger });
  const credentials = (key: string): KeyReport => ({ ...failing(key), error: { message: 'sts: credentials of Account main (source: oidc) failing: InvalidParameter.OIDCToken', code: 'InvalidParameter.OIDCToken' } });
  const ok = (key: string, drifted = false): KeyReport => ({ key, requeue: 'success', account: 'main', applied: drifted, drifted });
  const loads = [
    { state: empty, errors: [] },
    { state: empty, errors: [] },
    { errors: [{ file: 'a.yaml', line: 2, column: 3, code: 'SCHEMA', message: 'unknown field' }] },
    { errors: [{ file: 'a.yaml', line: 2, column: 3, code: 'SCHEMA', message: 'unknown field' }] },
    { state: empty, errors: [] },
  ];
  const scripts: { keys: KeyReport[]; refused?: string }[] = [
    { keys: [failing('role/1000/a'), credentials('role/1000/b'), credentials('role/1000/c')], refused: 'would delete 11 resources (limit 10)' },
    { keys: [failing('role/1000/a'), credentials('role/1000/b'), credentials('role/1000/c')], refused: 'would delete 11 resources (limit 10)' },
    { keys: [ok('role/1000/a'), ok('role/1000/b'), ok('role/1000/c', true)] },
    { keys: [ok('role/1000/a')] },
    { keys: [failing('role/1000/a')] },
  ];
  const engine: DaemonEngine = { reconcileAll: async () => scripts.shift()!, reconcileKey: async (key) => ok(key) };
  const daemon = new Daemon({ clock, logger, metrics: createMetrics({ processMetrics: false }), engine, events: notifier, loadManifests: () => loads.shift()!, prune: true, concurrency: 1, cachePollMs: 10_000, pruneConfirmMs: 0, hardSignal: new AbortController().signal });
  const stop = new AbortController();
  const running = daemon.start(stop.signal);
  for (let pass = 1; pass <= 5; pass++) {
    daemon.trigger('resync');
    await until(() => lines.filter((l) => l.message === 'reconcile pass finished' || l.message === 'manifests invalid').length >= pass, `pass ${pass}`);
    await until(() => daemon.queue.inFlight() === 0, 'idle');
  }
  stop.abort();
  await running;
  const subject = (l: any) => (l.event === 'credentials failing' ? l.account : (l.resource ?? l.location ?? ''));
  const events = lines.filter((l) => l.event !== undefined).map((l) => [l.event, subject(l)]);
  // Passes 1-2 fail the same way (one event each); pass 3 reads invalid manifests, keeps the last
  // valid state and corrects a drift; pass 4 is still invalid; pass 5 is valid again and `a` fails anew.
  assert.deepEqual(events, [
    ['reconcile failed', 'role/1000/a'],
    ['credentials failing', 'main'],
    ['prune refused', ''],
    ['manifests invalid', 'a.yaml:2:3'],
    ['drift corrected', 'role/1000/c'],
    ['manifests valid again', ''],
    ['reconcile failed', 'role/1000/a'],
  ]);
});
