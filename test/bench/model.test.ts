import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RATE_LIMITS, type RateLimitSpec } from '../../bench/limits.js';
import {
  byAction, callsUnder, coldModel, lowerBound, noopModel, oneChangeModel, splitReadsWrites,
  type AccountInventory, type Inventory, type ListedCounts,
} from '../../bench/model.js';

const eci: AccountInventory = { accountId: '1600000000001001', regionId: 'cn-hangzhou', roles: 3, customPolicies: 1, attachments: 3, cachesByRegion: { 'cn-hangzhou': 4 } };
const acr: AccountInventory = { accountId: '1600000000002001', regionId: 'cn-hangzhou', roles: 2, customPolicies: 2, attachments: 2, cachesByRegion: {} };
const inventory: Inventory = { accounts: [eci, acr], writeDepth: 4 };
const listedAsDesired = (a: AccountInventory): ListedCounts => ({ roles: a.roles, customPolicies: a.customPolicies, cachesByRegion: a.cachesByRegion });

test('a no-op pass reads each list once and each managed object once, and writes nothing', () => {
  const model = noopModel(inventory, listedAsDesired);
  assert.deepEqual(model.calls[eci.accountId], {
    'sts:GetCallerIdentity': 1,
    'ram:ListRoles': 1,
    'ram:GetRole': 3,
    'ram:ListPoliciesForRole': 3,
    'ram:ListPolicies': 1,
    'ram:ListPolicyVersions': 1,
    'eci:DescribeImageCaches': 1,
  });
  // The registry account has no caches but its default region is still read, for orphans.
  assert.equal(model.calls[acr.accountId]?.['eci:DescribeImageCaches'], 1);
  assert.equal(splitReadsWrites(byAction(model.calls)).writes, 0);
});

test('list calls page by the largest page size each API accepts, counting unmanaged objects too', () => {
  const big: AccountInventory = { ...eci, roles: 10, cachesByRegion: { 'cn-hangzhou': 250, 'cn-beijing': 1 } };
  const listed = (): ListedCounts => ({ roles: 2001, customPolicies: 1000, cachesByRegion: { 'cn-hangzhou': 250, 'cn-beijing': 1 } });
  const calls = noopModel({ accounts: [big], writeDepth: 1 }, listed).calls[big.accountId] ?? {};
  assert.equal(calls['ram:ListRoles'], 3);
  assert.equal(calls['ram:ListPolicies'], 1);
  assert.equal(calls['eci:DescribeImageCaches'], 3 + 1);
  assert.equal(calls['ram:GetRole'], 10);
});

test('cold converge writes one call per object and polls each cache region once more', () => {
  const model = coldModel(inventory, 2000);
  assert.deepEqual(model.calls[eci.accountId], {
    'sts:GetCallerIdentity': 1,
    'ram:ListRoles': 1,
    'ram:ListPolicies': 1,
    'eci:DescribeImageCaches': 2,
    'ram:CreateRole': 3,
    'ram:CreatePolicy': 1,
    'ram:AttachPolicyToRole': 3,
    'eci:CreateImageCache': 4,
  });
  assert.equal(model.calls[acr.accountId]?.['eci:CreateImageCache'], undefined);
  assert.equal(model.chainCalls, 1 + 4 + 1);
  assert.equal(model.chainExtraMs, 2000);
});

test('a one-change pass is the no-op reads plus one UpdateRole in the changed account', () => {
  const noop = noopModel(inventory, listedAsDesired);
  const one = oneChangeModel(inventory, listedAsDesired, acr.accountId);
  assert.deepEqual(one.calls[eci.accountId], noop.calls[eci.accountId]);
  assert.equal(one.calls[acr.accountId]?.['ram:UpdateRole'], 1);
  assert.equal(splitReadsWrites(byAction(one.calls)).writes, 1);
  assert.equal(one.chainCalls, noop.chainCalls + 1);
});

test('the bound is the busiest account bucket divided by its rate', () => {
  const limits: RateLimitSpec[] = [{ service: 'ram', limit: 10, intervalMs: 1000, source: 'assumed', why: 'test' }];
  const model = { calls: { a: { 'ram:GetRole': 30, 'eci:DescribeImageCaches': 5 }, b: { 'ram:ListRoles': 50 } }, chainCalls: 2, chainExtraMs: 0 };
  const bound = lowerBound(model, limits, 20);
  assert.equal(bound.rateMs, 5000);
  assert.equal(bound.boundMs, 5000);
  assert.match(bound.binding, /^b ram:\* 50 calls$/);
});

test('the bound never drops below the chain of dependent calls times latency plus build time', () => {
  const model = { calls: { a: { 'ram:GetRole': 1 } }, chainCalls: 6, chainExtraMs: 2000 };
  const bound = lowerBound(model, DEFAULT_RATE_LIMITS, 20);
  assert.equal(bound.chainMs, 6 * 20 + 2000);
  assert.equal(bound.boundMs, bound.chainMs);
  assert.match(bound.binding, /^chain/);
});

test('an action bucket counts only its action; a service bucket counts every action of the service', () => {
  const calls = { 'eci:CreateImageCache': 3, 'eci:DescribeImageCaches': 2, 'ram:GetRole': 7 };
  assert.equal(callsUnder(calls, { service: 'eci', action: 'CreateImageCache' }), 3);
  assert.equal(callsUnder(calls, { service: 'eci' }), 5);
  assert.equal(callsUnder(calls, { service: 'sts' }), 0);
});
