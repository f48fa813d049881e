// Issue 14, finding 6: `plan` showed only `images` for an image cache, and trust/policy diffs in the
// normalised form ("sts:assumerole") instead of as the user wrote them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan } from '../../src/plan/plan.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { planToJson } from '../../src/plan/render-json.js';
import { A, cache, desiredOf, docOf, observedOf, observedPolicy, observedRole, policy, role, trustOf } from './fixtures.js';

const text = (p: ReturnType<typeof plan>): string => {
  let out = '';
  renderPlanText(p, (t) => (out += t));
  return out;
};

const FULL_CACHE = cache(A, 'web', {
  images: ['registry.acme.example/ns/web:1'],
  imageCacheSize: 40,
  retentionDays: 7,
  vSwitchId: 'vsw-web-a',
  securityGroupId: 'sg-web-a',
  tags: { env: 'demo' },
  acrRegistryInfo: [{ instanceId: 'cri-aaaa', regionId: 'cn-hangzhou', domains: ['registry.acme.example'], arnService: 'acs:ram::1000000000000001:role/eci', arnUser: 'acs:ram::1000000000000002:role/acr' }],
});

test('finding 6: a planned image cache shows every field CreateImageCache is given, not only images', () => {
  const out = text(plan(desiredOf({ imageCaches: [FULL_CACHE] }), observedOf({})));
  for (const expected of [
    /\+ imageCacheName: web/,
    /\+ images: \[registry\.acme\.example\/ns\/web:1\]/,
    /\+ acrRegistryInfo: \[InstanceId=cri-aaaa RegionId=cn-hangzhou Domain=registry\.acme\.example ArnService=acs:ram::1000000000000001:role\/eci ArnUser=acs:ram::1000000000000002:role\/acr\]/,
    /\+ imageCacheSize: 40/,
    /\+ retentionDays: 7/,
    /\+ vSwitchId: vsw-web-a/,
    /\+ securityGroupId: sg-web-a/,
    /\+ tags: \[env=demo, /,
  ]) {
    assert.match(out, expected, `plan text lacks ${expected}:\n${out}`);
  }
  const json = planToJson(plan(desiredOf({ imageCaches: [FULL_CACHE] }), observedOf({})));
  const fields = json.accounts[0]!.resources[0]!.changes.map((c) => c.field);
  assert.deepEqual(fields, ['imageCacheName', 'images', 'acrRegistryInfo', 'imageCacheSize', 'vSwitchId', 'securityGroupId', 'retentionDays', 'tags']);
});

test('finding 6: a trust diff shows the document as the user wrote it, not its normalised form', () => {
  const r = role(A, 'puller', { trust: trustOf('acs:ram::1000000000000001:role/Builder') });
  const live = observedRole(r, { trustDocument: JSON.stringify(trustOf('acs:ram::1000000000000001:root')) });
  const out = text(plan(desiredOf({ roles: [r] }), observedOf({ eci: { roles: [live] } })));
  assert.match(out, /trust policy differs/, out);
  assert.match(out, /"sts:AssumeRole"/, `the action as written:\n${out}`);
  assert.doesNotMatch(out, /sts:assumerole/, `no normalised (lower-cased) action:\n${out}`);
  assert.match(out, /\+ +"acs:ram::1000000000000001:role\/Builder"/, `the new principal as written:\n${out}`);
});

test('finding 6: a policy diff shows both versions as written, and an equivalent rewrite is still no change', () => {
  const p = policy(A, 'pull', docOf('cr:GetAuthorizationToken'));
  const live = observedPolicy(p, [{ id: 'v1', doc: docOf('cr:PullRepository'), isDefault: true }]);
  const out = text(plan(desiredOf({ policies: [p] }), observedOf({ eci: { policies: [live] } })));
  assert.match(out, /- +"cr:PullRepository"/, out);
  assert.match(out, /\+ +"cr:GetAuthorizationToken"/, out);
  const sameMeaning = observedPolicy(p, [{ id: 'v1', doc: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'CR:GetAuthorizationToken', Resource: ['*'] }] }, isDefault: true }]);
  const unchanged = plan(desiredOf({ policies: [p] }), observedOf({ eci: { policies: [sameMeaning] } }));
  assert.equal(unchanged.diffs[0]!.action, 'none', 'normalisation still decides whether documents differ');
});
