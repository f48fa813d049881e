import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trustAdmits, trustPrincipals, type PolicyDocument, type PolicyStatement, type TrustCaller } from '../../src/policy/index.js';

const A = '1298452580000001';
const B = '1298452580000002';
const trust = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '1', Statement });
const allowRam = (RAM: string | string[]): PolicyStatement => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM } });

const rootA: TrustCaller = { type: 'RAM', accountId: A, arn: `acs:ram::${A}:root` };
const userA: TrustCaller = { type: 'RAM', accountId: A, arn: `acs:ram::${A}:user/alice` };
const roleA: TrustCaller = { type: 'RAM', accountId: A, arn: `acs:ram::${A}:role/puller`, roleName: 'puller' };
const otherRoleA: TrustCaller = { type: 'RAM', accountId: A, arn: `acs:ram::${A}:role/other`, roleName: 'other' };
const userB: TrustCaller = { type: 'RAM', accountId: B, arn: `acs:ram::${B}:user/alice` };
const roleB: TrustCaller = { type: 'RAM', accountId: B, arn: `acs:ram::${B}:role/puller`, roleName: 'puller' };
const eci: TrustCaller = { type: 'Service', service: 'eci.aliyuncs.com' };
const ecs: TrustCaller = { type: 'Service', service: 'ecs.aliyuncs.com' };

function admitted(doc: PolicyDocument, callers: Record<string, TrustCaller>): string[] {
  return Object.entries(callers)
    .filter(([, caller]) => trustAdmits(doc, caller))
    .map(([name]) => name);
}

const everyone = { rootA, userA, roleA, otherRoleA, userB, roleB, eci, ecs };

test('root of an account admits users and role sessions of that account only', () => {
  assert.deepEqual(admitted(trust(allowRam(`acs:ram::${A}:root`)), everyone), ['rootA', 'userA', 'roleA', 'otherRoleA']);
});

test('a role ARN admits sessions of exactly that role, case-sensitively', () => {
  assert.deepEqual(admitted(trust(allowRam(`acs:ram::${A}:role/puller`)), everyone), ['roleA']);
  assert.deepEqual(admitted(trust(allowRam(`acs:ram::${A}:role/Puller`)), everyone), []);
});

test('a role session ARN as caller compares by its role', () => {
  const doc = trust(allowRam(`acs:ram::${A}:role/puller`));
  assert.equal(trustAdmits(doc, { type: 'RAM', accountId: A, arn: `acs:ram::${A}:role/puller/session-1` }), true);
  assert.equal(trustAdmits(doc, { type: 'RAM', accountId: A, arn: `acs:sts::${A}:assumed-role/puller/s` }), true);
  assert.equal(trustAdmits(doc, { type: 'RAM', accountId: A, arn: `acs:ram::${A}:role/other/session-1` }), false);
});

test('a user ARN admits exactly that user', () => {
  assert.deepEqual(admitted(trust(allowRam([`acs:ram::${A}:user/alice`])), everyone), ['userA']);
});

test('a Service principal admits only that service and never RAM callers', () => {
  const doc = trust({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['eci.aliyuncs.com'] } });
  assert.deepEqual(admitted(doc, everyone), ['eci']);
  assert.equal(trustAdmits(doc, { type: 'Service', service: 'ECI.aliyuncs.com' }), true);
});

test('a RAM principal never admits a service', () => {
  assert.deepEqual(admitted(trust(allowRam('*')), { eci, rootA, roleB }), ['rootA', 'roleB']);
});

