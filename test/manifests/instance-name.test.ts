// AcrPullAccess registry.instanceName (issue 13, Deliver 3): the loader leaves the lookup to plan and
// run --once, takes their answers, and reports an unknown name at the name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instanceNameKey, loadManifestTexts } from '../../src/manifests/index.js';
import { ACCOUNTS, positions } from './helpers.js';

const H = 'apiVersion: eci-acr-reconciler/v1alpha1\n';
const access = (registry: string) => `${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec:\n  eciAccount: eci\n  registry:\n    account: acr\n    edition: Enterprise\n${registry}`;
const load = (text: string, options = {}) => loadManifestTexts([{ file: 'accounts.yaml', text: ACCOUNTS }, { file: 't.yaml', text }], options);
const key = instanceNameKey('acr', 'cn-hangzhou', 'prod');

test('instanceName without an answer: a lookup for the caller, and a stand-in id that is no instance id', () => {
  const r = load(access('    instanceName: prod\n'));
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.instanceNameLookups?.map((l) => [l.access, l.account, l.accountId, l.regionId, l.instanceName]), [['p', 'acr', '1000000000000002', 'cn-hangzhou', 'prod']]);
  assert.doesNotMatch(r.expansions[0]!.facts.registry.instanceId ?? '', /^cri-/);
});

test('instanceName with an answer: the id ACR gave, exactly as if written', () => {
  const byName = load(access('    instanceName: prod\n'), { instanceNames: new Map([[key, { instanceId: 'cri-prod1' }]]) });
  const byId = load(access('    instanceId: cri-prod1\n'));
  assert.equal(byName.instanceNameLookups, undefined);
  assert.deepEqual(byName.state?.roles, byId.state?.roles);
  assert.deepEqual(byName.state?.policies, byId.state?.policies);
});

test('INSTANCE_NAME_UNKNOWN: the answer was a problem, reported at the name', () => {
  const r = load(access('    instanceName: prod\n'), { instanceNames: new Map([[key, { problem: 'no ACR Enterprise instance named "prod" in account acr (1000000000000002), region cn-hangzhou' }]]) });
  assert.deepEqual(positions(r.diagnostics), ['9:19 INSTANCE_NAME_UNKNOWN']);
  assert.equal(r.state, undefined);
});

test('INSTANCE_NAME_UNRESOLVED: where ids are required (the daemon, loading again with the answers), a name without an answer is an error at the name', () => {
  const r = load(access('    instanceName: prod\n'), { requireInstanceIds: true });
  assert.deepEqual(positions(r.diagnostics), ['9:19 INSTANCE_NAME_UNRESOLVED']);
});

test('CONFLICTING_FIELDS: instanceId and instanceName together; MISSING_FIELD: Enterprise with neither', () => {
  assert.deepEqual(positions(load(access('    instanceId: cri-prod1\n    instanceName: prod\n')).diagnostics), ['10:5 CONFLICTING_FIELDS']);
  assert.deepEqual(positions(load(access('')).diagnostics), ['7:5 MISSING_FIELD']);
});
