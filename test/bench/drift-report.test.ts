import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseResult } from '../../bench/cases.js';
import { widenedTrust } from '../../bench/drift.js';
import { judgeTargets } from '../../bench/report.js';

test('the drift widens a role principal to its account root, the console default', () => {
  const trust = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1600000000001001:role/pull-0001-eci'] } }] });
  const after = JSON.parse(widenedTrust(trust));
  assert.deepEqual(after.Statement[0].Principal, { RAM: ['acs:ram::1600000000001001:root'] });
});

test('a trust that admits only a service gains a second service, so the drift is always a real change', () => {
  const trust = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'eci.aliyuncs.com' } }] });
  const after = JSON.parse(widenedTrust(trust));
  assert.deepEqual(after.Statement[0].Principal.Service, ['eci.aliyuncs.com', 'ecs.aliyuncs.com']);
});

const figures = (reads: number, writes: number, throttled: number) => ({ total: reads + writes, reads, writes, throttled, failed: 0, byAction: {}, throttledByAction: {}, byAccount: {} });

function result(name: CaseResult['name'], overrides: Partial<CaseResult>): CaseResult {
  return {
    name, exitCode: 0, wallMs: 1000, processMs: 1500, peakRssMb: 150, peakHeapMb: { used: 50, total: 80, external: 5 },
    reconcilerCpuMs: 500, emulatorCpuMs: 200, callSpanMs: 900, calls: figures(10, 0, 0), model: { byAction: {}, reads: 10, writes: 0 },
    bound: { boundMs: 1000, rateMs: 1000, chainMs: 40, binding: 'x' }, ratio: 1, readsVsModel: {}, phases: {}, notes: [], ...overrides,
  };
}

test('targets are judged from the figures: throttled retries miss "reads within model" but not "accepted reads"', () => {
  const targets = judgeTargets([
    result('noop', { calls: figures(12, 0, 2), ratio: 1.4 }),
    result('cold', { ratio: 1.6 }),
  ]);
  assert.equal(targets.noopZeroWrites, true);
  assert.equal(targets.noopReadsWithinModel, false);
  assert.equal(targets.noopAcceptedReadsWithinModel, true);
  assert.equal(targets.noopWithin1_5xBound, true);
  assert.equal(targets.coldWithin1_5xBound, false);
  assert.equal(targets.zeroThrottled, false);
});

test('a case that failed or did not run leaves its targets undecided', () => {
  const targets = judgeTargets([result('noop', { problem: 'exit 1' })]);
  assert.equal(targets.noopZeroWrites, null);
  assert.equal(targets.coldWithin1_5xBound, null);
  assert.equal(targets.peakRssUnder200Mb, null);
});
