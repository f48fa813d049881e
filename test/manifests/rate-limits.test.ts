// Issue 15, item 3: an Account may set its own client-side rate limits and background share; bad
// values are diagnostics at their position, never a silently different pace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestTexts } from '../../src/manifests/index.js';
import { positions } from './helpers.js';

const account = (lines: string) =>
  `apiVersion: eci-acr-reconciler/v1alpha1\nkind: Account\nmetadata: {name: acr}\nspec:\n  accountId: "1000000000000002"\n  regionId: cn-hangzhou\n${lines}`;

test('issue 15: rateLimits and backgroundQuotaShare reach the desired Account', () => {
  const r = loadManifestTexts([{ file: 't.yaml', text: account('  rateLimits: {ram: 5, eci: 2.5}\n  backgroundQuotaShare: "10%"\n') }]);
  assert.deepEqual(positions(r.diagnostics), []);
  const acr = r.state?.accounts.find((a) => a.name === 'acr');
  assert.deepEqual(acr?.rateLimits, { ram: 5, eci: 2.5 });
  assert.equal(acr?.backgroundShare, 0.1);
  const plain = loadManifestTexts([{ file: 't.yaml', text: account('') }]).state?.accounts[0];
  assert.equal(plain?.rateLimits, undefined, 'without the fields the provider keeps its defaults');
  assert.equal(plain?.backgroundShare, undefined);
});

test('issue 15: a zero or negative rate, an unknown service and a share outside 1-100% are errors at their line', () => {
  const r = loadManifestTexts([{ file: 't.yaml', text: account('  rateLimits:\n    ram: 0\n    sts: -1\n    oss: 3\n  backgroundQuotaShare: "0%"\n') }]);
  assert.deepEqual(positions(r.diagnostics), ['8:10 INVALID_VALUE', '9:10 INVALID_VALUE', '10:5 UNKNOWN_FIELD', '11:25 INVALID_VALUE']);
  assert.equal(r.state, undefined);
  assert.deepEqual(positions(loadManifestTexts([{ file: 't.yaml', text: account('  backgroundQuotaShare: "150%"\n') }]).diagnostics), ['7:25 INVALID_VALUE']);
});
