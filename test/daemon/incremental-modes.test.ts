// Issue 15: which passes are deep and which incremental (--deep-resync), and the pure rules that decide
// what an incremental pass reads again. The cloud side is the property test's (incremental-property.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon } from '../../src/daemon/daemon.js';
import type { DaemonEngine, EngineRunOptions } from '../../src/daemon/engine-port.js';
import { createMetrics } from '../../src/daemon/metrics.js';
import { movedCounts, needsRecheck, roleDetailValid, rolesDisagreeing, SAME_SECOND_WINDOW_MS } from '../../src/engine/memory.js';
import type { DesiredState } from '../../src/model/desired.js';
import type { ObservedRole } from '../../src/model/observed.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { silentLogger } from '../../src/runtime/logger.js';
import { until } from '../helpers/wait.js';

const empty: DesiredState = { accounts: [], roles: [], policies: [], imageCaches: [] };

test('issue 15: the first pass is deep, resyncs are incremental, and a deep pass comes again once --deep-resync has passed', async () => {
  const modes: (EngineRunOptions['mode'] | undefined)[] = [];
  const engine: DaemonEngine = {
    reconcileAll: async (_d, options) => (modes.push(options.mode), { keys: [] }),
    reconcileKey: async (key) => ({ key, requeue: 'success', applied: false, drifted: false }),
  };
  const clock = new ManualClock();
  const daemon = new Daemon({
    clock, logger: silentLogger, metrics: createMetrics({ processMetrics: false }), engine,
    loadManifests: () => ({ state: empty, errors: [] }), prune: false, concurrency: 1, cachePollMs: 10_000, pruneConfirmMs: 0,
    deepResyncMs: 3_600_000, hardSignal: new AbortController().signal,
  });
  const stop = new AbortController();
  const running = daemon.start(stop.signal);
  const pass = async (n: number) => {
    daemon.trigger('resync');
    await until(() => modes.length === n, `${n} passes`);
    await until(() => daemon.queue.inFlight() === 0, 'idle');
  };
  await pass(1);
  clock.advance(30_000);
  await pass(2);
  clock.advance(30_000);
  await pass(3);
  clock.advance(3_600_000);
  await pass(4);
  await pass(5);
  assert.deepEqual(modes, ['deep', 'incremental', 'incremental', 'deep', 'incremental']);
  assert.equal(daemon.lastPass?.mode, 'incremental', '/status says how the last pass observed');
  stop.abort();
  await running;
});

const role = (updateDate: string | undefined, attached: string[] = []): ObservedRole => ({
  roleName: 'r', arn: 'acs:ram::1:role/r', description: '', maxSessionDuration: 3600, tags: {}, trustDocument: '{}',
  attachedPolicies: attached.map((policyName) => ({ policyType: 'Custom', policyName })),
  ...(updateDate ? { updateDate } : {}),
});

test('issue 15: a remembered role is reused only while its listed UpdateDate is unchanged and no recheck is due', () => {
  const listed = { roleName: 'r', arn: 'acs:ram::1:role/r', description: '', maxSessionDuration: 3600, tags: {}, updateDate: '2026-12-01T10:00:00Z' };
  assert.equal(roleDetailValid(listed, { detail: role('2026-12-01T10:00:00Z'), recheck: false }), true);
  assert.equal(roleDetailValid({ ...listed, updateDate: '2026-12-01T10:00:01Z' }, { detail: role('2026-12-01T10:00:00Z'), recheck: false }), false, 'UpdateDate moved');
  assert.equal(roleDetailValid(listed, { detail: role('2026-12-01T10:00:00Z'), recheck: true }), false, 'a same-second recheck is due');
  const { updateDate: _none, ...undated } = listed;
  assert.equal(roleDetailValid(undated, { detail: role(undefined), recheck: false }), false, 'a list without a date cannot vouch for the detail');
  assert.equal(roleDetailValid(listed, undefined), false, 'nothing remembered');
});

test('issue 15: a role read within the same-second window of its UpdateDate is read again next pass', () => {
  const date = Date.parse('2026-12-01T10:00:00Z');
  assert.equal(needsRecheck('2026-12-01T10:00:00Z', date + 999), true, 'read in the same second');
  assert.equal(needsRecheck('2026-12-01T10:00:00Z', date + SAME_SECOND_WINDOW_MS - 1), true, 'within the clocks allowance');
  assert.equal(needsRecheck('2026-12-01T10:00:00Z', date + SAME_SECOND_WINDOW_MS), false);
  assert.equal(needsRecheck(undefined, date), true, 'no date: always read');
});

test('issue 15: moved attachment counts, and the remembered roles a policy holder list contradicts', () => {
  const before = new Map([['Custom:p', 1], ['System:AliyunECIFullAccess', 2], ['Custom:gone', 1]]);
  const now = new Map([['Custom:p', 1], ['System:AliyunECIFullAccess', 3], ['Custom:new', 1]]);
  assert.deepEqual(movedCounts(before, now), [
    { policyType: 'Custom', policyName: 'gone' },
    { policyType: 'Custom', policyName: 'new' },
    { policyType: 'System', policyName: 'AliyunECIFullAccess' },
  ]);
  const remembered: [string, ObservedRole][] = [['holds', role('d', ['p'])], ['lost', role('d', ['p'])], ['gained', role('d', [])], ['never', role('d', [])]];
  assert.deepEqual(rolesDisagreeing({ policyType: 'Custom', policyName: 'p' }, ['holds', 'gained'], remembered), ['lost', 'gained']);
  assert.deepEqual(rolesDisagreeing({ policyType: 'Custom', policyName: 'p' }, undefined, remembered), ['holds', 'lost'], 'a policy gone is held by nobody');
});
