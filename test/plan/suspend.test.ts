// Issue 16 item 3: what the suspend annotation does to a plan. Suspended resources keep their diff
// (the drift is reported) but get no steps; an Account's annotation covers every resource of the
// account, owned resources left out of the manifests included (no prune); an AcrPullAccess's covers
// the roles and policy it expands to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadManifestTexts } from '../../src/manifests/load.js';
import { hasChanges, plan } from '../../src/plan/plan.js';
import { planToJson } from '../../src/plan/render-json.js';
import { summaryLine } from '../../src/plan/render-text.js';
import { A, desiredOf, docOf, observedOf, observedPolicy, observedRole, policy, role, trustOf } from './fixtures.js';

const SUSPENDED = { kind: 'RamRole' as const, name: 'paused', suspended: true as const };

test('suspend: a suspended role that drifted keeps its diff and reason but gets no steps, and the plan has no changes', () => {
  const paused = role(A, 'paused', { origin: SUSPENDED });
  const live = role(A, 'live');
  const observed = observedOf({ eci: { roles: [observedRole(paused, { trustDocument: JSON.stringify(trustOf('acs:ram::1000000000000001:root')) }), observedRole(live, { description: 'old' })] } });
  const p = plan(desiredOf({ roles: [paused, live] }), observed);
  const d = p.diffs.find((x) => x.name === 'paused');
  assert.equal(d?.action, 'update', 'the drift is still diffed');
  assert.equal(d?.suspended, true);
  assert.match(d?.reasons.join('; ') ?? '', /^suspended .*; trust policy differs/);
  assert.deepEqual(p.steps.filter((s) => s.key === d?.key), [], 'no steps for the suspended role');
  assert.ok(p.steps.some((s) => s.key.endsWith('/live')), 'the other role is still updated');
  assert.equal(p.summary.update, 1, 'only the live role counts as an update');
  assert.equal(p.summary.suspended, 1);
  assert.match(summaryLine(p), /1 suspended/);
  const onlySuspended = plan(desiredOf({ roles: [paused] }), observedOf({ eci: { roles: [observedRole(paused, { description: 'x' })] } }));
  assert.equal(hasChanges(onlySuspended), false, 'a suspended drift is not a change to make');
  assert.equal(planToJson(onlySuspended).hasChanges, false);
  assert.equal(planToJson(onlySuspended).accounts[0]?.resources[0]?.suspended, true);
});

test('suspend: an Account annotated suspend covers its resources, and prune deletes nothing in it (nor counts it against the guard)', () => {
  const kept = policy(A, 'kept', docOf('cr:GetRepository'));
  const gone = policy(A, 'gone', docOf('cr:GetRepository'));
  const desired = desiredOf({ policies: [kept] });
  desired.accounts[0] = { ...desired.accounts[0]!, origin: { kind: 'Account', name: 'eci', suspended: true } };
  const observed = observedOf({ eci: { policies: [observedPolicy(kept, [{ id: 'v1', doc: docOf('ram:*'), isDefault: true }]), observedPolicy(gone, [{ id: 'v1', doc: docOf('cr:GetRepository'), isDefault: true }])] } });
  const p = plan(desired, observed, { prune: true, maxDeletes: 10 });
  assert.equal(p.refused, undefined, 'the guard does not count suspended deletions');
  assert.deepEqual(p.steps, [], 'nothing is written in a suspended account');
  assert.deepEqual(p.diffs.map((d) => `${d.name}:${d.action}:${d.suspended}`).sort(), ['gone:delete:true', 'kept:update:true']);
});

test('suspend: the annotation on an AcrPullAccess marks the roles and policy it expands to; "false" and absence do not', () => {
  const text = readFileSync('manifests/examples/cross-account/manifests.yaml', 'utf8');
  const annotated = text.replace('kind: AcrPullAccess\nmetadata: {name: nginx-pull}', 'kind: AcrPullAccess\nmetadata:\n  name: nginx-pull\n  annotations: {eci-acr-reconciler/suspend: "true"}');
  assert.notEqual(annotated, text, 'the example still has the AcrPullAccess this test annotates');
  const state = loadManifestTexts([{ file: 'm.yaml', text: annotated }]).state;
  assert.ok(state, 'the annotated manifests load');
  const expanded = [...state.roles, ...state.policies].filter((r) => r.origin.name === 'nginx-pull');
  assert.ok(expanded.length >= 3, `roles and policy expanded: ${expanded.length}`);
  assert.ok(expanded.every((r) => r.origin.suspended === true), 'every expanded resource is suspended');
  assert.ok(state.imageCaches.every((c) => c.origin.suspended === undefined), 'the ImageCache (not annotated) is not');
  const off = loadManifestTexts([{ file: 'm.yaml', text: annotated.replace('suspend: "true"', 'suspend: "false"') }]).state;
  assert.ok(off && [...off.roles, ...off.policies].every((r) => r.origin.suspended === undefined), '"false" does not suspend');
});

test('suspend: an annotation value other than "true"/"false" is a schema error at its line', () => {
  const text = readFileSync('manifests/examples/cross-account/manifests.yaml', 'utf8').replace(
    'kind: AcrPullAccess\nmetadata: {name: nginx-pull}',
    'kind: AcrPullAccess\nmetadata:\n  name: nginx-pull\n  annotations:\n    eci-acr-reconciler/suspend: yes',
  );
  const result = loadManifestTexts([{ file: 'm.yaml', text }]);
  assert.equal(result.state, undefined, 'invalid manifests give no desired state');
  const line = text.split('\n').findIndex((l) => l.includes('suspend: yes')) + 1;
  assert.ok(result.diagnostics.some((d) => d.file === 'm.yaml' && d.line === line), `a diagnostic at m.yaml:${line}: ${JSON.stringify(result.diagnostics)}`);
});
