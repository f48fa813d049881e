import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCondition, type RequestContext } from '../../src/policy/index.js';

type Row = [operator: string, policyValue: unknown, contextValue: RequestContext[string], expected: 'true' | 'false' | 'unsupported'];

function check(rows: Row[]): void {
  for (const [operator, policyValue, contextValue, expected] of rows) {
    const context: RequestContext = contextValue === undefined ? {} : { k: contextValue };
    const { outcome } = evaluateCondition({ [operator]: { k: policyValue } }, context);
    assert.equal(outcome, expected, `${operator} ${JSON.stringify(policyValue)} vs ${JSON.stringify(contextValue)}`);
  }
}

test('String operators: exact, ignore-case, like and their negations', () => {
  check([
    ['StringEquals', 'abc', 'abc', 'true'],
    ['StringEquals', 'abc', 'ABC', 'false'],
    ['StringEquals', ['x', 'abc'], 'abc', 'true'],
    ['StringEquals', 'abc', ['zzz', 'abc'], 'true'],
    ['StringEquals', 'a*', 'abc', 'false'],
    ['StringNotEquals', 'abc', 'abd', 'true'],
    ['StringNotEquals', ['abd', 'abc'], 'abc', 'false'],
    ['StringEqualsIgnoreCase', 'abc', 'ABC', 'true'],
    ['StringNotEqualsIgnoreCase', 'abc', 'ABC', 'false'],
    ['StringNotEqualsIgnoreCase', 'abc', 'ABD', 'true'],
    ['StringLike', 'reconciler/*', 'reconciler/1.0', 'true'],
    ['StringLike', 'a?c', 'abc', 'true'],
    ['StringLike', 'a?c', 'ABC', 'false'],
    ['StringNotLike', 'a*', 'abc', 'false'],
    ['StringNotLike', 'a*', 'bcd', 'true'],
    ['StringEquals', 5, '5', 'true'],
    ['StringEquals', true, 'true', 'true'],
  ]);
});

test('Numeric operators compare numbers, parsing strings on both sides', () => {
  check([
    ['NumericEquals', 5, 5, 'true'],
    ['NumericEquals', '5.0', '5', 'true'],
    ['NumericNotEquals', 5, 6, 'true'],
    ['NumericNotEquals', 5, 5, 'false'],
    ['NumericLessThan', 5, 4, 'true'],
    ['NumericLessThan', 5, 5, 'false'],
    ['NumericLessThanEquals', 5, 5, 'true'],
    ['NumericGreaterThan', 5, 6, 'true'],
    ['NumericGreaterThan', 5, 5, 'false'],
    ['NumericGreaterThanEquals', 5, 5, 'true'],
    ['NumericEquals', 5, 'five', 'false'],
    ['NumericEquals', 'five', 5, 'unsupported'],
  ]);
});

test('Date operators compare instants, ISO 8601 or epoch seconds, across time zones', () => {
  check([
    ['DateEquals', '2026-01-01T08:00:00+08:00', '2026-01-01T00:00:00Z', 'true'],
    ['DateNotEquals', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 'true'],
    ['DateLessThan', '2026-06-01T00:00:00Z', '2026-01-01T00:00:00Z', 'true'],
    ['DateLessThan', '2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z', 'false'],
    ['DateLessThanEquals', '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z', 'true'],
    ['DateGreaterThan', '2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z', 'true'],
    ['DateGreaterThanEquals', 1780272000, '2026-06-01T00:00:00Z', 'true'],
    ['DateGreaterThan', '2026-06-01T00:00:00Z', 'not a date', 'false'],
    ['DateGreaterThan', 'tomorrow', '2026-06-01T00:00:00Z', 'unsupported'],
  ]);
});

test('Bool compares true/false, as booleans or strings', () => {
  check([
    ['Bool', 'true', true, 'true'],
    ['Bool', true, 'TRUE', 'true'],
    ['Bool', 'false', true, 'false'],
    ['Bool', false, 'false', 'true'],
    ['Bool', 'true', 'yes', 'false'],
    ['Bool', 'maybe', true, 'unsupported'],
  ]);
});

