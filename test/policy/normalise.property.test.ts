import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson, checkPolicyGrammar, evaluatePolicies, normalisePolicy, policiesEquivalent, serialisePolicy, trustAdmits, trustPrincipals, type PolicyDocument } from '../../src/policy/index.js';

const RUNS = { numRuns: 300 };

// Arbitrary JSON-ish values, with a bias towards policy-shaped objects so deep paths get exercised.
const policyKey = fc.constantFrom('Version', 'Statement', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Condition', 'RAM', 'Service', 'StringEquals', 'Bool', 'IpAddress', 'k', '__proto__', 'constructor');
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(policyKey, fc.string()), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const item = fc.constantFrom('cr:Get*', 'cr:PullRepository', 'CR:PULLREPOSITORY', 'sts:AssumeRole', '*', 'acs:cr:*:*:repository/x/*', 'acs:ram::1298452580000001:root');
const setValue = fc.oneof(item, fc.array(item, { minLength: 1, maxLength: 4 }));
const statement = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: setValue,
    Resource: setValue,
    Principal: fc.oneof(fc.constant('*'), fc.record({ RAM: setValue, Service: setValue }, { requiredKeys: [] })),
    Condition: fc.record({ StringEquals: fc.dictionary(fc.constantFrom('a', 'b'), setValue, { minKeys: 1 }) }),
  },
  { requiredKeys: ['Effect', 'Action'] },
);
const policy = fc.record({ Version: fc.constant('1'), Statement: fc.array(statement, { minLength: 1, maxLength: 4 }) });

function shuffleSets(doc: { Version: string; Statement: Record<string, unknown>[] }, seed: number): PolicyDocument {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const shuffle = <T>(list: T[]): T[] => [...list].map((v) => [random(), v] as const).sort((x, y) => x[0] - y[0]).map(([, v]) => v);
  const shuffleValue = (value: unknown): unknown => {
    if (typeof value === 'string') return random() < 0.5 ? value : [value, value];
    return Array.isArray(value) ? shuffle([...value, value[0]]) : value;
  };
  const statements = doc.Statement.map((s) => {
    const copy: Record<string, unknown> = {};
    for (const key of shuffle(Object.keys(s))) copy[key] = ['Action', 'Resource'].includes(key) ? shuffleValue(s[key]) : s[key];
    if (typeof s.Principal === 'object' && s.Principal !== null) {
      copy.Principal = Object.fromEntries(Object.entries(s.Principal).map(([k, v]) => [k, shuffleValue(v)]));
    }
    return copy;
  });
  const withDuplicate = statements.length > 0 && random() < 0.5 ? [...statements, statements[0]] : statements;
  return { Statement: shuffle(withDuplicate), Version: doc.Version } as unknown as PolicyDocument;
}

test('normalisation, comparison, grammar and evaluation never throw on arbitrary JSON-ish input', () => {
  fc.assert(
    fc.property(jsonish, jsonish, (a, b) => {
      const x = a as unknown as PolicyDocument;
      const y = b as unknown as PolicyDocument;
      normalisePolicy(x);
      policiesEquivalent(x, y);
      serialisePolicy(x);
      checkPolicyGrammar(x, 'permission');
      checkPolicyGrammar(x, 'trust');
      evaluatePolicies([x, y], { action: 'cr:PullRepository', resource: '*', context: { k: 'v' } });
      trustAdmits(x, { type: 'RAM', accountId: '1298452580000001', arn: 'acs:ram::1298452580000001:root' });
      trustPrincipals(x);
    }),
    RUNS,
  );
});

function nodeExists(root: unknown, path: (string | number)[]): boolean {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return true;
}

test('every grammar problem path names a node that exists in the document', () => {
  fc.assert(
    fc.property(fc.oneof(jsonish, policy, statement.map((s) => ({ Version: '1', Statement: [s] }))), fc.constantFrom('permission', 'trust') as fc.Arbitrary<'permission' | 'trust'>, (doc, kind) => {
      for (const problem of checkPolicyGrammar(doc, kind)) {
        assert.ok(nodeExists(doc, problem.path), `${problem.code} ${JSON.stringify(problem.path)}`);
        assert.match(problem.code, /^policy\.[a-z-]+$/);
      }
    }),
    RUNS,
  );
});

test('normalisation is idempotent and leaves its input untouched', () => {
  fc.assert(
    fc.property(fc.oneof(jsonish, policy), (value) => {
      const before = canonicalJson(value);
      const once = normalisePolicy(value as unknown as PolicyDocument);
      assert.equal(canonicalJson(normalisePolicy(once)), canonicalJson(once));
      assert.equal(canonicalJson(value), before);
    }),
    RUNS,
  );
});

test('documents stay equivalent under shuffled set arrays, key order, duplicates and statement order', () => {
  fc.assert(
    fc.property(policy, fc.integer(), (doc, seed) => {
      const shuffled = shuffleSets(doc, seed);
      assert.ok(policiesEquivalent(doc as PolicyDocument, shuffled), `reordered sets stay equivalent: ${JSON.stringify(doc)}`);
    }),
    RUNS,
  );
});

test('equivalent documents evaluate the same', () => {
  const requests = [
    { action: 'cr:PullRepository', resource: 'acs:cr:*:*:repository/x/y', context: { a: 'cr:Get*', b: '*' } },
    { action: 'sts:AssumeRole', resource: '*', context: {} },
  ];
  fc.assert(
    fc.property(policy, fc.integer(), (doc, seed) => {
      const shuffled = shuffleSets(doc, seed);
      for (const request of requests) {
        assert.deepEqual(evaluatePolicies([shuffled], request).decision, evaluatePolicies([doc as PolicyDocument], request).decision);
        assert.deepEqual(evaluatePolicies([normalisePolicy(doc as PolicyDocument)], request).decision, evaluatePolicies([doc as PolicyDocument], request).decision);
      }
    }),
    RUNS,
  );
});
