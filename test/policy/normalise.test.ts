import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RAM_RETURNED_TRUST } from '../helpers/ram-document-sample.js';
import { normalisePolicy, parsePolicyJson, policiesEquivalent, type PolicyDocument } from '../../src/policy/index.js';

const UID = '1298452580000001';
const d = (value: unknown): PolicyDocument => value as PolicyDocument;

const equivalent: [name: string, a: unknown, b: unknown][] = [
  [
    'key order and whitespace',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: '*' }] },
    JSON.parse('{ "Statement" : [ { "Resource":"*", "Action" : "cr:*", "Effect":"Allow" } ], "Version":"1" }'),
  ],
  [
    'string versus one-element list',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: '*', Condition: { StringEquals: { k: 'v' } } }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:*'], Resource: ['*'], Condition: { StringEquals: { k: ['v'] } } }] },
  ],
  [
    'order and duplicates of Action, Resource and condition values',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: ['a:x', 'b:y'], Resource: ['r:1', 'r:2'], Condition: { StringEquals: { k: ['1', '2'] } } }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: ['b:y', 'a:x', 'b:y'], Resource: ['r:2', 'r:1', 'r:1'], Condition: { StringEquals: { k: ['2', '1', '2'] } } }] },
  ],
  [
    'action case',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:PullRepository', Resource: '*' }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'CR:pullrepository', Resource: '*' }] },
  ],
  [
    'NotAction order and case',
    { Version: '1', Statement: [{ Effect: 'Deny', NotAction: ['ram:*', 'cr:Get*'], Resource: '*' }] },
    { Version: '1', Statement: [{ Effect: 'Deny', NotAction: ['CR:GET*', 'ram:*'], Resource: '*' }] },
  ],
  [
    'service part of resource ARNs',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: `acs:CR:*:${UID}:instance/cri-1` }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: `acs:cr:*:${UID}:instance/cri-1` }] },
  ],
  [
    'statement order and duplicate statements',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:x', Resource: '*' }, { Effect: 'Deny', Action: 'b:y', Resource: '*' }] },
    { Version: '1', Statement: [{ Effect: 'Deny', Action: 'b:y', Resource: '*' }, { Effect: 'Allow', Action: 'a:x', Resource: '*' }, { Resource: '*', Action: ['a:x'], Effect: 'Allow' }] },
  ],
  [
    'principal lists, their order, duplicates and service-name case',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'eci.aliyuncs.com', RAM: [`acs:ram::${UID}:root`, `acs:ram::${UID}:role/a`] } }] },
    { Version: '1', Statement: [{ Principal: { RAM: [`acs:ram::${UID}:role/a`, `acs:ram::${UID}:root`, `acs:ram::${UID}:root`], Service: ['ECI.aliyuncs.com'] }, Action: ['sts:assumerole'], Effect: 'Allow' }] },
  ],
  [
    'condition operator and key order',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*', Condition: { Bool: { x: 'true' }, StringEquals: { b: '1', a: '2' } } }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*', Condition: { StringEquals: { a: '2', b: '1' }, Bool: { x: 'true' } } }] },
  ],
];

for (const [name, a, b] of equivalent) {
  test(`equivalent: ${name}`, () => {
    assert.equal(policiesEquivalent(d(a), d(b)), true);
    assert.deepEqual(normalisePolicy(d(a)), normalisePolicy(d(b)));
  });
}

const different: [name: string, a: unknown, b: unknown][] = [
  [
    'Effect',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }] },
    { Version: '1', Statement: [{ Effect: 'Deny', Action: 'a:b', Resource: '*' }] },
  ],
  [
    'Action versus NotAction',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }] },
    { Version: '1', Statement: [{ Effect: 'Allow', NotAction: 'a:b', Resource: '*' }] },
  ],
  [
    'resource-ID case',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: 'acs:cr:*:*:repository/cri-1/Acme/*' }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: 'acs:cr:*:*:repository/cri-1/acme/*' }] },
  ],
  [
    'role-name case in a principal',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: `acs:ram::${UID}:role/Puller` } }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: `acs:ram::${UID}:role/puller` } }] },
  ],
  [
    'condition value case',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*', Condition: { StringEquals: { k: 'V' } } }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*', Condition: { StringEquals: { k: 'v' } } }] },
  ],
  [
    'an extra statement',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }, { Effect: 'Allow', Action: 'a:c', Resource: '*' }] },
  ],
  [
    'Version',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }] },
    { Version: '2', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }] },
  ],
  [
    'an unknown key is kept, so it shows as a change',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }] },
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*', Sid: 'x' }] },
  ],
];

for (const [name, a, b] of different) {
  test(`different: ${name}`, () => {
    assert.equal(policiesEquivalent(d(a), d(b)), false);
  });
}

test('normalisePolicy does not mutate its input', () => {
  const doc = { Version: '1', Statement: [{ Effect: 'Allow', Action: ['B:y', 'a:x'], Resource: 'r:1', Condition: { StringEquals: { k: ['2', '1'] } } }, { Effect: 'Deny', Action: 'a:x', Resource: '*' }] };
  const before = structuredClone(doc);
  const normal = normalisePolicy(d(doc));
  assert.deepEqual(doc, before);
  assert.notEqual(normal.Statement, doc.Statement);
});

test('the normal form lists set values, lower-cases actions and sorts statements', () => {
  const doc = d({ Statement: [{ Resource: 'r:1', Action: ['B:y', 'a:x'], Effect: 'Allow' }, { Effect: 'Allow', Action: 'a:a', Resource: '*' }], Version: '1' });
  assert.deepEqual(normalisePolicy(doc), {
    Statement: [
      { Action: ['a:a'], Effect: 'Allow', Resource: ['*'] },
      { Action: ['a:x', 'b:y'], Effect: 'Allow', Resource: ['r:1'] },
    ],
    Version: '1',
  });
});

// Issue 11 (Deliver 3): RAM answers with its own serialisation (keys sorted, 4-space indentation,
// closing brackets on the last member's line: the sample in pulumi/pulumi-alicloud#1176). The text
// sample is written out by hand, not produced by the emulator, so the two cannot share a mistake.
test('D3: the same trust document sent compact, pretty-printed and as RAM re-serialises it compares equal', () => {
  const compact = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":["mmm"]},"Condition":{"StringEquals":{"oidc:aud":"sts.aliyuncs.com","oidc:iss":["xxx"],"oidc:sub":"yyy"}}}]}';
  const pretty = JSON.stringify(JSON.parse(compact), null, 2);
  const asRam = RAM_RETURNED_TRUST;
  const parsed = [compact, pretty, asRam].map((text) => parsePolicyJson(text));
  const documents = parsed.map((result) => {
    assert.ok(result.ok, `every formatting parses: ${result.ok ? '' : result.message}`);
    return result.document;
  });
  assert.notEqual(compact, asRam);
  assert.ok(policiesEquivalent(documents[0] as PolicyDocument, documents[1] as PolicyDocument), 'compact = pretty');
  assert.ok(policiesEquivalent(documents[0] as PolicyDocument, documents[2] as PolicyDocument), 'compact = RAM form');
  assert.ok(policiesEquivalent(documents[1] as PolicyDocument, documents[2] as PolicyDocument), 'pretty = RAM form');
});
