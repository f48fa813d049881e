import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Document, parseAllDocuments, type ToStringOptions } from 'yaml';
import { fastParse } from '../../src/manifests/fast-yaml.js';
import { scanSimpleYaml } from '../../src/manifests/simple-yaml.js';
import { parserAvoidsEnv } from '../../src/manifests/yaml-parser.js';
import { treeOf } from '../../src/manifests/tree.js';

/**
 * The fast path either declines, or agrees with the yaml library on values AND positions. Checked
 * for fastParse as a whole and for its first tier, the line scanner, on its own (`scanned` counts
 * how often the scanner took the text, so a property test can tell it was exercised).
 */
const scanned = { fast: 0, all: 0 };
function differential(text: string): 'fast' | 'fallback' {
  scanned.all += 1;
  // yaml's reading of the text is the reference for both parsers: made once, when the first needs it.
  let reference: unknown[] | undefined;
  const expected = () => (reference ??= yamlReading(text));
  if (differentialOf(scanSimpleYaml, text, expected) === 'fast') scanned.fast += 1;
  return differentialOf(fastParse, text, expected);
}

function differentialOf(parse: (text: string) => unknown[] | undefined, text: string, expected: () => unknown[] = () => yamlReading(text)): 'fast' | 'fallback' {
  const fast = parse(text);
  if (fast === undefined) return 'fallback';
  assert.deepEqual(fast, expected(), JSON.stringify(text));
  return 'fast';
}

/** The documents the yaml library reads, with values and positions; it must report no problem. */
function yamlReading(text: string): unknown[] {
  const docs = Array.from(parseAllDocuments(text));
  for (const d of docs) {
    assert.deepEqual([...d.errors, ...d.warnings].map((e) => e.message), [], `yaml reports problems the fast path accepted in ${JSON.stringify(text)}`);
  }
  return docs
    .map((d, index) => ({ index, d }))
    .filter(({ d }) => treeOf(d.contents) !== null)
    .map(({ index, d }) => ({ index, value: d.toJS(), tree: treeOf(d.contents) }));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));
}

test('the fast path takes the example manifests and agrees with yaml on them', () => {
  for (const file of yamlFiles('manifests/examples')) assert.equal(differential(readFileSync(file, 'utf8')), 'fast', file);
});

test('the fast path declines anchors, aliases, tags, directives, explicit keys and duplicate keys', () => {
  for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '%YAML 1.2\n---\na: 1\n', '? a\n: 1\n', 'a: 1\na: 2\n', 'a: [b: 1]\n', '"a\n b": 1\n']) {
    assert.equal(differential(text), 'fallback', text);
  }
});

test('the fast path agrees on scalars of every core type, block scalars, comments and empty documents', () => {
  const text = '# head\n---\nn: ~\nb: true\ni: 0x1F\nf: .5\nneg: -3\ne: 1e3\ns: "q\\tx"\nsq: \'it\'\'s\'\nlit: |\n  two\n  lines\nfold: >-\n  a\n  b\nempty:\nlist:\n  -\n  - x # c\n---\n---\nflow: {a: [1, "2", {c: d}], e: f, }\n...\n';
  assert.equal(differential(text), 'fast');
});

const key = fc.oneof(fc.constantFrom('apiVersion', 'kind', 'spec', 'a b', 'x:y', '#', '- k', 'true', '1', ''), fc.string({ maxLength: 6 }));
const scalarValue = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('0x10', '1e3', '.inf', 'null', 'Yes', '~', '- a', 'a: b', '#x', '"q"', "'", '|', '>'));
const data = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalarValue, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
})).v;
const styles = fc.record({
  collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  indent: fc.integer({ min: 1, max: 4 }),
  lineWidth: fc.constantFrom(0, 20, 80),
}) as fc.Arbitrary<ToStringOptions>;

test('differential: stringified data in every style parses the same on both paths', () => {
  fc.assert(fc.property(fc.array(data, { minLength: 1, maxLength: 3 }), styles, (docs, options) => void differential(docs.map((d) => new Document(d).toString(options)).join('---\n'))), { numRuns: 400 });
});

