import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan } from '../../src/plan/plan.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { planToJson } from '../../src/plan/render-json.js';
import { A, B, cache, desiredOf, docOf, observedCache, observedOf, observedPolicy, observedRole, policy, role, trustOf } from './fixtures.js';

const eciRole = role(A, 'role-assume', { policies: [{ policyType: 'System', policyName: 'AliyunSTSAssumeRoleAccess' }] });
const acrPolicy = policy(B, 'pull-only', docOf('cr:PullRepository'));
const acrRole = role(B, 'role-acr', { trust: trustOf('acs:ram::1000000000000001:role/role-assume'), policies: [{ policyType: 'Custom', policyName: 'pull-only' }] });
const webCache = cache(A, 'web', { acrRegistryInfo: [{ arnService: 'acs:ram::1000000000000001:role/role-assume', arnUser: 'acs:ram::1000000000000002:role/role-acr' }] });
const desired = desiredOf({ roles: [eciRole, acrRole], policies: [acrPolicy], imageCaches: [webCache] });

test('creation runs policies → roles (a trusted new role first) → attachments → image caches, with no trust fix-up', () => {
  const p = plan(desired, observedOf({}));
  const order = p.steps.map((s) => `${s.stage}:${s.op}:${s.key.split('/').at(-1)}`);
  assert.deepEqual(order, [
    'policies:create-policy:pull-only',
    'roles:create-role:role-assume',
    'roles:create-role:role-acr',
    'attachments:attach:role-assume',
    'attachments:attach:role-acr',
    'image-caches:create-image-cache:web',
  ]);
});

test('a role trusting a role created in the same pass is created after it, with its final trust', () => {
  const p = plan(desired, observedOf({}));
  const create = p.steps.find((s) => s.op === 'create-role' && s.roleName === 'role-acr');
  assert.ok(create && create.op === 'create-role', `role-acr is created: ${JSON.stringify(p.steps)}`);
  assert.match(create.trustDocument, /role-assume/);
  assert.doesNotMatch(create.trustDocument, /"Effect":"Deny"/);
  assert.deepEqual(create.after, ['role/1000000000000001/role-assume']);
  assert.deepEqual(create.dependsOn, ['role/1000000000000001/role-assume']);
  assert.deepEqual(create.consumes, ['role/1000000000000001/role-assume']);
  assert.equal(p.steps.some((s) => s.op === 'update-role'), false);
});

test('a chain of new roles is ordered link by link: each waits only for the role its trust names', () => {
  const first = role(A, 'first');
  const second = role(A, 'second', { trust: trustOf('acs:ram::1000000000000001:role/first') });
  const third = role(B, 'third', { trust: trustOf('acs:ram::1000000000000001:role/second') });
  const p = plan(desiredOf({ roles: [third, second, first] }), observedOf({}));
  const after = Object.fromEntries(p.steps.filter((s) => s.op === 'create-role').map((s) => [s.key.split('/').at(-1), s.after ?? []]));
  assert.deepEqual(after, { first: [], second: ['role/1000000000000001/first'], third: ['role/1000000000000001/second'] });
  assert.equal(p.steps.some((s) => s.stage === 'trust'), false);
});

test('a role trusting itself keeps the placeholder and the trust-stage update', () => {
  const self = role(A, 'selfish', { trust: trustOf('acs:ram::1000000000000001:role/selfish') });
  const p = plan(desiredOf({ roles: [self] }), observedOf({}));
  const create = p.steps.find((s) => s.op === 'create-role');
  assert.ok(create && create.op === 'create-role');
  assert.match(create.trustDocument, /"Effect":"Deny"/);
  assert.equal(create.after, undefined);
  const trust = p.steps.filter((s) => s.stage === 'trust');
  assert.deepEqual(trust.map((s) => s.op), ['update-role']);
  assert.deepEqual(trust[0]?.consumes, ['role/1000000000000001/selfish']);
});

test('two new roles trusting each other both start with placeholders; a role trusting the cycle is ordered after it', () => {
  const ping = role(A, 'ping', { trust: trustOf('acs:ram::1000000000000002:role/pong') });
  const pong = role(B, 'pong', { trust: trustOf('acs:ram::1000000000000001:role/ping') });
  const fan = role(B, 'fan', { trust: trustOf('acs:ram::1000000000000001:role/ping') });
  const p = plan(desiredOf({ roles: [ping, pong, fan] }), observedOf({}));
  const creates = new Map(p.steps.flatMap((s) => (s.op === 'create-role' ? [[s.roleName, s] as const] : [])));
  assert.match(creates.get('ping')!.trustDocument, /"Effect":"Deny"/);
  assert.match(creates.get('pong')!.trustDocument, /"Effect":"Deny"/);
  assert.equal(creates.get('ping')!.after, undefined);
  assert.doesNotMatch(creates.get('fan')!.trustDocument, /"Effect":"Deny"/);
  assert.deepEqual(creates.get('fan')!.after, ['role/1000000000000001/ping']);
  assert.deepEqual(p.steps.filter((s) => s.stage === 'trust').map((s) => s.key.split('/').at(-1)).sort(), ['ping', 'pong']);
});

