import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { actionMatches, resourceMatches, wildcardMatch } from '../../src/policy/index.js';

const cases: [pattern: string, value: string, caseInsensitive: boolean, expected: boolean][] = [
  ['*', '', false, true],
  ['*', 'anything:at/all', false, true],
  ['', '', false, true],
  ['', 'x', false, false],
  ['abc', 'abc', false, true],
  ['abc', 'abcd', false, false],
  ['abc', 'ABC', false, false],
  ['abc', 'ABC', true, true],
  ['a?c', 'abc', false, true],
  ['a?c', 'ac', false, false],
  ['a?c', 'abbc', false, false],
  ['a*c', 'ac', false, true],
  ['a*c', 'abbbc', false, true],
  ['a*c', 'abbbd', false, false],
  ['*b*', 'abc', false, true],
  ['a*b*c', 'axxbyyc', false, true],
  ['a*b*c', 'axxcyyb', false, false],
  ['cr:Pull*', 'cr:PullRepository', false, true],
  ['cr:pull*', 'cr:PullRepository', true, true],
  ['??', 'ab', false, true],
  ['??', 'a', false, false],
  ['a**', 'a', false, true],
  ['*.aliyuncs.com', 'eci.aliyuncs.com', false, true],
];

test('wildcardMatch: * matches any run, ? exactly one character, case per flag', () => {
  for (const [pattern, value, ci, expected] of cases) {
    assert.equal(wildcardMatch(pattern, value, ci), expected, `${pattern} vs ${value} (ci=${ci})`);
  }
});

// A backtracking matcher needs ~3000^30 steps here and never returns; the runner's timeout turns
// that hang into a failure without this test measuring speed itself.
test('wildcardMatch answers patterns that make naive regexes backtrack', { timeout: 30_000 }, () => {
  const pattern = `${'*a'.repeat(30)}b`;
  const value = 'a'.repeat(3000);
  assert.equal(wildcardMatch(pattern, value, false), false);
  assert.equal(wildcardMatch(`${'*a'.repeat(30)}`, value, false), true);
});

test('actions match case-insensitively', () => {
  assert.ok(actionMatches('CR:pullrepository', 'cr:PullRepository'), 'the service and action name ignore case');
  assert.ok(actionMatches('cr:*', 'CR:GetRepository'), 'cr:* matches an action of another case');
  assert.ok(!actionMatches('cr:Get*', 'cr:PullRepository'), 'cr:Get* does not match cr:PullRepository');
});

test('resources match case-sensitively except the acs: prefix and service', () => {
  const arn = 'acs:cr:cn-hangzhou:1234567890123456:repository/cri-1/acme/app';
  assert.ok(resourceMatches('acs:CR:cn-hangzhou:1234567890123456:repository/cri-1/acme/app', arn), 'the service part of a resource ignores case');
  assert.ok(resourceMatches('ACS:cr:*:*:repository/cri-1/*', arn), 'the acs: prefix ignores case');
  assert.ok(!resourceMatches('acs:cr:*:*:repository/cri-1/ACME/*', arn), 'the resource path is case-sensitive');
  assert.ok(!resourceMatches('acs:cr:CN-HANGZHOU:*:repository/*', arn), 'the region part is case-sensitive');
  assert.ok(resourceMatches('*', arn), '* matches any resource');
});

test('wildcardMatch agrees with an anchored regular expression on small alphabets', () => {
  const toRegex = (pattern: string, flags: string): RegExp =>
    new RegExp(`^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, flags);
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('a', 'B', '*', '?', ':', '.'), maxLength: 8 }),
      fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', ':', '.'), maxLength: 10 }),
      fc.boolean(),
      (pattern, value, ci) => {
        assert.equal(wildcardMatch(pattern, value, ci), toRegex(pattern, ci ? 'is' : 's').test(value), `${pattern} vs ${value}`);
      },
    ),
    { numRuns: 500 },
  );
});