test('differential: mutated manifests (deleted, inserted or re-indented characters) never fool the fast path', () => {
  const base = yamlFiles('manifests/examples').map((f) => readFileSync(f, 'utf8'));
  const mutation = fc.record({ file: fc.nat(base.length - 1), at: fc.nat(4000), del: fc.nat(3), insert: fc.constantFrom('', ' ', '  ', '\n', '\t', '-', ':', '#', '"', "'", '{', '}', '[', ']', ',', '&a ', '*a', '? ', '|', '---\n') });
  fc.assert(
    fc.property(mutation, ({ file, at, del, insert }) => {
      const text = base[file] as string;
      const i = at % (text.length + 1);
      void differential(text.slice(0, i) + insert + text.slice(i + del));
    }),
    { numRuns: 1500 },
  );
});

test('differential: arbitrary short texts', () => {
  const chars = fc.constantFrom('a', 'b', ' ', '  ', '\n', ':', '-', '#', '"', "'", '{', '}', '[', ']', ',', '?', '|', '>', '&', '*', '!', '1', '.', '\r', 'true', '~');
  fc.assert(fc.property(fc.array(chars, { maxLength: 40 }), (parts) => void differential(parts.join(''))), { numRuns: 3000 });
});

test('issue 17: the fast path reads no environment variable while it parses (no process.env swap needed)', () => {
  assert.ok(parserAvoidsEnv, "yaml's browser-build Parser was not found: the fast path falls back to the env-reading one");
  const env = process.env;
  let reads = 0;
  // Only the test swaps process.env, to count reads; src never assigns it (next test).
  process.env = new Proxy(env, { get: (target, key) => ((reads += 1), Reflect.get(target, key)) });
  try {
    assert.notEqual(fastParse('a: 1\nb: [x, y]\n---\nc: {d: e}\n'), undefined, 'plain documents take the fast path');
  } finally {
    process.env = env;
  }
  assert.equal(reads, 0);
});

test('issue 17: no file of src assigns to process.env', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  const assigning = /process\.env(\.[\w$]+|\[[^\]]+\])?\s*(=(?!=)|\+=)|delete\s+process\.env|Object\.assign\(\s*process\.env/;
  const offenders = files('src').filter((f) => assigning.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('A5: the line scanner takes the example manifests and the benchmark documents whole, and agrees with yaml', () => {
  for (const file of yamlFiles('manifests/examples')) assert.equal(differentialOf(scanSimpleYaml, readFileSync(file, 'utf8')), 'fast', file);
  const H = 'apiVersion: eci-acr-reconciler/v1alpha1\n';
  const bench = [
    `${H}kind: Account\nmetadata: {name: eci}\nspec: {accountId: "1000000000000001", regionId: cn-hangzhou}\n`,
    `${H}kind: RamRole\nmetadata: {name: role-1}\nspec:\n  account: eci\n  trust: {services: [eci.aliyuncs.com]}\n  unknownField1: 1\n`,
    `${H}kind: RamPolicy\nmetadata: {name: p}\nspec:\n  document:\n    Statement:\n      - {Effect: Allow, Action: [cr:GetAuthorizationToken], Resource: ["acs:cr:*:1:instance/x"]}\n      - Effect: Allow\n        Action:\n        - cr:PullRepository\n`,
  ].join('---\n');
  assert.equal(differentialOf(scanSimpleYaml, bench), 'fast');
});

test('A5: the line scanner declines what it does not handle, and fastParse still agrees with yaml there', () => {
  const declined = ['a: |\n  x\n', 'a: "x\\ty"\n', 'a: b\n  c\n', '- - x\n', 'a:\n  - \n', '"k": 1\n', '1: x\n', 'true: x\n', 'a: [b,\n  c]\n', 'a: b # c\n\t\n', '--- a\n', 'a: {b: }\n', 'a: x: y\n', '  a: 1\n'];
  for (const text of declined) {
    assert.equal(scanSimpleYaml(text), undefined, `the scanner should decline ${JSON.stringify(text)}`);
    void differential(text);
  }
});

test('A5: the property tests above exercised the line scanner, not only its declining', () => {
  assert.ok(scanned.all > 1000 && scanned.fast > scanned.all / 10, `the scanner took ${scanned.fast} of ${scanned.all} texts`);
});
