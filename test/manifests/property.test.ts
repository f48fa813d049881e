import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadManifestTexts, type LoadResult } from '../../src/manifests/index.js';
import { ACCOUNTS } from './helpers.js';

function assertInside(result: LoadResult, texts: Record<string, string>): void {
  for (const d of result.diagnostics) {
    const text = texts[d.file];
    assert.ok(text !== undefined, `diagnostic for unknown file ${d.file}`);
    const lines = text.split('\n');
    assert.ok(d.line >= 1 && d.line <= lines.length, `${d.code} line ${d.line} outside 1..${lines.length}`);
    const lineText = lines[d.line - 1] as string;
    assert.ok(d.column >= 1 && d.column <= lineText.length + 1, `${d.code} ${d.line}:${d.column} outside the line (${lineText.length} chars)`);
  }
}

function check(text: string): void {
  const texts = { 'accounts.yaml': ACCOUNTS, 'fuzz.yaml': text };
  const result = loadManifestTexts(Object.entries(texts).map(([file, t]) => ({ file, text: t })));
  assertInside(result, texts);
  assert.equal(result.state === undefined, result.diagnostics.some((d) => d.severity === 'error'));
}

test('validation never throws on arbitrary text, and every position lies inside its file', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check), { numRuns: 300 });
});

test('validation never throws on arbitrary JSON, and every position lies inside its file', () => {
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => check(JSON.stringify(v, null, 1))), { numRuns: 300 });
});

// Near-valid manifests reach the semantic stages and the lints, not just the parser.
const word = fc.constantFrom('eci', 'acr', 'r', 'p', 'Role.X', 'x_y', '', '*', 'cri-abc', 'cn-hangzhou', 'acs:ram::1000000000000001:root', 'eci.aliyuncs.com', 'registry.example.com', 'nginx:1');
const leaf = fc.oneof(word, fc.integer({ min: -1, max: 50000 }), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('account', 'roleRef', 'arn', 'system', 'policyRef', 'services', 'principals', 'document', 'Version', 'Statement', 'Effect', 'Action', 'Resource', 'Principal', 'RAM', 'Service', 'instanceId', 'domains', 'arnService', 'arnUser', 'edition', 'regionId', 'customDomains'), tie('node'), { maxKeys: 4 })),
})).node;
const manifest = fc.record({
  apiVersion: fc.constantFrom('eci-acr-reconciler/v1alpha1', 'v1'),
  kind: fc.constantFrom('Account', 'RamRole', 'RamPolicy', 'ImageCache', 'AcrPullAccess', 'Other'),
  metadata: fc.record({ name: word }),
  spec: fc.dictionary(
    fc.constantFrom('account', 'eciAccount', 'registry', 'trust', 'policies', 'document', 'images', 'vSwitchId', 'securityGroupId', 'acrPullAccess', 'acrRegistryInfo', 'roleName', 'restrictToInstance', 'pullPolicy', 'accountId', 'regionId', 'credentials'),
    value,
    { maxKeys: 6 },
  ),
});

test('validation never throws on near-valid manifests, and every position lies inside its file', () => {
  fc.assert(fc.property(fc.array(manifest, { minLength: 1, maxLength: 4 }), (docs) => check(docs.map((d) => stringify(d)).join('---\n'))), { numRuns: 300 });
});
