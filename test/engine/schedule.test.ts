// Per-key scheduling (pure): which tasks a task waits for, from the plan's dependsOn/after links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lanes } from '../../src/engine/lanes.js';
import { phases, prerequisites, ranks, runPhase, type Task } from '../../src/engine/schedule.js';
import { plan } from '../../src/plan/plan.js';
import { A, B, cache, desiredOf, observedOf, policy, role, trustOf, docOf } from '../plan/fixtures.js';

const eciRole = role(A, 'role-assume', { policies: [{ policyType: 'System', policyName: 'AliyunSTSAssumeRoleAccess' }] });
const acrPolicy = policy(B, 'pull-only', docOf('cr:PullRepository'));
const acrRole = role(B, 'role-acr', { trust: trustOf('acs:ram::1000000000000001:role/role-assume'), policies: [{ policyType: 'Custom', policyName: 'pull-only' }] });
const webCache = cache(A, 'web', { acrRegistryInfo: [{ arnService: 'acs:ram::1000000000000001:role/role-assume', arnUser: 'acs:ram::1000000000000002:role/role-acr' }] });
const plainCache = cache(A, 'plain');
const otherRole = role(B, 'unrelated', { policies: [{ policyType: 'System', policyName: 'AliyunSTSAssumeRoleAccess' }] });
const p = plan(desiredOf({ roles: [eciRole, acrRole, otherRole], policies: [acrPolicy], imageCaches: [webCache, plainCache] }), observedOf({}));
const [creation] = phases(p.steps);
const name = (t: Task) => `${t.stage}:${t.key.split('/').at(-1)}`;
const task = (label: string) => creation!.find((t) => name(t) === label)!;
const needs = (label: string) => prerequisites(task(label), creation!).map((id) => name(creation!.find((t) => t.id === id)!)).sort();

test('a cache waits for the tasks of the roles it names (created, attached), and nothing else', () => {
  assert.deepEqual(needs('image-caches:web'), ['attachments:role-acr', 'attachments:role-assume', 'roles:role-acr', 'roles:role-assume']);
});

test('a cache that names no role waits for nothing', () => {
  assert.deepEqual(needs('image-caches:plain'), []);
});

test('an attachment waits for its own role and its policy; a role trusting a new role waits for it in the same stage', () => {
  assert.deepEqual(needs('attachments:role-acr'), ['policies:pull-only', 'roles:role-acr']);
  assert.deepEqual(needs('roles:role-acr'), ['roles:role-assume']);
  assert.deepEqual(needs('roles:role-assume'), []);
});

test('runPhase starts a task only after its prerequisites and starts independent tasks without waiting for a stage', async () => {
  const order: string[] = [];
  await runPhase(creation!, async (t) => {
    order.push(name(t));
    await new Promise((r) => setImmediate(r));
  });
  assert.equal(order.length, creation!.length);
  for (const t of creation!) {
    for (const id of prerequisites(t, creation!)) {
      assert.ok(order.indexOf(name(creation!.find((x) => x.id === id)!)) < order.indexOf(name(t)), `${name(t)} ran after ${id}`);
    }
  }
  // The cache without RAM dependencies starts before the policies stage is done.
  assert.ok(order.indexOf('image-caches:plain') < order.indexOf('attachments:role-acr'), order.join());
});

test('ranks: a task takes the position of the first cache that needs it; tasks no cache needs come last', () => {
  const rank = ranks(creation!);
  const of = (label: string) => rank.get(task(label).id)!;
  const caches = creation!.filter((t) => t.stage === 'image-caches').length;
  for (const label of ['policies:pull-only', 'roles:role-assume', 'roles:role-acr', 'attachments:role-acr', 'attachments:role-assume']) {
    assert.equal(of(label), of('image-caches:web'), label);
  }
  assert.ok(of('roles:unrelated') >= caches && of('attachments:unrelated') >= caches);
});

test('lanes: a full lane serves its waiters lowest rank first, and other lanes are not held up', async () => {
  const lanes = new Lanes(1);
  const served: string[] = [];
  const first = await lanes.acquire('ram', 5);
  const waiters = [9, 2, 7].map((rank) => lanes.acquire('ram', rank).then((release) => (served.push(`ram:${rank}`), release())));
  const other = await lanes.acquire('eci', 100);
  served.push('eci:100');
  other();
  first();
  await Promise.all(waiters);
  assert.deepEqual(served, ['eci:100', 'ram:2', 'ram:7', 'ram:9']);
});

test('ranks: caches are taken round-robin over their accounts, so every account\'s first chain comes before any second one', () => {
  const caches = [cache(A, 'a1'), cache(A, 'a2'), cache(A, 'a3'), cache(B, 'b1'), cache(B, 'b2')];
  const [phase] = phases(plan(desiredOf({ imageCaches: caches }), observedOf({})).steps);
  const rank = ranks(phase!);
  const byRank = [...phase!].sort((x, y) => rank.get(x.id)! - rank.get(y.id)!).map((t) => t.key.split('/').at(-1));
  assert.deepEqual(byRank, ['a1', 'b1', 'a2', 'b2', 'a3']);
});
