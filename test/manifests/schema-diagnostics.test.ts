import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, positions } from './helpers.js';

const role = (spec: string, name = 'r') => `apiVersion: eci-acr-reconciler/v1alpha1
kind: RamRole
metadata:
  name: ${name}
spec:
${spec}`;

test('YAML_SYNTAX: an unclosed quote is reported where YAML gives up, without a stack trace', () => {
  const r = load('a: 1\nkey: "unterminated\n', false);
  assert.deepEqual(positions(r.diagnostics), ['3:1 YAML_SYNTAX']);
  assert.match(r.diagnostics[0]!.message, /Missing closing "quote/);
  assert.equal(r.state, undefined);
});

test('YAML_SYNTAX: a duplicate key points at the second key', () => {
  const r = load('a: 1\n  \na: 2\n', false);
  assert.deepEqual(positions(r.diagnostics), ['3:1 YAML_SYNTAX']);
});

test('YAML_WARNING: an unresolved tag is a warning at the tag', () => {
  const r = load(role('  account: eci\n  description: !custom x\n  trust: {services: [eci.aliyuncs.com]}\n'));
  assert.deepEqual(positions(r.diagnostics), ['7:16 YAML_WARNING']);
});

test('NOT_A_MAPPING: a list document', () => {
  assert.deepEqual(positions(load('- a\n- b\n', false).diagnostics), ['1:1 NOT_A_MAPPING']);
});

test('UNSUPPORTED_API_VERSION at the apiVersion value', () => {
  const r = load('apiVersion: v1\nkind: Account\nmetadata: {name: x}\nspec: {}\n', false);
  assert.deepEqual(positions(r.diagnostics), ['1:13 UNSUPPORTED_API_VERSION']);
});

test('UNKNOWN_KIND at the kind value', () => {
  const r = load('apiVersion: eci-acr-reconciler/v1alpha1\nkind: Bucket\nmetadata: {name: x}\nspec: {}\n', false);
  assert.deepEqual(positions(r.diagnostics), ['2:7 UNKNOWN_KIND']);
});

test('MISSING_FIELD at the parent mapping of the missing field', () => {
  const r = load('apiVersion: eci-acr-reconciler/v1alpha1\nkind: Account\nmetadata: {name: x}\nspec:\n  regionId: cn-hangzhou\n', false);
  assert.deepEqual(positions(r.diagnostics), ['5:3 MISSING_FIELD']);
  assert.match(r.diagnostics[0]!.message, /missing required field "accountId" in spec/);
});

test('MISSING_FIELD: missing kind at the document', () => {
  assert.deepEqual(positions(load('# comment\napiVersion: eci-acr-reconciler/v1alpha1\n', false).diagnostics), ['2:1 MISSING_FIELD']);
});

test('UNKNOWN_FIELD at the key, with the allowed fields as hint', () => {
  const r = load(role('  account: eci\n  trust: {services: [eci.aliyuncs.com]}\n  rolename: x\n'));
  assert.deepEqual(positions(r.diagnostics), ['8:3 UNKNOWN_FIELD']);
  assert.match(r.diagnostics[0]!.hint ?? '', /roleName/);
});

test('WRONG_TYPE: an unquoted account id is a number, reported at the value with a hint to quote it', () => {
  const r = load('apiVersion: eci-acr-reconciler/v1alpha1\nkind: Account\nmetadata: {name: x}\nspec:\n  accountId: 1000000000000001\n  regionId: cn-hangzhou\n', false);
  assert.deepEqual(positions(r.diagnostics), ['5:14 WRONG_TYPE']);
  assert.match(r.diagnostics[0]!.hint ?? '', /quote/);
});

test('INVALID_VALUE: an enum outside its values', () => {
  const r = load(role('  account: eci\n  trust: {services: [eci.aliyuncs.com]}\n  deletionPolicy: Keep\n'));
  assert.deepEqual(positions(r.diagnostics), ['8:19 INVALID_VALUE']);
  assert.match(r.diagnostics[0]!.message, /"Delete", "Retain"/);
});

test('INVALID_NAME: metadata.name outside the allowed characters', () => {
  assert.deepEqual(positions(load(role('  account: eci\n  trust: {services: [eci.aliyuncs.com]}\n', 'Bad_Name')).diagnostics), ['4:9 INVALID_NAME']);
});

test('INVALID_ACCOUNT_ID and INVALID_REGION at their values, both in one pass', () => {
  const r = load('apiVersion: eci-acr-reconciler/v1alpha1\nkind: Account\nmetadata: {name: x}\nspec:\n  accountId: "12345"\n  regionId: Hangzhou\n', false);
  assert.deepEqual(positions(r.diagnostics), ['5:14 INVALID_ACCOUNT_ID', '6:13 INVALID_REGION']);
});

test('INVALID_ARN: a principal that is not a RAM ARN', () => {
  const r = load(role('  account: eci\n  trust:\n    principals:\n      - arn: "arn:aws:iam::1:role/x"\n'));
  assert.deepEqual(positions(r.diagnostics), ['9:14 INVALID_ARN']);
});

test('INVALID_ROLE_NAME: "_" is not allowed and 65 characters are too many', () => {
  const bad = load(role('  account: eci\n  roleName: bad_name\n  trust: {services: [eci.aliyuncs.com]}\n'));
  assert.deepEqual(positions(bad.diagnostics), ['7:13 INVALID_ROLE_NAME']);
  const long = load(role(`  account: eci\n  roleName: ${'a'.repeat(65)}\n  trust: {services: [eci.aliyuncs.com]}\n`));
  assert.deepEqual(positions(long.diagnostics), ['7:13 INVALID_ROLE_NAME']);
});

test('INVALID_POLICY_NAME: an explicit name with "." and a default name with "."', () => {
  const doc = (extra: string, name = 'p') =>
    `apiVersion: eci-acr-reconciler/v1alpha1\nkind: RamPolicy\nmetadata: {name: ${name}}\nspec:\n  account: eci\n${extra}  document: {Version: "1", Statement: [{Effect: Allow, Action: "ecs:Describe*", Resource: "*"}]}\n`;
  assert.deepEqual(positions(load(doc('  policyName: a.b\n')).diagnostics), ['6:15 INVALID_POLICY_NAME']);
  assert.deepEqual(positions(load(doc('', 'a.b')).diagnostics), ['3:18 INVALID_POLICY_NAME']);
});

test('INVALID_SESSION_DURATION below 3600 and above 43200', () => {
  const at = (n: number) => positions(load(role(`  account: eci\n  maxSessionDuration: ${n}\n  trust: {services: [eci.aliyuncs.com]}\n`)).diagnostics);
  assert.deepEqual(at(100), ['7:23 INVALID_SESSION_DURATION']);
  assert.deepEqual(at(43201), ['7:23 INVALID_SESSION_DURATION']);
  assert.deepEqual(at(43200), []);
});

test('every schema problem of a document is reported in one pass', () => {
  const r = load(role('  account: Eci\n  roleName: "x y"\n  maxSessionDuration: 1\n  trust: {services: [eci.aliyuncs.com]}\n  extra: 1\n'));
  assert.deepEqual(positions(r.diagnostics), ['6:12 INVALID_NAME', '7:13 INVALID_ROLE_NAME', '8:23 INVALID_SESSION_DURATION', '10:3 UNKNOWN_FIELD']);
});

test('YAML_SYNTAX: an unresolved alias is reported at the alias', () => {
  assert.deepEqual(positions(load('a: &x [1]\nb: *y\n', false).diagnostics), ['2:4 YAML_SYNTAX']);
});

test('YAML_SYNTAX: an alias bomb is a diagnostic, not a hang', () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i += 1) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  const r = load(`${lines.join('\n')}\n`, false);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['YAML_SYNTAX']);
  assert.match(r.diagnostics[0]!.message, /alias/i);
});

test('D4: imageCacheSize outside 20..32768 GiB (Alibaba\'s documented ImageCache range) is reported at the value', () => {
  const cache = (size: number) => `apiVersion: eci-acr-reconciler/v1alpha1
kind: ImageCache
metadata:
  name: c
spec:
  account: eci
  images: [registry.example/app:1]
  vSwitchId: vsw-1
  securityGroupId: sg-1
  imageCacheSize: ${size}
`;
  const at = (n: number) => positions(load(cache(n)).diagnostics).filter((p) => p.startsWith('10:'));
  assert.equal(at(19).length, 1, 'below 20 is refused');
  assert.match(at(19)[0] ?? '', /^10:19 /);
  assert.equal(at(32769).length, 1, 'above 32768 is refused');
  assert.deepEqual(at(20), []);
  assert.deepEqual(at(32768), []);
});
