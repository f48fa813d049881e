import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestTexts } from '../../src/manifests/index.js';
import { ACCOUNTS, load, positions } from './helpers.js';

const H = 'apiVersion: eci-acr-reconciler/v1alpha1\n';

test('DUPLICATE_NAME at the second occurrence, naming the first', () => {
  const doc = `${H}kind: RamRole\nmetadata: {name: r}\nspec: {account: eci, trust: {services: [eci.aliyuncs.com]}}\n`;
  const r = load(`${doc}---\n${doc}`);
  assert.deepEqual(positions(r.diagnostics), ['8:18 DUPLICATE_NAME']);
  assert.match(r.diagnostics[0]!.message, /already defined at t\.yaml:3/);
});

test('DUPLICATE_NAME across files: the later file is reported', () => {
  const r = loadManifestTexts([
    { file: 'a.yaml', text: ACCOUNTS },
    { file: 'b.yaml', text: `${H}kind: Account\nmetadata:\n  name: eci\nspec: {accountId: "1000000000000003", regionId: cn-beijing}\n` },
  ]);
  assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`), ['b.yaml:4:9 DUPLICATE_NAME']);
});

test('DUPLICATE_CLOUD_NAME: two manifests for one role name in one account, ignoring case (§10 #1)', () => {
  const r = load(
    `${H}kind: RamRole\nmetadata: {name: a}\nspec: {account: eci, roleName: Pull, trust: {services: [eci.aliyuncs.com]}}\n---\n` +
      `${H}kind: RamRole\nmetadata: {name: b}\nspec:\n  account: eci\n  roleName: pull\n  trust: {services: [eci.aliyuncs.com]}\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['11:13 DUPLICATE_CLOUD_NAME']);
});

test('DUPLICATE_CLOUD_NAME: the same role name in two accounts is fine', () => {
  const r = load(
    `${H}kind: RamRole\nmetadata: {name: a}\nspec: {account: eci, roleName: pull, trust: {services: [eci.aliyuncs.com]}}\n---\n` +
      `${H}kind: RamRole\nmetadata: {name: b}\nspec: {account: acr, roleName: pull, trust: {services: [eci.aliyuncs.com]}}\n`,
  );
  assert.deepEqual(r.diagnostics, []);
});

test('DUPLICATE_CLOUD_NAME: an expanded role colliding with an explicit one is reported at the AcrPullAccess', () => {
  const r = load(
    `${H}kind: RamRole\nmetadata: {name: p-eci}\nspec: {account: eci, trust: {services: [eci.aliyuncs.com]}}\n---\n` +
      `${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec:\n  eciAccount: eci\n  registry: {account: eci, edition: Enterprise, instanceId: cri-abc}\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['8:18 DUPLICATE_CLOUD_NAME']);
});

test('UNRESOLVED_REF at the reference, listing known names', () => {
  const r = load(`${H}kind: RamRole\nmetadata: {name: r}\nspec:\n  account: nope\n  trust: {services: [eci.aliyuncs.com]}\n`);
  assert.deepEqual(positions(r.diagnostics), ['5:12 UNRESOLVED_REF']);
  assert.match(r.diagnostics[0]!.hint ?? '', /eci, acr|acr, eci/);
});

test('INVALID_REF: a reference to an invalid manifest says it is invalid and where, not that it is missing (issue 14, finding 2)', () => {
  const r = load(`${H}kind: RamRole\nmetadata: {name: r}\nspec: {account: eci, trust: {principals: [{roleRef: bad}]}}\n---\n${H}kind: RamRole\nmetadata: {name: bad}\nspec: {account: eci}\n`);
  assert.deepEqual(positions(r.diagnostics), ['4:53 INVALID_REF', '9:7 MISSING_FIELD']);
  assert.equal(r.diagnostics[0]!.message, 'RamRole bad is invalid, see its errors at t.yaml:8');
});

test('REF_CYCLE: assumeRole credentials that chain back to themselves', () => {
  const account = (name: string, via: string, id: string) =>
    `${H}kind: Account\nmetadata: {name: ${name}}\nspec:\n  accountId: "${id}"\n  regionId: cn-hangzhou\n  credentials: {source: assumeRole, roleArn: "acs:ram::${id}:role/deployer", via: ${via}}\n`;
  const r = load(`${account('a', 'b', '1000000000000003')}---\n${account('b', 'a', '1000000000000004')}`, false);
  assert.deepEqual(positions(r.diagnostics), ['7:94 REF_CYCLE', '15:94 REF_CYCLE']);
  assert.match(r.diagnostics[0]!.message, /a → b → a/);
});

test('WRONG_ACCOUNT: a policyRef to a policy of another account', () => {
  const r = load(
    `${H}kind: RamPolicy\nmetadata: {name: p}\nspec: {account: acr, document: {Version: "1", Statement: [{Effect: Allow, Action: "cr:List*", Resource: "*"}]}}\n---\n` +
      `${H}kind: RamRole\nmetadata: {name: r}\nspec:\n  account: eci\n  trust: {services: [eci.aliyuncs.com]}\n  policies:\n    - policyRef: p\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['13:18 WRONG_ACCOUNT']);
});

