import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePolicies, type PolicyDocument, type PolicyStatement } from '../../src/policy/index.js';

const UID = '1298452580000001';
const REPO = `acs:cr:cn-hangzhou:${UID}:repository/cri-1/acme/app`;
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '1', Statement });
const pull = { action: 'cr:PullRepository', resource: REPO };

test('no policies, or none that match, is an implicit deny', () => {
  assert.equal(evaluatePolicies([], pull).decision, 'ImplicitDeny');
  assert.equal(evaluatePolicies([doc({ Effect: 'Allow', Action: 'cr:Get*', Resource: '*' })], pull).decision, 'ImplicitDeny');
  assert.equal(evaluatePolicies([doc({ Effect: 'Allow', Action: 'cr:*', Resource: `acs:cr:*:*:repository/cri-2/*` })], pull).decision, 'ImplicitDeny');
});

test('Action and Resource with wildcards, strings or lists allow', () => {
  const allowing: PolicyStatement[] = [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Allow', Action: 'cr:Pull*', Resource: REPO },
    { Effect: 'Allow', Action: ['cr:Get*', 'CR:PULLREPOSITORY'], Resource: ['acs:cr:*:*:instance/*', 'acs:cr:*:*:repository/cri-1/*'] },
    { Effect: 'Allow', Action: 'cr:Pull?epository', Resource: `acs:cr:cn-*:${UID}:repository/cri-1/acme/ap?` },
  ];
  for (const statement of allowing) assert.equal(evaluatePolicies([doc(statement)], pull).decision, 'Allow', JSON.stringify(statement));
});

test('resource names are case-sensitive', () => {
  const upper = doc({ Effect: 'Allow', Action: 'cr:*', Resource: `acs:cr:*:*:repository/cri-1/ACME/app` });
  assert.equal(evaluatePolicies([upper], pull).decision, 'ImplicitDeny');
});

test('NotAction allows every action except those listed', () => {
  const policy = doc({ Effect: 'Allow', NotAction: ['cr:Delete*', 'ram:*'], Resource: '*' });
  assert.equal(evaluatePolicies([policy], pull).decision, 'Allow');
  assert.equal(evaluatePolicies([policy], { action: 'cr:DeleteRepository', resource: REPO }).decision, 'ImplicitDeny');
  assert.equal(evaluatePolicies([policy], { action: 'RAM:CreateRole', resource: '*' }).decision, 'ImplicitDeny');
});

test('an explicit Deny wins over Allow, in any order and across documents', () => {
  const allow = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
  const deny = doc({ Effect: 'Deny', Action: 'cr:PullRepository', Resource: 'acs:cr:*:*:repository/*' });
  assert.equal(evaluatePolicies([allow, deny], pull).decision, 'ExplicitDeny');
  assert.equal(evaluatePolicies([deny, allow], pull).decision, 'ExplicitDeny');
  assert.equal(evaluatePolicies([doc(deny.Statement[0]!, allow.Statement[0]!)], pull).decision, 'ExplicitDeny');
  assert.equal(evaluatePolicies([allow, deny], { action: 'cr:GetRepository', resource: REPO }).decision, 'Allow');
});

test('a Deny with NotAction denies everything but the listed actions', () => {
  const policies = [
    doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    doc({ Effect: 'Deny', NotAction: 'cr:Get*', Resource: '*' }),
  ];
  assert.equal(evaluatePolicies(policies, pull).decision, 'ExplicitDeny');
  assert.equal(evaluatePolicies(policies, { action: 'cr:GetRepository', resource: REPO }).decision, 'Allow');
});

