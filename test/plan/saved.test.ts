// Issue 14, Deliver 1: the pure parts of saved plans (the end-to-end checks are test/e2e/saved-plan.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan } from '../../src/plan/plan.js';
import { desiredDigest, parseSavedPlan, sameSteps, savedPlan, staleResources } from '../../src/plan/saved.js';
import { A, cache, desiredOf, docOf, observedCache, observedOf, observedRole, policy, role } from './fixtures.js';

const r = role(A, 'puller');
const web = cache(A, 'web');
const desired = desiredOf({ roles: [r], policies: [policy(A, 'pull', docOf('cr:PullRepository'))], imageCaches: [web] });
const live = observedOf({ eci: { roles: [observedRole(r)], imageCaches: [observedCache(web, 'imc-1', { status: 'Creating', progress: '10%' })] } });
const saveOf = () => savedPlan({ plan: plan(desired, live), desired, observed: live, files: new Map([['m.yaml', 'abc']]), prune: false, maxDeletes: 10, now: 0 });

test('the desired digest follows meaning, not where the manifests were read from', () => {
  const moved = { ...desired, roles: [{ ...r, origin: { ...r.origin, file: 'elsewhere/m.yaml', line: 40 } }] };
  assert.equal(desiredDigest(moved), desiredDigest(desired));
  assert.notEqual(desiredDigest({ ...desired, roles: [{ ...r, maxSessionDuration: 7200 }] }), desiredDigest(desired));
});

test('a saved plan fingerprints every planned resource: absent ones as absent', () => {
  const saved = saveOf();
  assert.deepEqual(Object.keys(saved.live).sort(), saved.plan.diffs.map((d) => d.key).sort());
  assert.equal(saved.live['policy/1000000000000001/pull'], 'absent');
  assert.match(saved.live['role/1000000000000001/puller'] ?? '', /^[0-9a-f]{64}$/);
});

test('staleness: a changed role is named; a cache that only advanced its progress is not', () => {
  const saved = saveOf();
  const progressed = observedOf({ eci: { roles: [observedRole(r)], imageCaches: [observedCache(web, 'imc-1', { status: 'Creating', progress: '80%', events: [{ type: 'Normal', reason: 'Pulling', message: 'x' }] })] } });
  assert.deepEqual(staleResources(saved, progressed), []);
  const edited = observedOf({ eci: { roles: [observedRole(r, { description: 'changed in the console' })], imageCaches: [observedCache(web, 'imc-1', { status: 'Ready' })] } });
  assert.deepEqual(staleResources(saved, edited).map((s) => s.label).sort(), ['imagecache web (cn-hangzhou, manifest web, account eci)', 'role puller (account eci)']);
  const unreadable = { accounts: live.accounts.map((a) => ({ ...a, error: { message: 'denied', code: 'NoPermission' } })) };
  assert.equal(staleResources(saved, unreadable).length, saved.plan.diffs.length, 'an account that cannot be read now matches nothing');
});

test('saved plans read back: JSON round trip, and refusals for what is not one', () => {
  const saved = saveOf();
  const back = parseSavedPlan(JSON.stringify(saved));
  assert.ok('saved' in back && sameSteps(back.saved.plan, saved.plan), 'a saved plan reads back with the same steps');
  const cases: [string, RegExp][] = [
    ['not json', /not JSON/],
    ['{"kind":"other"}', /is not a saved plan/],
    [JSON.stringify({ ...saved, formatVersion: 2 }), /formatVersion 2; this reconciler reads formatVersion 1/],
    [JSON.stringify({ ...saved, live: undefined }), /is damaged/],
  ];
  for (const [text, expected] of cases) {
    const result = parseSavedPlan(text);
    assert.ok('error' in result && expected.test(result.error), `${text.slice(0, 30)} → ${JSON.stringify(result)}`);
  }
});
