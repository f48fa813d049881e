import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPolicyText, describeProblems, formatPath, POLICY_DOCUMENT_MAX_CHARS } from '../../src/policy/index.js';

const valid = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}';

test('a valid policy text yields its document', () => {
  assert.deepEqual(checkPolicyText(valid, 'permission'), { ok: true, document: JSON.parse(valid) });
});

test('text over the limit is too-long, checked before anything else', () => {
  const long = `${valid.slice(0, -1)}${' '.repeat(POLICY_DOCUMENT_MAX_CHARS)}}`;
  const result = checkPolicyText(long, 'permission');
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.reason, 'too-long');
  assert.equal(checkPolicyText(long, 'permission', Infinity).ok, true);
  assert.equal(checkPolicyText('x'.repeat(POLICY_DOCUMENT_MAX_CHARS + 1), 'permission').ok, false);
});

test('bad JSON and grammar problems are malformed, with readable paths', () => {
  const json = checkPolicyText('{', 'permission');
  assert.ok(!json.ok && json.reason === 'malformed' && /not valid JSON/.test(json.message), `bad JSON is malformed: ${JSON.stringify(json)}`);
  const grammar = checkPolicyText('{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*","Principal":"*"}]}', 'permission');
  assert.ok(!grammar.ok && grammar.reason === 'malformed', `a Principal in a permission policy is malformed: ${JSON.stringify(grammar)}`);
  if (!grammar.ok && grammar.reason === 'malformed') {
    assert.deepEqual(grammar.problems.map((p) => p.code), ['policy.principal-unexpected']);
    assert.match(grammar.message, /^Statement\[0\]\.Principal: /);
  }
  const trust = checkPolicyText(valid, 'trust');
  assert.ok(!trust.ok && trust.reason === 'malformed', `a permission policy checked as trust is malformed: ${JSON.stringify(trust)}`);
});

test('formatPath and describeProblems render paths the way users write them', () => {
  assert.equal(formatPath([]), '(document)');
  assert.equal(formatPath(['Statement', 1, 'Condition', 'StringEquals', 'acs:SourceIp', 0]), 'Statement[1].Condition.StringEquals.acs:SourceIp[0]');
  assert.equal(describeProblems([{ path: ['Version'], message: 'bad', code: 'policy.version' }]), 'Version: bad');
});
