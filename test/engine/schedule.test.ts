// Per-key scheduling (pure): which tasks a task waits for, from the plan's dependsOn/after links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phases, prerequisites, runPhase, type Task } from '../../src/engine/schedule.js';
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
