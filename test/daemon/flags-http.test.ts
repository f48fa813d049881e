import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonSettings, parseDuration } from '../../src/cli/setting-values.js';
import { parseListen, startHttpServer, json } from '../../src/daemon/http-server.js';
import { healthz } from '../../src/daemon/endpoints.js';
import { Liveness } from '../../src/daemon/liveness.js';
import { Gate } from '../../src/daemon/gate.js';
import { ManualClock } from '../../src/runtime/clock.js';

test('durations: ms, s, m, h and combinations; anything else is rejected', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('1m30s'), 90_000);
  for (const bad of ['', '5', 'five minutes', '5 m', '-5s', '5d']) assert.equal(parseDuration(bad), undefined, bad);
});

test('listen addresses: host:port, :port and [v6]:port', () => {
  assert.deepEqual(parseListen('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseListen('0.0.0.0:0'), { host: '0.0.0.0', port: 0 });
  assert.deepEqual(parseListen(':9090'), { host: '0.0.0.0', port: 9090 });
  assert.deepEqual(parseListen('[::1]:8080'), { host: '::1', port: 8080 });
  for (const bad of ['8080', 'localhost', 'host:99999', 'a:b']) assert.equal(parseListen(bad), undefined, bad);
});

test('daemon settings: defaults, and one clear message per invalid flag', () => {
  assert.deepEqual(daemonSettings({}), {
    listen: { host: '127.0.0.1', port: 8080 },
    resyncMs: 30_000,
    deepResyncMs: 3_600_000,
    shutdownTimeoutMs: 20_000,
    concurrency: 4,
    cachePollMs: 10_000,
    pruneConfirmMs: 30_000,
    logLevel: 'info',
    backgroundShare: 0.25,
  });
  const problem = (values: Record<string, string>) => assert.throws(() => daemonSettings(values), { name: 'UsageError' });
  assert.throws(() => daemonSettings({ resync: 'often' }), /^UsageError: --resync must be a duration/);
  assert.throws(() => daemonSettings({ listen: 'everywhere' }), /^UsageError: --listen must be HOST:PORT/);
  assert.throws(() => daemonSettings({ concurrency: '0' }), /^UsageError: --concurrency must be a whole number from 1 to 64/);
  assert.throws(() => daemonSettings({ 'log-level': 'loud' }), /^UsageError: --log-level must be/);
  assert.throws(() => daemonSettings({ 'shutdown-timeout': 'x' }), /^UsageError: --shutdown-timeout must be/);
  assert.throws(() => daemonSettings({ 'prune-confirm': 'soon' }), /^UsageError: --prune-confirm must be a duration/);
  problem({ 'cache-poll-interval': '10ms' });
  assert.equal(daemonSettings({ 'prune-confirm': '5s' }).pruneConfirmMs, 5_000);
  assert.throws(() => daemonSettings({ 'deep-resync': 'hourly' }), /^UsageError: --deep-resync must be a duration/);
  assert.equal(daemonSettings({ 'deep-resync': '0s' }).deepResyncMs, 0);
});

test('http server: routes GET and HEAD, 404 for unknown paths, 405 for other methods', async () => {
  const server = await startHttpServer({ host: '127.0.0.1', port: 0 }, { '/ping': () => json(200, { pong: true }) });
  try {
    const base = `http://127.0.0.1:${server.address.port}`;
    const ok = await fetch(`${base}/ping?x=1`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { pong: true });
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    assert.equal((await fetch(`${base}/ping`, { method: 'POST' })).status, 405);
    const head = await fetch(`${base}/ping`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  } finally {
    await server.close();
  }
});

test('healthz: an idle loop is alive however long it idles; a busy loop that stops moving fails after the timeout', () => {
  const clock = new ManualClock();
  let busy = false;
  const liveness = new Liveness({ clock, timeoutMs: 60_000, busy: () => busy });
  clock.advance(3_600_000);
  assert.equal(healthz(liveness).status, 200, 'an hour idle is not a stuck loop');
  busy = true;
  clock.advance(59_000);
  liveness.progress();
  clock.advance(60_000);
  assert.equal(healthz(liveness).status, 200, 'it moved within the timeout');
  clock.advance(1);
  const reply = healthz(liveness);
  assert.equal(reply.status, 503);
  assert.deepEqual(JSON.parse(reply.body), { alive: false, busy: true, stalledSeconds: 60.001, timeoutSeconds: 60 });
});

test('gate: a pass waits for running key reconciles, and keys wait for a running pass', async () => {
  const gate = new Gate();
  const events: string[] = [];
  let releaseKey!: () => void;
  const key = gate.shared(async () => {
    events.push('key start');
    await new Promise<void>((r) => (releaseKey = r));
    events.push('key end');
  });
  const pass = gate.exclusive(async () => {
    events.push('pass');
  });
  const laterKey = gate.shared(async () => {
    events.push('later key');
  });
  await new Promise<void>((r) => setImmediate(r));
  assert.deepEqual(events, ['key start'], 'the pass and a later key wait');
  releaseKey();
  await Promise.all([key, pass, laterKey]);
  assert.deepEqual(events, ['key start', 'key end', 'pass', 'later key']);
});

test('issue 15 (quota share): --background-quota-share takes a percentage above 0 and at most 100', () => {
  assert.equal(daemonSettings({ 'background-quota-share': '10%' }).backgroundShare, 0.1);
  assert.equal(daemonSettings({ 'background-quota-share': '12.5' }).backgroundShare, 0.125);
  assert.equal(daemonSettings({ 'background-quota-share': '100%' }).backgroundShare, 1);
  for (const bad of ['0%', '0', '101%', 'half', '-5%', '25 %', '0.25x']) {
    assert.throws(() => daemonSettings({ 'background-quota-share': bad }), /^UsageError: --background-quota-share must be a percentage above 0 and at most 100/, bad);
  }
});
