import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, positions } from './helpers.js';

const H = 'apiVersion: eci-acr-reconciler/v1alpha1\n';
const role = (name: string, spec: string) => `${H}kind: RamRole\nmetadata: {name: ${name}}\nspec:\n  account: eci\n${spec}`;

test('LINT_TRUST_TOO_BROAD: an account root as principal, with a fix hint; warnings keep the state', () => {
  const r = load(role('r', '  trust:\n    principals:\n      - arn: "acs:ram::1000000000000002:root"\n'));
  assert.deepEqual(positions(r.diagnostics), ['8:14 LINT_TRUST_TOO_BROAD']);
  assert.equal(r.diagnostics[0]!.severity, 'warning');
  assert.match(r.diagnostics[0]!.hint ?? '', /roleRef/);
  assert.ok(r.state, 'a lint warning does not block the desired state');
});

test('LINT_TRUST_TOO_BROAD: "*" in a raw trust document', () => {
  const r = load(role('r', '  trust:\n    document:\n      Version: "1"\n      Statement:\n        - Effect: Allow\n          Action: sts:AssumeRole\n          Principal: {RAM: ["*"]}\n'));
  assert.deepEqual(positions(r.diagnostics), ['12:28 LINT_TRUST_TOO_BROAD']);
});

test('LINT_TRUST_TOO_BROAD: a specific role ARN is not flagged', () => {
  assert.deepEqual(load(role('r', '  trust:\n    principals: [{arn: "acs:ram::1000000000000002:role/x"}]\n')).diagnostics, []);
});

test('LINT_FULL_ACCESS: AliyunContainerRegistryFullAccess on a role, and pullPolicy: full', () => {
  const r = load(role('r', '  trust: {services: [eci.aliyuncs.com]}\n  policies:\n    - system: AliyunContainerRegistryFullAccess\n'));
  assert.deepEqual(positions(r.diagnostics), ['8:15 LINT_FULL_ACCESS']);
  const p = load(`${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec:\n  eciAccount: eci\n  registry: {account: acr, edition: Personal}\n  pullPolicy: full\n`);
  assert.deepEqual(positions(p.diagnostics), ['7:15 LINT_FULL_ACCESS']);
});

test('LINT_ECI_ROLE_TRUST: a role used as ArnService that also trusts a RAM principal', () => {
  const r = load(
    role('svc', '  trust:\n    services: [eci.aliyuncs.com]\n    principals: [{arn: "acs:ram::1000000000000001:role/ops"}]\n  policies: [{system: AliyunSTSAssumeRoleAccess}]\n') +
      `---\n${H}kind: ImageCache\nmetadata: {name: c}\nspec:\n  account: eci\n  images: [acme-registry.cn-hangzhou.cr.aliyuncs.com/ns/a:1]\n  vSwitchId: vsw-a\n  securityGroupId: sg-a\n  acrRegistryInfo: [{arnService: {roleRef: svc}}]\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['8:17 LINT_ECI_ROLE_TRUST']);
});

test('LINT_PULL_RESOURCE_WILDCARD: cr:Pull* on "*", but not cr:Get*/cr:List* on "*" as in Alibaba\'s guide', () => {
  const r = load(
    `${H}kind: RamPolicy\nmetadata: {name: p}\nspec:\n  account: eci\n  document:\n    Version: "1"\n    Statement:\n      - {Effect: Allow, Action: ["cr:Get*", "cr:List*"], Resource: "*"}\n      - {Effect: Allow, Action: ["cr:Pull*"], Resource: ["acs:cr:*:*:*", "*"]}\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['10:74 LINT_PULL_RESOURCE_WILDCARD']);
});

test('pullPolicy documented: the generated guide-shaped policy (Resource "*") lints clean; the same grant written by hand with cr:Pull* on "*" does not', () => {
  const generated = load(`${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec:\n  eciAccount: eci\n  registry: {account: acr, edition: Enterprise, instanceId: cri-abc}\n  pullPolicy: documented\n`);
  assert.deepEqual(generated.diagnostics, []);
  const statements = generated.state?.policies.flatMap((p) => p.document.Statement) ?? [];
  assert.ok(statements.some((s) => s.Resource === '*'), 'the generated policy does grant cr:Get*/cr:List* on "*"');
  const handWritten = load(
    `${H}kind: RamPolicy\nmetadata: {name: q}\nspec:\n  account: acr\n  document:\n    Version: "1"\n    Statement:\n      - {Effect: Allow, Action: ["cr:Get*", "cr:List*"], Resource: "*"}\n      - {Effect: Allow, Action: ["cr:Pull*"], Resource: "*"}\n`,
  );
  assert.deepEqual(positions(handWritten.diagnostics), ['10:57 LINT_PULL_RESOURCE_WILDCARD']);
});

test('LINT_REGION_MISMATCH: an entry without regionId for an instance in another region', () => {
  const r = load(
    `${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec: {eciAccount: eci, registry: {account: eci, edition: Enterprise, instanceId: cri-abc, regionId: cn-beijing, customDomains: [r.example.com]}}\n---\n` +
      `${H}kind: ImageCache\nmetadata: {name: c}\nspec:\n  account: eci\n  images: [r.example.com/ns/a:1]\n  vSwitchId: vsw-a\n  securityGroupId: sg-a\n  acrRegistryInfo:\n    - instanceId: cri-abc\n      regionId: cn-shanghai\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['16:17 LINT_REGION_MISMATCH']);
});

test('LINT_REGION_MISMATCH: an image host in another region than its AcrPullAccess instance', () => {
  const r = load(
    `${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec: {eciAccount: eci, registry: {account: acr, edition: Enterprise, instanceId: cri-abc, regionId: cn-beijing}}\n---\n` +
      `${H}kind: ImageCache\nmetadata: {name: c}\nspec:\n  account: eci\n  images: [acme-registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/a:1]\n  vSwitchId: vsw-a\n  securityGroupId: sg-a\n  acrPullAccess: p\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['11:12 LINT_REGION_MISMATCH']);
});

test('LINT_UNRESTRICTED_SAME_ACCOUNT: same account, default domain, restrictToInstance false', () => {
  const r = load(`${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec:\n  eciAccount: eci\n  registry: {account: eci, edition: Enterprise, instanceId: cri-abc}\n  restrictToInstance: false\n`);
  assert.deepEqual(positions(r.diagnostics), ['7:23 LINT_UNRESTRICTED_SAME_ACCOUNT']);
  assert.deepEqual(r.expansions[0]?.registryInfo, undefined);
});
