import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffImageCache } from '../../src/plan/diff-cache.js';
import { FINGERPRINT_TAG } from '../../src/model/ownership.js';
import { A, cache, observedCache } from './fixtures.js';

const ids = { accountName: A.name, accountId: A.accountId };
const target = { regionId: 'cn-hangzhou', manifestName: 'web' };
const want = cache(A, 'web', { acrRegistryInfo: [{ arnService: 'acs:ram::1000000000000001:role/r' }] });

test('a missing cache is created', () => {
  assert.equal(diffImageCache(ids, target, want, [], { prune: false, ownerId: A.name }).action, 'create');
});

test('a different AcrRegistryInfo fingerprint replaces the cache', () => {
  const old = observedCache(want, 'imc-1', { tags: { ...observedCache(want, 'x').tags, [FINGERPRINT_TAG]: 'other' } });
  const d = diffImageCache(ids, target, want, [old], { prune: false, ownerId: A.name });
  assert.equal(d.action, 'replace');
  assert.deepEqual(d.remove.map((c) => c.imageCacheId), ['imc-1']);
});

test('a Failed cache is recreated and its latest Warning is shown', () => {
  const failed = observedCache(want, 'imc-1', { status: 'Failed', events: [{ type: 'Warning', reason: 'Old', message: 'first' }, { type: 'Normal', reason: 'X', message: 'n' }, { type: 'Warning', reason: 'PullFailed', message: 'denied' }] });
  const d = diffImageCache(ids, target, want, [failed], { prune: false, ownerId: A.name });
  assert.equal(d.action, 'replace');
  assert.equal(d.warning, 'PullFailed: denied');
});

test('an image change is an update from Ready, and waits while the cache is still building', () => {
  const changed = { ...want, images: ['r.example/a:2'] };
  assert.equal(diffImageCache(ids, target, changed, [observedCache(want, 'imc-1')], { prune: false, ownerId: A.name }).action, 'update');
  const building = diffImageCache(ids, target, changed, [observedCache(want, 'imc-1', { status: 'Creating' })], { prune: false, ownerId: A.name });
  assert.equal(building.action, 'pending');
  assert.match(building.reasons.join(' '), /waiting for Ready before updating \(now Creating\)/);
});

test('an UpdateFailed cache is updated again', () => {
  assert.equal(diffImageCache(ids, target, want, [observedCache(want, 'imc-1', { status: 'UpdateFailed' })], { prune: false, ownerId: A.name }).action, 'update');
});

test('image order and extra tags added by others are not changes', () => {
  const two = { ...want, images: ['r.example/a:1', 'r.example/b:1'] };
  const seen = observedCache(two, 'imc-1', { images: ['r.example/b:1', 'r.example/a:1'] });
  seen.tags = { ...seen.tags, 'added-by': 'ops' };
  assert.equal(diffImageCache(ids, target, two, [seen], { prune: false, ownerId: A.name }).action, 'none');
});

test('of two owned caches for one manifest (a crash mid-replace), the matching Ready one is kept and the other deleted', () => {
  const stale = observedCache(want, 'imc-old', { tags: { ...observedCache(want, 'x').tags, [FINGERPRINT_TAG]: 'stale' } });
  const fresh = observedCache(want, 'imc-new');
  const d = diffImageCache(ids, target, want, [stale, fresh], { prune: false, ownerId: A.name });
  assert.equal(d.current?.imageCacheId, 'imc-new');
  assert.deepEqual(d.remove.map((c) => c.imageCacheId), ['imc-old']);
});

test('two daemons reading duplicate caches a moment apart keep the same one, so they never delete both', () => {
  // Seen by one daemon: imc-b Ready, imc-a still Creating. By the other, a moment later: imc-a
  // Ready, imc-b Updating. Keeping "the Ready one" kept a different cache in each reading, and the
  // two deletions together left none (the e2e two-daemons test, round 1: "one cache, not 0").
  const readings = [
    [observedCache(want, 'imc-a', { status: 'Creating' }), observedCache(want, 'imc-b')],
    [observedCache(want, 'imc-a'), observedCache(want, 'imc-b', { status: 'Updating' })],
  ];
  const kept = readings.map((caches) => diffImageCache(ids, target, want, caches, { prune: false, ownerId: A.name }));
  assert.deepEqual(kept.map((d) => d.current?.imageCacheId), ['imc-a', 'imc-a']);
  const deleted = new Set(kept.flatMap((d) => d.remove.map((c) => c.imageCacheId)));
  assert.deepEqual([...deleted], ['imc-b'], 'at most the duplicate is deleted, never the keeper');
});

test('a duplicate is deleted only once the cache kept instead has been built', () => {
  const building = diffImageCache(ids, target, want, [observedCache(want, 'imc-a', { status: 'Creating' }), observedCache(want, 'imc-b')], { prune: false, ownerId: A.name });
  assert.equal(building.action, 'pending');
  assert.deepEqual(building.remove, []);
  assert.match(building.reasons.join(' '), /1 duplicate owned cache\(s\) kept until imc-a is built \(now Creating\)/);
  const built = diffImageCache(ids, target, want, [observedCache(want, 'imc-a'), observedCache(want, 'imc-b')], { prune: false, ownerId: A.name });
  assert.equal(built.action, 'update');
  assert.deepEqual(built.remove.map((c) => c.imageCacheId), ['imc-b']);
  const failedKeeper = diffImageCache(ids, target, want, [observedCache(want, 'imc-a', { status: 'Failed' }), observedCache(want, 'imc-b')], { prune: false, ownerId: A.name });
  assert.equal(failedKeeper.current?.imageCacheId, 'imc-b', 'Failed is terminal, so every reader passes over it alike');
  assert.deepEqual(failedKeeper.remove.map((c) => c.imageCacheId), ['imc-a']);
});

test('an owned cache gone from the manifests is deleted only with prune and kept when Retain', () => {
  const owned = observedCache(want, 'imc-1');
  assert.equal(diffImageCache(ids, target, undefined, [owned], { prune: false, ownerId: A.name }).action, 'orphan');
  assert.equal(diffImageCache(ids, target, undefined, [owned], { prune: true, ownerId: A.name }).action, 'delete');
  const retained = observedCache(cache(A, 'web', { deletionPolicy: 'Retain' }), 'imc-2');
  assert.equal(diffImageCache(ids, target, undefined, [retained], { prune: true, ownerId: A.name }).action, 'orphan');
});
