// Issue 14, Deliver 2: what a `--target` selects. The end-to-end check of the calls is test/e2e/target.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan, restrictPlan } from '../../src/plan/plan.js';
import { selectTargets } from '../../src/plan/targets.js';
import { A, B, cache, desiredOf, docOf, observedOf, policy, role, trustOf } from './fixtures.js';

const expanded = { kind: 'AcrPullAccess' as const, name: 'pull' };
const eciRole = role(A, 'pull-eci', { origin: expanded, policies: [{ policyType: 'System', policyName: 'AliyunSTSAssumeRoleAccess' }] });
const acrRole = role(B, 'pull-acr', { origin: expanded, trust: trustOf('acs:ram::1000000000000001:role/pull-eci'), policies: [{ policyType: 'Custom', policyName: 'pull-pull' }] });
const acrPolicy = policy(B, 'pull-pull', docOf('cr:PullRepository'), { origin: expanded });
const other = role(A, 'unrelated');
const otherPolicy = policy(A, 'unrelated-policy', docOf('ecs:Describe*'));
const web = cache(A, 'web', { acrRegistryInfo: [{ arnService: 'acs:ram::1000000000000001:role/pull-eci', arnUser: 'acs:ram::1000000000000002:role/pull-acr' }] });
const desired = desiredOf({ roles: [eciRole, acrRole, other], policies: [acrPolicy, otherPolicy], imageCaches: [web] });

const selected = (targets: string[]) => {
  const result = selectTargets(desired, targets);
  assert.ok('selection' in result, `targets ${targets.join(', ')} are known`);
  return result.selection;
};
const names = (s: ReturnType<typeof selected>) => [...s.desired.roles.map((r) => r.roleName), ...s.desired.policies.map((p) => p.policyName), ...s.desired.imageCaches.map((c) => c.imageCacheName)];

test('an AcrPullAccess target brings every role and policy it expands into, and nothing else', () => {
  assert.deepEqual(names(selected(['AcrPullAccess/pull'])), ['pull-eci', 'pull-acr', 'pull-pull']);
});

test('an ImageCache target brings the roles its AcrRegistryInfo names, their policies and trusted principals', () => {
  const s = selected(['ImageCache/web']);
  assert.deepEqual(names(s), ['pull-eci', 'pull-acr', 'pull-pull', 'web']);
  assert.deepEqual(s.desired.accounts.map((a) => a.name), ['eci', 'acr']);
});

test('a role target brings the declared role its trust names (it must exist first) and its Custom policies, not the cache', () => {
  const asRoles = desiredOf({
    roles: [{ ...eciRole, origin: { kind: 'RamRole', name: 'pull-eci' } }, { ...acrRole, origin: { kind: 'RamRole', name: 'pull-acr' } }, other],
    policies: [{ ...acrPolicy, origin: { kind: 'RamPolicy', name: 'pull-pull' } }, otherPolicy],
    imageCaches: [web],
  });
  const result = selectTargets(asRoles, ['RamRole/pull-acr']);
  assert.ok('selection' in result, 'RamRole/pull-acr is known');
  assert.deepEqual(names(result.selection), ['pull-eci', 'pull-acr', 'pull-pull']);
  assert.ok('unknown' in selectTargets(desired, ['RamRole/pull-acr']), 'expanded roles are addressed by their AcrPullAccess, not as RamRole');
});

test('unknown targets are named, each with the closest address when there is one', () => {
  const result = selectTargets(desired, ['ImageCache/wbe', 'imagecache/web', 'Account/eci']);
  assert.ok('unknown' in result, 'unknown targets are refused');
  assert.deepEqual(result.unknown, [
    { target: 'ImageCache/wbe', suggestion: 'ImageCache/web' },
    { target: 'imagecache/web', suggestion: 'ImageCache/web' },
    { target: 'Account/eci' },
  ]);
});

test('a partial plan holds only the selected keys, recounts its summary and names its targets', () => {
  const s = selected(['RamPolicy/unrelated-policy']);
  const partial = restrictPlan(plan(s.desired, observedOf({})), s.keys, s.targets);
  assert.deepEqual(partial.diffs.map((d) => d.name), ['unrelated-policy']);
  assert.deepEqual(partial.targets, ['RamPolicy/unrelated-policy']);
  assert.equal(partial.summary.create, 1);
  assert.ok(partial.steps.every((st) => st.key === partial.diffs[0]!.key), 'no step outside the target');
});
