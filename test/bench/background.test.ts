// Issue 15 (quota share): the benchmark's per-account, per-second peak of a background pass, read
// from request-log entries, against what the client's background bucket admits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoggedRequest } from '../../bench/admin.js';
import { allowedPerSecond, backgroundRates } from '../../bench/background.js';

const call = (service: string, accountId: string, at: number): LoggedRequest => ({ service, action: 'GetRole', accountId, statusCode: 200, code: null, at });
const burst = (service: string, accountId: string, second: number, n: number) => Array.from({ length: n }, (_, i) => call(service, accountId, second * 1000 + i * 10));

test('issue 15 (quota share): the allowance per second is the share of the client rate plus the share of its burst', () => {
  // RAM 18/s, burst 5 → 4.5/s + 2; ECI 10/s, burst 5 → 2.5/s + 2; STS 50/s, burst 5 → 12.5/s + 2.
  assert.deepEqual([allowedPerSecond('ram'), allowedPerSecond('eci'), allowedPerSecond('sts')], [6, 4, 14]);
  assert.equal(allowedPerSecond('ram', 1), 23);
});

test('issue 15 (quota share): the peak is per account, service and second, inside the pass window only', () => {
  const log = [...burst('ram', 'A', 10, 6), ...burst('ram', 'B', 10, 6), ...burst('ram', 'A', 11, 3), ...burst('ram', 'A', 30, 20)];
  const within = backgroundRates(log, 10_000, 12_000);
  assert.deepEqual(within.byService.ram, { peak: 6, accountId: 'A', allowed: 6 });
  assert.equal(within.withinShare, true, 'two accounts at 6 each in the same second are each within the share');
  const over = backgroundRates([...log, call('ram', 'B', 10_900)], 10_000, 12_000);
  assert.deepEqual(over.byService.ram, { peak: 7, accountId: 'B', allowed: 6 });
  assert.equal(over.withinShare, false);
  assert.equal(backgroundRates(log, 10_000, 12_000).byService.eci.peak, 0, 'no ECI call in the window');
});