test('a role whose principal already exists is created with its final trust directly', () => {
  const p = plan(desired, observedOf({ eci: { roles: [observedRole(eciRole)] } }));
  const create = p.steps.find((s) => s.op === 'create-role' && s.roleName === 'role-acr');
  assert.ok(create && create.op === 'create-role', `role-acr is created: ${JSON.stringify(p.steps)}`);
  assert.match(create.trustDocument, /role-assume/);
  assert.equal(p.steps.filter((s) => s.stage === 'trust').length, 0);
});

const everything = observedOf({
  eci: { roles: [observedRole(eciRole)], imageCaches: [observedCache(webCache, 'imc-1')] },
  acr: { roles: [observedRole(acrRole)], policies: [observedPolicy(acrPolicy, [{ id: 'v1', doc: acrPolicy.document, isDefault: true }, { id: 'v2', doc: docOf('x:Y') }])] },
});

test('a converged state plans nothing', () => {
  const p = plan(desired, everything);
  assert.deepEqual(p.steps, []);
  assert.equal(p.summary.unchanged, 4);
});

test('prune deletes in reverse dependency order: caches → detach → roles → policies', () => {
  const keep = desiredOf({ roles: [eciRole] });
  const p = plan(keep, everything, { prune: true, maxDeletes: 10 });
  assert.deepEqual(p.steps.map((s) => `${s.stage}:${s.op}`), [
    'delete-image-caches:delete-image-cache',
    'detach:detach',
    'delete-roles:delete-role',
    'delete-policies:delete-policy-version',
    'delete-policies:delete-policy',
  ]);
});

test('the prune guards refuse a pass that deletes everything owned, too much, or from empty manifests', () => {
  assert.match(plan(desiredOf({ roles: [role(A, 'unrelated')] }), everything, { prune: true, maxDeletes: 10 }).refused ?? '', /every owned resource/);
  assert.match(plan(desiredOf({ roles: [eciRole] }), everything, { prune: true, maxDeletes: 2 }).refused ?? '', /more than --max-deletes 2/);
  const empty = plan(desiredOf({}), observedOf({}), { prune: true, maxDeletes: 10 });
  assert.match(empty.refused ?? '', /declare no resources/);
  assert.deepEqual(empty.steps, []);
});

test('the text plan groups by account with markers and a line diff of documents; JSON carries formatVersion 1', () => {
  const drifted = structuredClone(everything);
  const acr = drifted.accounts[1]!;
  acr.roles = [observedRole(acrRole, { trustDocument: JSON.stringify(trustOf('acs:ram::1000000000000001:root')) })];
  const p = plan(desired, drifted);
  let text = '';
  renderPlanText(p, (t) => void (text += t));
  assert.match(text, /^Account acr \(1000000000000002\)$/m);
  assert.match(text, /^ {2}~ role role-acr: trust policy differs$/m);
  assert.match(text, /^ {8}- +"acs:ram::1000000000000001:root"$/m);
  assert.match(text, /^ {8}\+ +"acs:ram::1000000000000001:role\/role-assume"$/m);
  assert.match(text, /^Plan: 0 to create, 1 to update, 0 to replace, 0 to delete; 3 unchanged\.$/m);
  const json = planToJson(p);
  assert.equal(json.formatVersion, 1);
  assert.equal(json.hasChanges, true);
  const acrJson = json.accounts.find((a) => a.name === 'acr');
  assert.deepEqual(acrJson?.resources.find((r) => r.name === 'role-acr')?.steps.map((s) => s.operation), ['update-role']);
});

test('D4: an image cache update step carries the cache\'s current ImageCacheName (older UpdateImageCache pages require it)', () => {
  const want = cache(A, 'named', { images: ['r.example/a:2'] });
  const observed = observedCache(cache(A, 'named', { images: ['r.example/a:1'] }), 'imc-named');
  const p = plan(desiredOf({ imageCaches: [want] }), observedOf({ eci: { imageCaches: [observed] } }));
  const update = p.steps.find((s) => s.op === 'update-image-cache');
  assert.ok(update && update.op === 'update-image-cache', `an update step: ${p.steps.map((s) => s.op).join(', ')}`);
  assert.equal(update.imageCacheName, observed.imageCacheName);
});
