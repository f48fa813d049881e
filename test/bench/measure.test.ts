import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EmulatorState, LoggedRequest } from '../../bench/admin.js';
import { allCaches, callFigures, listedCounts } from '../../bench/measure.js';

const call = (service: string, action: string, accountId: string, code: string | null = null): LoggedRequest => ({
  service,
  action,
  accountId,
  statusCode: code ? 400 : 200,
  code,
});

test('call figures split reads from writes and count throttled answers per action', () => {
  const figures = callFigures([
    call('ram', 'ListRoles', 'a'),
    call('ram', 'GetRole', 'a', 'Throttling.User'),
    call('ram', 'GetRole', 'a'),
    call('ram', 'CreateRole', 'b'),
    call('eci', 'CreateImageCache', 'b', 'InvalidParameter'),
  ]);
  assert.equal(figures.total, 5);
  assert.deepEqual({ reads: figures.reads, writes: figures.writes }, { reads: 3, writes: 2 });
  assert.equal(figures.throttled, 1);
  assert.equal(figures.failed, 1);
  assert.deepEqual(figures.throttledByAction, { 'ram:GetRole': 1 });
  assert.deepEqual(figures.byAccount.a, { 'ram:ListRoles': 1, 'ram:GetRole': 2 });
});

test('listed counts come from the emulator state: every role, custom policies, caches per region', () => {
  const state: EmulatorState = {
    accounts: {
      a: {
        ram: { roles: [{ roleName: 'x' }, { roleName: 'AliyunServiceRoleForECI' }], policies: [{ policyName: 'p' }] },
        eci: { imageCaches: [{ RegionId: 'cn-hangzhou', Status: 'Ready' }, { RegionId: 'cn-hangzhou', Status: 'Creating' }, { RegionId: 'cn-beijing', Status: 'Ready' }] },
      },
    },
  };
  assert.deepEqual(listedCounts(state, 'a'), { roles: 2, customPolicies: 1, cachesByRegion: { 'cn-hangzhou': 2, 'cn-beijing': 1 } });
  assert.deepEqual(listedCounts(state, 'missing'), { roles: 0, customPolicies: 0, cachesByRegion: {} });
  assert.equal(allCaches(state).filter((c) => c.status === 'Ready').length, 2);
});
