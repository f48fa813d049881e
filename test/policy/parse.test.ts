import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POLICY_DOCUMENT_MAX_CHARS, parsePolicyJson, serialisePolicy, type PolicyDocument } from '../../src/policy/index.js';

test('parsePolicyJson returns the document for well-shaped JSON, whitespace and all', () => {
  const result = parsePolicyJson('\n{ "Version": "1",\n  "Statement": [ { "Effect": "Allow", "Action": "cr:*", "Resource": "*" } ] }\n');
  assert.deepEqual(result, { ok: true, document: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: '*' }] } });
});

test('parsePolicyJson explains bad JSON and bad outer shapes without throwing', () => {
  const cases: [string, RegExp][] = [
    ['{"Version": "1", ', /not valid JSON/],
    ['[]', /must be a JSON object/],
    ['null', /must be a JSON object/],
    ['{"Statement": []}', /"Version"/],
    ['{"Version": "1"}', /"Statement" list/],
    ['{"Version": "1", "Statement": {"Effect": "Allow"}}', /"Statement" list/],
    ['{"Version": "1", "Statement": [{}, 3]}', /Statement\[1\]/],
  ];
  for (const [text, message] of cases) {
    const result = parsePolicyJson(text);
    assert.equal(result.ok, false, text);
    if (!result.ok) assert.match(result.message, message);
  }
});

test('serialisePolicy is compact with a stable key order and keeps values as given', () => {
  const doc = {
    Statement: [{ Condition: { StringLike: { b: '2', a: ['y', 'x'] }, Bool: { c: true } }, Resource: ['z', 'a'], Action: 'cr:*', Effect: 'Allow' }],
    Version: '1',
  } as unknown as PolicyDocument;
  assert.equal(
    serialisePolicy(doc),
    '{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":["z","a"],"Condition":{"Bool":{"c":true},"StringLike":{"a":["y","x"],"b":"2"}}}]}',
  );
  const trust = { Version: '1', Statement: [{ Principal: { Service: 'eci.aliyuncs.com', RAM: 'x' }, Action: 'sts:AssumeRole', Effect: 'Allow' }] } as unknown as PolicyDocument;
  assert.equal(serialisePolicy(trust), '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"x","Service":"eci.aliyuncs.com"}}]}');
});

test('serialisePolicy output parses back to an equal document', () => {
  const doc: PolicyDocument = { Version: '1', Statement: [{ Effect: 'Deny', NotAction: ['a:b'], Resource: '*' }] };
  const parsed = parsePolicyJson(serialisePolicy(doc));
  assert.deepEqual(parsed, { ok: true, document: doc });
});

test('a __proto__ key survives serialisation as data', () => {
  const doc = JSON.parse('{"Version":"1","Statement":[],"__proto__":{"x":1}}') as PolicyDocument;
  assert.match(serialisePolicy(doc), /"__proto__":\{"x":1\}/);
});

test('the document length limit is RAM\'s 6144 characters', () => {
  assert.equal(POLICY_DOCUMENT_MAX_CHARS, 6144);
});