test('IpAddress and NotIpAddress test CIDR membership for IPv4 and IPv6', () => {
  check([
    ['IpAddress', '10.0.0.0/8', '10.20.30.40', 'true'],
    ['IpAddress', '10.0.0.0/8', '11.0.0.1', 'false'],
    ['IpAddress', ['192.0.2.0/24', '10.0.0.0/8'], '192.0.2.77', 'true'],
    ['IpAddress', '192.0.2.7', '192.0.2.7', 'true'],
    ['IpAddress', '192.0.2.7', '192.0.2.8', 'false'],
    ['IpAddress', '2001:db8::/32', '2001:db8::1', 'true'],
    ['IpAddress', '2001:db8::/32', '2001:db9::1', 'false'],
    ['IpAddress', '10.0.0.0/8', 'not-an-ip', 'false'],
    ['IpAddress', '0.0.0.0/0', '203.0.113.9', 'true'],
    ['NotIpAddress', '10.0.0.0/8', '11.0.0.1', 'true'],
    ['NotIpAddress', '10.0.0.0/8', '10.0.0.1', 'false'],
    ['IpAddress', '10.0.0.0/40', '10.0.0.1', 'unsupported'],
  ]);
});

test('a missing context key makes every operator false, negated ones included', () => {
  const operators = ['StringEquals', 'StringNotEquals', 'StringNotLike', 'StringNotEqualsIgnoreCase', 'NumericNotEquals', 'DateNotEquals', 'Bool', 'NotIpAddress'];
  const values: Record<string, unknown> = { NumericNotEquals: 1, DateNotEquals: '2026-01-01T00:00:00Z', Bool: 'true', NotIpAddress: '10.0.0.0/8' };
  check(operators.map((op): Row => [op, values[op] ?? 'x', undefined, 'false']));
  check([['StringNotEquals', 'x', [], 'false']]);
});

test('multi-valued context keys: positive operators need one match, negated ones need none', () => {
  check([
    ['StringEquals', ['a', 'b'], ['x', 'b'], 'true'],
    ['StringEquals', ['a', 'b'], ['x', 'y'], 'false'],
    ['StringNotEquals', ['a', 'b'], ['x', 'y'], 'true'],
    ['StringNotEquals', ['a', 'b'], ['x', 'a'], 'false'],
    ['StringNotLike', 'a*', ['b1', 'a1'], 'false'],
    ['IpAddress', '10.0.0.0/8', ['192.0.2.1', '10.0.0.1'], 'true'],
    ['NotIpAddress', '10.0.0.0/8', ['192.0.2.1', '10.0.0.1'], 'false'],
  ]);
});

test('an IPv4-mapped IPv6 source address matches an IPv4 block', () => {
  check([['IpAddress', '10.0.0.0/8', '::ffff:10.1.2.3', 'true']]);
});

test('context keys match case-insensitively', () => {
  const { outcome } = evaluateCondition({ IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, { 'ACS:sourceip': '10.0.0.1' });
  assert.equal(outcome, 'true');
});

test('operators AND together, keys within an operator AND, values OR', () => {
  const condition = { StringEquals: { a: ['1', '2'], b: '3' }, Bool: { c: 'true' } };
  assert.equal(evaluateCondition(condition, { a: '2', b: '3', c: true }).outcome, 'true');
  assert.equal(evaluateCondition(condition, { a: '2', b: '4', c: true }).outcome, 'false');
  assert.equal(evaluateCondition(condition, { a: '2', b: '3', c: false }).outcome, 'false');
});

test('unknown operators are unsupported and named; a false part still decides', () => {
  assert.deepEqual(evaluateCondition({ 'ForAnyValue:StringEquals': { k: 'v' } }, { k: 'v' }), {
    outcome: 'unsupported',
    unsupported: ['condition operator "ForAnyValue:StringEquals"'],
  });
  assert.equal(evaluateCondition({ Null: { k: 'true' }, StringEquals: { k: 'x' } }, { k: 'y' }).outcome, 'false');
  assert.equal(evaluateCondition('nonsense', {}).outcome, 'unsupported');
  assert.equal(evaluateCondition(undefined, {}).outcome, 'true');
});