test('CONFLICTING_FIELDS: a valid raw trust document next to services', () => {
  const r = load(
    `${H}kind: RamRole\nmetadata: {name: r}\nspec:\n  account: eci\n  trust:\n    services: [eci.aliyuncs.com]\n    document: {Version: "1", Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: {Service: [eci.aliyuncs.com]}}]}\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['8:15 CONFLICTING_FIELDS']);
});

test('EMPTY_TRUST at the trust mapping', () => {
  const r = load(`${H}kind: RamRole\nmetadata: {name: r}\nspec:\n  account: eci\n  trust: {services: []}\n`);
  assert.deepEqual(positions(r.diagnostics), ['6:10 EMPTY_TRUST']);
});

test('POLICY_GRAMMAR at the offending node inside the YAML document', () => {
  const r = load(
    `${H}kind: RamPolicy\nmetadata: {name: p}\nspec:\n  account: eci\n  document:\n    Version: "1"\n    Statement:\n      - Effect: Allow\n        Action: cr:List*\n        Resource: "*"\n      - Effect: Maybe\n        Action: cr:List*\n        Resource: "*"\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['12:17 POLICY_GRAMMAR']);
  assert.match(r.diagnostics[0]!.message, /policy\.effect/);
});

test('POLICY_GRAMMAR: a trust document with a permission-only key', () => {
  const r = load(
    `${H}kind: RamRole\nmetadata: {name: r}\nspec:\n  account: eci\n  trust:\n    document:\n      Version: "1"\n      Statement:\n        - {Effect: Allow, Action: sts:AssumeRole, Principal: {Service: eci.aliyuncs.com}, Resource: "*"}\n`,
  );
  assert.deepEqual(positions(r.diagnostics), ['10:91 POLICY_GRAMMAR']);
});

test('POLICY_TOO_LONG: over 6144 characters once serialised', () => {
  const resources = Array.from({ length: 120 }, (_, i) => `"acs:cr:cn-hangzhou:1000000000000001:repository/ns/repository-${i}"`).join(', ');
  const r = load(`${H}kind: RamPolicy\nmetadata: {name: p}\nspec:\n  account: eci\n  document:\n    Version: "1"\n    Statement: [{Effect: Allow, Action: cr:PullRepository, Resource: [${resources}]}]\n`);
  assert.deepEqual(positions(r.diagnostics), ['7:5 POLICY_TOO_LONG']);
});

const cache = (extra: string, images = '[acme-registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/app:1]') =>
  `${H}kind: ImageCache\nmetadata: {name: c}\nspec:\n  account: eci\n  images: ${images}\n  vSwitchId: vsw-a\n  securityGroupId: sg-a\n${extra}`;
const pull = `${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec: {eciAccount: eci, registry: {account: acr, edition: Enterprise, instanceId: cri-abc}}\n---\n`;

test('NON_ACR_IMAGE: a Docker Hub image in a cache that asks for password-free pulls', () => {
  const r = load(pull + cache('  acrPullAccess: p\n', '\n    - acme-registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/app:1\n    - nginx:1.27'));
  assert.deepEqual(positions(r.diagnostics), ['13:7 NON_ACR_IMAGE']);
});

test('NON_ACR_IMAGE: the same image without password-free pulls is fine', () => {
  assert.deepEqual(load(cache('', '[docker.io/library/nginx:1.27]')).diagnostics, []);
});

test('MISSING_INSTANCE_ID: a custom-domain entry without instanceId', () => {
  const r = load(cache('  acrRegistryInfo:\n    - domains: [registry.example.com]\n', '[registry.example.com/ns/app:1]'));
  assert.deepEqual(positions(r.diagnostics), ['10:7 MISSING_INSTANCE_ID']);
});

