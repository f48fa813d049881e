// Ownership scopes in the pure diff/plan: ours, another set's, unclaimed (managed-by only), unmanaged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan } from '../../src/plan/plan.js';
import { A, cache, desiredOf, observedCache, observedOf, observedRole, role } from './fixtures.js';

const OWNER = 'eci-acr-reconciler.owner';
const options = { prune: true, maxDeletes: 100 };
const retag = <T extends { tags: Record<string, string> }>(r: T, owner: string | undefined): T => {
  const tags = { ...r.tags };
  if (owner === undefined) delete tags[OWNER];
  else tags[OWNER] = owner;
  return { ...r, tags };
};
const action = (p: ReturnType<typeof plan>, key: string) => p.diffs.find((d) => d.key === key);

test('another set\'s role of a declared name is `conflict: owned by <id>` with no step; undeclared it is not in the plan', () => {
  const want = role(A, 'pull');
  const theirs = retag(observedRole(want), 'team-b');
  const declared = plan(desiredOf({ roles: [want], imageCaches: [cache(A, 'keep')] }), observedOf({ eci: { roles: [theirs] } }), options);
  assert.equal(action(declared, 'role/1000000000000001/pull')?.action, 'conflict');
  assert.match(action(declared, 'role/1000000000000001/pull')!.reasons.join(' '), /^conflict: owned by team-b/);
  assert.deepEqual(declared.steps.filter((s) => s.key === 'role/1000000000000001/pull'), []);
  const undeclared = plan(desiredOf({ imageCaches: [cache(A, 'keep')] }), observedOf({ eci: { roles: [theirs] } }), options);
  assert.equal(action(undeclared, 'role/1000000000000001/pull'), undefined);
});

test('an unclaimed role (managed-by, no owner tag) is claimed when declared and kept, never deleted, when not', () => {
  const want = role(A, 'pull');
  const unclaimed = retag(observedRole(want), undefined);
  const claimed = plan(desiredOf({ roles: [want] }), observedOf({ eci: { roles: [unclaimed] } }), options);
  assert.deepEqual(claimed.steps.map((s) => (s.op === 'tag' ? s.set[OWNER] : s.op)), ['eci']);
  const kept = plan(desiredOf({ imageCaches: [cache(A, 'keep')] }), observedOf({ eci: { roles: [unclaimed] } }), options);
  assert.equal(action(kept, 'role/1000000000000001/pull')?.action, 'orphan');
  assert.ok(!kept.steps.some((s) => s.op === 'delete-role'), 'no delete-role step for an unclaimed role');
});

test('another set\'s cache with the same manifest name is neither updated nor deleted: this set creates its own', () => {
  const want = cache(A, 'web');
  const theirs = retag(observedCache(want, 'imc-theirs'), 'team-b');
  const p = plan(desiredOf({ imageCaches: [want] }), observedOf({ eci: { imageCaches: [theirs] } }), options);
  assert.deepEqual(p.steps.map((s) => s.op), ['create-image-cache']);
  const pruned = plan(desiredOf({ roles: [role(A, 'other')] }), observedOf({ eci: { imageCaches: [theirs] } }), options);
  assert.ok(!pruned.steps.some((s) => s.op === 'delete-image-cache'), 'another set\'s cache is never pruned');
});

test('an unclaimed cache (managed-by, no owner tag) is claimed by an update when declared, and kept when not', () => {
  const want = cache(A, 'web');
  const unclaimed = retag(observedCache(want, 'imc-old'), undefined);
  const claimed = plan(desiredOf({ imageCaches: [want] }), observedOf({ eci: { imageCaches: [unclaimed] } }), options);
  const update = claimed.steps.find((s) => s.op === 'update-image-cache');
  assert.equal(update?.op === 'update-image-cache' ? update.tags[OWNER] : undefined, 'eci', `steps: ${JSON.stringify(claimed.steps.map((s) => s.op))}`);
  const kept = plan(desiredOf({ roles: [role(A, 'other')] }), observedOf({ eci: { imageCaches: [unclaimed] } }), options);
  assert.equal(kept.diffs.find((d) => d.kind === 'imagecache')?.action, 'orphan');
  assert.ok(!kept.steps.some((s) => s.op === 'delete-image-cache'), 'an unclaimed cache is never pruned');
});
