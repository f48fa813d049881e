// doctor's walk over in-memory ports: each link named, warnings where trust is wider than the guide
// asks, the fix of the first broken link, and the --output json schema held by a golden file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { renderDoctorJson, renderDoctorText } from '../../src/doctor/render.js';
import { buildReport } from '../../src/doctor/report.js';
import { diagnoseImage } from '../../src/doctor/walk.js';
import type { RegistryInfo } from '../../src/doctor/types.js';
import { A, B, INSTANCE, fakeFacts, guideRoles, ramTrust, roleAcr, roleAssume } from './fake-facts.js';

const IMAGE = 'registry.acme.example/eci_test/nginx:1.0';
const ENTRY: RegistryInfo = { instanceId: INSTANCE, domains: [], arnService: roleAssume, arnUser: roleAcr };
const request = (entries: RegistryInfo[], image = IMAGE) => ({ image, eciAccountId: A, regionId: 'cn-hangzhou', entries });
const ctx = { eciAccountId: A, regionId: 'cn-hangzhou', accountName: (id: string) => (id === A ? 'eci' : id === B ? 'acr' : undefined) };

test("the guide's cross-account chain is pullable, every link ✓ with what was read", async () => {
  const d = await diagnoseImage(request([ENTRY]), fakeFacts(guideRoles()));
  assert.equal(d.verdict, 'pullable');
  assert.deepEqual(d.links.map((l) => `${l.status} ${l.link}`), [
    'ok image', 'ok registry', 'ok instance-id', 'ok region', 'ok service-role', 'ok service-trust', 'ok assume-permission', 'ok user-role', 'ok user-trust', 'ok registry-info', 'ok pull-permission', 'ok repository', 'ok tag',
  ]);
  assert.match(d.links.find((l) => l.link === 'assume-permission')?.detail ?? '', /allowed by System policy AliyunSTSAssumeRoleAccess/);
});

test('a trust naming the account root still pulls, with a warning naming the root', async () => {
  const roles = guideRoles();
  roles[B]!['role-acr']!.trust = ramTrust(`acs:ram::${A}:root`, roleAssume);
  const d = await diagnoseImage(request([ENTRY]), fakeFacts(roles));
  assert.equal(d.verdict, 'pullable');
  const trust = d.links.find((l) => l.link === 'user-trust');
  assert.equal(trust?.status, 'warning');
  assert.match(trust?.detail ?? '', /acs:ram::1000000000000001:root \(every RAM identity of account 1000000000000001\)/);
});

test('a custom domain without InstanceId breaks at instance-id and the fix passes it', async () => {
  const entry = { ...ENTRY };
  delete entry.instanceId;
  const d = await diagnoseImage(request([entry]), fakeFacts(guideRoles()));
  assert.equal(d.firstBroken, 'instance-id');
  const report = buildReport([d], [entry], ctx);
  assert.equal(report.images[0]?.fix?.parameters?.['AcrRegistryInfo.1.InstanceId'], INSTANCE);
  assert.equal(report.images[0]?.fix?.parameters?.['AcrRegistryInfo.1.ArnUser'], roleAcr);
});

test('a Deny on sts:AssumeRole breaks assume-permission and names the denying policy', async () => {
  const roles = guideRoles();
  roles[A]!['role-assume']!.policies.push({ policyName: 'guard', policyType: 'Custom', document: { Version: '1', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: roleAcr }] } });
  const d = await diagnoseImage(request([ENTRY]), fakeFacts(roles));
  assert.equal(d.firstBroken, 'assume-permission');
  assert.match(d.links.at(-1)?.detail ?? '', /denied by Custom policy guard/);
});

test("Personal Edition: the namespace's owner is read from ACR (GetNamespace), and its repository and tag are checked", async () => {
  const personal = (tag: string, repo = 'app') => `registry.cn-hangzhou.aliyuncs.com/b-personal/${repo}:${tag}`;
  const entry: RegistryInfo = { domains: [], arnService: roleAssume, arnUser: roleAcr };
  const roles = guideRoles();
  roles[B]!['role-acr']!.policies = [{ policyName: 'personal-pull', policyType: 'Custom', document: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:GetAuthorizationToken', 'cr:PullRepository'], Resource: '*' }] } }];
  const fine = await diagnoseImage(request([entry], personal('v1')), fakeFacts(roles));
  assert.equal(fine.verdict, 'pullable', JSON.stringify(fine.links));
  assert.equal(fine.registry?.accountId, B);
  assert.match(fine.links.find((l) => l.link === 'registry')?.detail ?? '', /Personal Edition registry of account 1000000000000002 in cn-hangzhou/);
  assert.equal((await diagnoseImage(request([entry], personal('v9')), fakeFacts(roles))).firstBroken, 'tag');
  assert.equal((await diagnoseImage(request([entry], personal('v1', 'gone')), fakeFacts(roles))).firstBroken, 'repository');
  // Without an entry, B's namespace is still found as B's: a cross-account pull with no ARNs.
  const bare = await diagnoseImage(request([], personal('v1')), fakeFacts(roles));
  assert.equal(bare.firstBroken, 'registry-info');
  const nobody = await diagnoseImage(request([entry], 'registry.cn-hangzhou.aliyuncs.com/nobody-ns/app:v1'), fakeFacts(roles));
  assert.equal(nobody.firstBroken, 'registry');
  assert.match(nobody.links.at(-1)?.detail ?? '', /no ACR Personal Edition namespace "nobody-ns" in cn-hangzhou/);
});

test('an image outside ACR is not judged: password-free pulls do not apply', async () => {
  const d = await diagnoseImage(request([], 'nginx:1.27'), fakeFacts({}));
  assert.equal(d.verdict, 'not-acr');
  assert.match(d.links.at(-1)?.detail ?? '', /not an ACR domain/);
});

test('I13-A5: --output json: the documented schema (docs/doctor.md), held by a golden file', async () => {
  const roles = guideRoles();
  roles[B]!['role-acr']!.trust = ramTrust(`acs:ram::${A}:role/someone-else`);
  const broken = await diagnoseImage(request([ENTRY]), fakeFacts(roles));
  const fine = await diagnoseImage(request([ENTRY], 'acme-registry.cn-hangzhou.cr.aliyuncs.com/eci_test/nginx:latest'), fakeFacts(guideRoles()));
  let json = '';
  renderDoctorJson(buildReport([broken, fine], [ENTRY], ctx), (t) => (json += t));
  const path = 'test/fixtures/doctor/report.golden.json';
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, json);
  assert.equal(json, readFileSync(path, 'utf8'), `${path} differs (UPDATE_GOLDEN=1 to rewrite)`);
  const parsed = JSON.parse(json);
  assert.deepEqual(Object.keys(parsed), ['formatVersion', 'eciAccountId', 'regionId', 'entries', 'verdict', 'images']);
  assert.equal(parsed.images[0].firstBroken, 'user-trust');
  let text = '';
  renderDoctorText(buildReport([broken], [ENTRY], ctx), (t) => (text += t));
  assert.match(text, /✗ user-trust +role acs:ram::1000000000000002:role\/role-acr does not trust acs:ram::1000000000000001:role\/role-assume/);
  assert.match(text, /kind: AcrPullAccess/);
});

test('one cross-account image reads each role once and the registry three times', async () => {
  const facts = fakeFacts(guideRoles());
  await diagnoseImage(request([ENTRY]), facts);
  assert.deepEqual(facts.calls, [`${B} ListInstanceDomain`, `${A} GetRole role-assume`, `${B} GetRole role-acr`, `${B} ListRepository`]);
});