test('WRONG_ACCOUNT: arnService in another account than the cache; cache and AcrPullAccess accounts differ', () => {
  const r = load(cache('  acrRegistryInfo:\n    - arnService: {arn: "acs:ram::1000000000000002:role/x"}\n'));
  assert.deepEqual(positions(r.diagnostics), ['10:19 WRONG_ACCOUNT']);
  const other = load(pull + cache('  acrPullAccess: p\n').replace('account: eci', 'account: acr'));
  assert.deepEqual(positions(other.diagnostics), ['14:18 WRONG_ACCOUNT']);
});

test('CONFLICTING_FIELDS: acrPullAccess together with acrRegistryInfo', () => {
  const r = load(pull + cache('  acrPullAccess: p\n  acrRegistryInfo: [{instanceId: cri-abc}]\n'));
  assert.deepEqual(positions(r.diagnostics), ['15:20 CONFLICTING_FIELDS']);
});

test('CONFLICTING_FIELDS: Personal Edition with an instance id', () => {
  const r = load(`${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec:\n  eciAccount: eci\n  registry:\n    account: acr\n    edition: Personal\n    instanceId: cri-abc\n`);
  assert.deepEqual(positions(r.diagnostics), ['9:17 CONFLICTING_FIELDS']);
});

test('MISSING_FIELD: an Enterprise AcrPullAccess without instanceId, at the registry mapping', () => {
  const r = load(`${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec:\n  eciAccount: eci\n  registry:\n    account: acr\n    edition: Enterprise\n`);
  assert.deepEqual(positions(r.diagnostics), ['7:5 MISSING_FIELD']);
});

test('PATH_NOT_FOUND and FILE_UNREADABLE come from the loader (see loader.test.ts)', async () => {
  const { loadManifests } = await import('../../src/manifests/index.js');
  const gone = (): never => {
    throw Object.assign(new Error('gone'), { code: 'ENOENT' });
  };
  const r = loadManifests(['does-not-exist'], { stat: gone, readdir: gone, readFile: gone, realpath: gone });
  assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`), ['does-not-exist:1:1 PATH_NOT_FOUND']);
});

test('MISSING_INSTANCE_ID: an image on a declared custom domain with explicit entries that miss its instance', () => {
  const customPull = `${H}kind: AcrPullAccess\nmetadata: {name: p}\nspec: {eciAccount: eci, registry: {account: eci, edition: Enterprise, instanceId: cri-abc, customDomains: [r.example.com]}}\n---\n`;
  const r = load(customPull + cache('  acrRegistryInfo:\n    - instanceId: cri-other\n', '[r.example.com/ns/app:1]'));
  assert.deepEqual(positions(r.diagnostics), ['11:12 MISSING_INSTANCE_ID']);
});

test('credentials source oidc (issue 12): resolved with its fields and the default session name; missing fields and a bad provider ARN are diagnosed', () => {
  const account = (credentials: string) => `${H}kind: Account\nmetadata: {name: pod}\nspec:\n  accountId: "1000000000000001"\n  regionId: cn-hangzhou\n  credentials: ${credentials}\n`;
  const ok = loadManifestTexts([{ file: 'a.yaml', text: account('{source: oidc, roleArn: "acs:ram::1000000000000001:role/r", oidcProviderArn: "acs:ram::1000000000000001:oidc-provider/ack-rrsa-c1", tokenFile: /var/run/token}') }]);
  assert.deepEqual(ok.diagnostics, []);
  assert.deepEqual(ok.state?.accounts[0]?.credentials, {
    source: 'oidc', roleArn: 'acs:ram::1000000000000001:role/r', oidcProviderArn: 'acs:ram::1000000000000001:oidc-provider/ack-rrsa-c1', tokenFile: '/var/run/token', sessionName: 'eci-acr-reconciler',
  });
  const missing = loadManifestTexts([{ file: 'a.yaml', text: account('{source: oidc, roleArn: "acs:ram::1000000000000001:role/r"}') }]);
  assert.ok(missing.state === undefined && missing.diagnostics.length > 0, 'oidcProviderArn and tokenFile are required');
  const badArn = loadManifestTexts([{ file: 'a.yaml', text: account('{source: oidc, roleArn: "acs:ram::1000000000000001:role/r", oidcProviderArn: "acs:ram::1:saml-provider/x", tokenFile: t}') }]);
  assert.deepEqual(badArn.diagnostics.map((d) => d.code), ['INVALID_ARN']);
});