test('Principal "*" admits everyone', () => {
  assert.deepEqual(admitted(trust({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*' }), everyone), Object.keys(everyone));
});

test('explicit Deny statements win over Allow', () => {
  const doc = trust(allowRam(`acs:ram::${A}:root`), { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: `acs:ram::${A}:user/alice` } });
  assert.deepEqual(admitted(doc, everyone), ['rootA', 'roleA', 'otherRoleA']);
});

test('statements whose Action does not cover sts:AssumeRole are ignored; wildcards and case count', () => {
  assert.deepEqual(admitted(trust({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Principal: '*' }), everyone), []);
  assert.deepEqual(admitted(trust({ Effect: 'Allow', Action: 'STS:assumerole', Principal: { Service: 'eci.aliyuncs.com' } }), everyone), ['eci']);
  assert.deepEqual(admitted(trust({ Effect: 'Allow', Action: 'sts:*', Principal: { Service: 'eci.aliyuncs.com' } }), everyone), ['eci']);
});

test('conditions gate admission and unknown operators fail closed', () => {
  const conditional = trust({ ...allowRam(`acs:ram::${A}:root`), Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } });
  assert.equal(trustAdmits(conditional, userA, { 'acs:SourceIp': '10.1.1.1' }), true);
  assert.equal(trustAdmits(conditional, userA, { 'acs:SourceIp': '192.0.2.1' }), false);
  assert.equal(trustAdmits(conditional, userA), false);
  const unknownAllow = trust({ ...allowRam(`acs:ram::${A}:root`), Condition: { StringEqualsIfExists: { k: 'v' } } });
  assert.equal(trustAdmits(unknownAllow, userA, { k: 'v' }), false);
  const unknownDeny = trust(allowRam(`acs:ram::${A}:root`), { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: '*', Condition: { Null: { k: 'true' } } });
  assert.equal(trustAdmits(unknownDeny, userA), false);
});

test('malformed principals admit no one', () => {
  const docs = [
    trust(allowRam(A)),
    trust(allowRam(`acs:ram::${A}:role/puller/session`)),
    trust({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
    trust({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Federated: `acs:ram::${A}:saml-provider/idp` } }),
    { Version: '1', Statement: 'nope' } as unknown as PolicyDocument,
  ];
  for (const doc of docs) assert.deepEqual(admitted(doc, everyone), [], JSON.stringify(doc));
});

test('trustPrincipals lists principals of Allow statements granting sts:AssumeRole, without duplicates', () => {
  const doc = trust(
    { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['eci.aliyuncs.com', 'eci.aliyuncs.com'], RAM: `acs:ram::${A}:root` } },
    { Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { RAM: [`acs:ram::${B}:role/r`, `acs:ram::${A}:root`], Federated: `acs:ram::${A}:saml-provider/idp` } },
    { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { Service: 'ecs.aliyuncs.com' } },
    { Effect: 'Allow', Action: 'sts:GetCallerIdentity', Principal: { Service: 'fc.aliyuncs.com' } },
  );
  assert.deepEqual(trustPrincipals(doc), {
    services: ['eci.aliyuncs.com'],
    ramArns: [`acs:ram::${A}:root`, `acs:ram::${B}:role/r`],
    federated: [`acs:ram::${A}:saml-provider/idp`],
    wildcard: false,
  });
});

test('trustPrincipals flags "*" principals for lints', () => {
  assert.equal(trustPrincipals(trust({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*' })).wildcard, true);
  const starRam = trustPrincipals(trust(allowRam(['*', `acs:ram::${A}:root`])));
  assert.deepEqual(starRam, { services: [], ramArns: [`acs:ram::${A}:root`], federated: [], wildcard: true });
});

test('Federated principals (issue 12): exactly the named OIDC provider, narrowed by oidc:iss/aud/sub conditions', () => {
  const provider = 'acs:ram::1000000000000001:oidc-provider/ack-rrsa-c1';
  const doc = trust({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Federated: [provider] }, Condition: { StringEquals: { 'oidc:iss': 'https://issuer/c1', 'oidc:aud': 'sts.aliyuncs.com', 'oidc:sub': 'system:serviceaccount:ns:sa' } } });
  const context = { 'oidc:iss': 'https://issuer/c1', 'oidc:aud': ['sts.aliyuncs.com'], 'oidc:sub': 'system:serviceaccount:ns:sa' };
  assert.equal(trustAdmits(doc, { type: 'Federated', provider }, context), true);
  assert.equal(trustAdmits(doc, { type: 'Federated', provider: `${provider}x` }, context), false, 'another provider');
  assert.equal(trustAdmits(doc, { type: 'Federated', provider }, { ...context, 'oidc:sub': 'system:serviceaccount:ns:other' }), false, 'another subject');
  assert.equal(trustAdmits(doc, { type: 'RAM', accountId: '1000000000000001', arn: 'acs:ram::1000000000000001:root' }), false, 'a RAM caller');
});
