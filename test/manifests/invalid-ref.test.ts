// Issue 14, finding 2: an ImageCache whose acrPullAccess names an AcrPullAccess that failed schema
// validation (a typo'd field) got the hint "no AcrPullAccess manifest was found" and two follow-on
// NON_ACR_IMAGE errors, while the real cause was a few lines away. Now the reference says the
// document is invalid and where, and the errors it would only cause are not reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadManifestTexts } from '../../src/manifests/index.js';
import { positions } from './helpers.js';

const example = readFileSync('manifests/examples/cross-account/manifests.yaml', 'utf8');

test('finding 2: a cache naming an AcrPullAccess with a typo\'d field gets "AcrPullAccess nginx-pull is invalid, see its errors at …", and no NON_ACR_IMAGE', () => {
  const typo = example.replace('    customDomains: [registry.acme.example]\n', '    customDomain: [registry.acme.example]\n');
  assert.notEqual(typo, example, 'the typo was made');
  const r = loadManifestTexts([{ file: 'm.yaml', text: typo }]);
  assert.deepEqual(positions(r.diagnostics), ['43:5 UNKNOWN_FIELD', '57:18 INVALID_REF']);
  assert.equal(r.diagnostics[1]!.message, 'AcrPullAccess nginx-pull is invalid, see its errors at m.yaml:35');
  assert.ok(!r.diagnostics.some((d) => d.code === 'NON_ACR_IMAGE' || /no AcrPullAccess manifest was found/.test(d.hint ?? '')), JSON.stringify(r.diagnostics));
});

test('finding 2: an AcrPullAccess that is valid YAML but fails to resolve (unknown account) adds no follow-on image errors either', () => {
  const broken = example.replace('  eciAccount: eci\n', '  eciAccount: nobody\n');
  const r = loadManifestTexts([{ file: 'm.yaml', text: broken }]);
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['UNRESOLVED_REF'],
    JSON.stringify(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)),
  );
});