test('NotResource never matches and is reported, for Allow and for Deny', () => {
  const allowNot = { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', NotResource: 'acs:ram:*:*:*' }] } as unknown as PolicyDocument;
  const result = evaluatePolicies([allowNot], pull);
  assert.deepEqual(result, { decision: 'ImplicitDeny', unsupported: ['NotResource'] });
  const denyNot = { Version: '1', Statement: [{ Effect: 'Deny', Action: '*', NotResource: 'acs:ram:*:*:*' }] } as unknown as PolicyDocument;
  const both = evaluatePolicies([doc({ Effect: 'Allow', Action: '*', Resource: '*' }), denyNot], pull);
  assert.deepEqual(both, { decision: 'Allow', unsupported: ['NotResource'] });
});

test('a statement without Resource, or malformed statements, match nothing', () => {
  const malformed = {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: '*' },
      { Effect: 'Allow', Action: '*', NotAction: 'x:y', Resource: '*' },
      { Effect: 'allow', Action: '*', Resource: '*' },
      { Effect: 'Allow', Resource: '*' },
      'garbage',
      { Effect: 'Allow', Action: [1], Resource: '*' },
    ],
  } as unknown as PolicyDocument;
  assert.deepEqual(evaluatePolicies([malformed], pull), { decision: 'ImplicitDeny', unsupported: [] });
});

test('conditions gate the statement; a failing condition on a Deny lets the Allow through', () => {
  const policies = [
    doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'acs:SecureTransport': 'true' } } }),
    doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } }),
  ];
  assert.equal(evaluatePolicies(policies, { ...pull, context: { 'acs:SecureTransport': true, 'acs:SourceIp': '10.1.2.3' } }).decision, 'Allow');
  assert.equal(evaluatePolicies(policies, { ...pull, context: { 'acs:SecureTransport': true, 'acs:SourceIp': '192.0.2.1' } }).decision, 'ExplicitDeny');
  assert.equal(evaluatePolicies(policies, { ...pull, context: { 'acs:SecureTransport': 'false', 'acs:SourceIp': '10.1.2.3' } }).decision, 'ImplicitDeny');
});

test('an unsupported operator fails closed: Allow does not match, Deny applies, both reported', () => {
  const allowIfExists = doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEqualsIfExists: { 'acs:x': 'y' } } });
  assert.deepEqual(evaluatePolicies([allowIfExists], { ...pull, context: { 'acs:x': 'y' } }), {
    decision: 'ImplicitDeny',
    unsupported: ['condition operator "StringEqualsIfExists"'],
  });
  const allowAll = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
  const denyNull = doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'acs:x': 'true' } } });
  assert.deepEqual(evaluatePolicies([allowAll, denyNull], pull), { decision: 'ExplicitDeny', unsupported: ['condition operator "Null"'] });
});

test('a Deny with an unsupported operator still does not apply when another condition is false', () => {
  const policies = [
    doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { k: 'true' }, StringEquals: { 'acs:x': 'deny-me' } } }),
  ];
  assert.equal(evaluatePolicies(policies, { ...pull, context: { 'acs:x': 'other' } }).decision, 'Allow');
  assert.equal(evaluatePolicies(policies, { ...pull, context: { 'acs:x': 'deny-me' } }).decision, 'ExplicitDeny');
});

test('the evaluator does not mutate the documents', () => {
  const policy = doc({ Effect: 'Allow', Action: ['cr:B', 'cr:A'], Resource: '*', Condition: { StringEquals: { k: ['b', 'a'] } } });
  const before = JSON.stringify(policy);
  evaluatePolicies([policy], { ...pull, context: { k: 'a' } });
  assert.equal(JSON.stringify(policy), before);
});

test('unsupported features are listed once however often they are met', () => {
  const statement = { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Null: { k: 'true' } } } as unknown as PolicyStatement;
  const result = evaluatePolicies([doc(statement, statement), doc(statement)], pull);
  assert.deepEqual(result, { decision: 'ImplicitDeny', unsupported: ['condition operator "Null"'] });
});

test('statements whose Action or Resource do not match report nothing unsupported', () => {
  const other = { Effect: 'Deny', Action: 'ram:*', Resource: '*', Condition: { Null: { k: 'true' } } } as unknown as PolicyStatement;
  assert.deepEqual(evaluatePolicies([doc(other)], pull), { decision: 'ImplicitDeny', unsupported: [] });
});
