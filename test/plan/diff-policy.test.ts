import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPolicy } from '../../src/plan/diff-policy.js';
import { A, docOf, observedPolicy, policy } from './fixtures.js';

const ids = { accountName: A.name, accountId: A.accountId };
const want = policy(A, 'pull', docOf('cr:PullRepository'));

test('a default version whose document is only reformatted is in sync', () => {
  const observed = observedPolicy(want, [{ id: 'v1', doc: { Statement: [{ Resource: ['*'], Action: 'cr:PullRepository', Effect: 'Allow' }], Version: '1' } as never, isDefault: true }]);
  assert.equal(diffPolicy(ids, want, observed, { prune: false, ownerId: A.name }).action, 'none');
});

test('with 5 versions, a new document deletes only the oldest non-default version first', () => {
  const versions = [1, 2, 3, 4, 5].map((n) => ({ id: `v${n}`, doc: docOf(`cr:Old${n}`), isDefault: n === 5 }));
  const d = diffPolicy(ids, want, observedPolicy(want, versions), { prune: false, ownerId: A.name });
  assert.equal(d.action, 'update');
  assert.deepEqual(d.deleteVersions, ['v1']);
  assert.ok(d.document, 'the update carries the new document');
});

test('a default pinned by a human on an old version is never chosen for deletion', () => {
  const versions = [1, 2, 3, 4, 5].map((n) => ({ id: `v${n}`, doc: docOf(`cr:Old${n}`), isDefault: n === 1 }));
  const d = diffPolicy(ids, want, observedPolicy(want, versions), { prune: false, ownerId: A.name });
  assert.deepEqual(d.deleteVersions, ['v2']);
  assert.match(d.reasons.join(' '), /default version v1 differs from the manifest \(the default was switched by hand\)/);
});

test('when an existing version holds the desired document it becomes the default again: nothing created or deleted', () => {
  const versions = [
    { id: 'v1', doc: docOf('cr:PullRepository') },
    { id: 'v2', doc: docOf('cr:*'), isDefault: true },
  ];
  const d = diffPolicy(ids, want, observedPolicy(want, versions), { prune: false, ownerId: A.name });
  assert.equal(d.restoreVersion, 'v1');
  assert.equal(d.document, undefined);
  assert.deepEqual(d.deleteVersions, []);
});

test('a same-name policy without our tag is a conflict unless adopted', () => {
  const observed = observedPolicy(want, [{ id: 'v1', doc: docOf('x:Y'), isDefault: true }], { tags: { owner: 'ops' } });
  assert.equal(diffPolicy(ids, want, observed, { prune: false, ownerId: A.name }).action, 'conflict');
  const adopted = diffPolicy(ids, { ...want, adopt: true }, observed, { prune: false, ownerId: A.name });
  assert.equal(adopted.action, 'update');
  assert.equal(adopted.tags?.set['managed-by'], 'eci-acr-reconciler');
});

test('an owned policy gone from the manifests is deleted only with prune, versions first, and never when Retain', () => {
  const observed = observedPolicy(want, [{ id: 'v1', doc: docOf('a:B') }, { id: 'v2', doc: docOf('a:C'), isDefault: true }]);
  assert.equal(diffPolicy(ids, undefined, observed, { prune: false, ownerId: A.name }).action, 'orphan');
  const pruned = diffPolicy(ids, undefined, observed, { prune: true, ownerId: A.name });
  assert.equal(pruned.action, 'delete');
  assert.deepEqual(pruned.deleteVersions, ['v1']);
  const retained = observedPolicy(policy(A, 'pull', docOf('a:B'), { deletionPolicy: 'Retain' }), [{ id: 'v1', doc: docOf('a:B'), isDefault: true }]);
  assert.equal(diffPolicy(ids, undefined, retained, { prune: true, ownerId: A.name }).action, 'orphan');
});
