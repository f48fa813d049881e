// G2: Account endpoints must be Alibaba Cloud's over HTTPS unless allowCustomEndpoints (warned) or
// emulator mode; each diagnostic at its exact position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestTexts } from '../../src/manifests/index.js';
import { positions } from './helpers.js';

const account = (lines: string) =>
  `apiVersion: eci-acr-reconciler/v1alpha1\nkind: Account\nmetadata: {name: acr}\nspec:\n  accountId: "1000000000000002"\n  regionId: cn-hangzhou\n${lines}`;

test('G2: ENDPOINT_NOT_ALIBABA at each offending endpoint; the Account is not resolved', () => {
  const r = loadManifestTexts([{ file: 't.yaml', text: account('  endpoints:\n    ram: ram.aliyuncs.com\n    sts: http://sts.attacker.example:80\n    eci: eci.example.com\n') }]);
  assert.deepEqual(positions(r.diagnostics), ['9:10 ENDPOINT_NOT_ALIBABA', '10:10 ENDPOINT_NOT_ALIBABA']);
  assert.equal(r.state, undefined, 'no desired state from an Account with a refused endpoint');
});

test('G2: CUSTOM_ENDPOINTS warns at allowCustomEndpoints; emulator mode checks nothing', () => {
  const text = account('  allowCustomEndpoints: true\n  endpoints: {sts: "http://127.0.0.1:9"}\n');
  const optedIn = loadManifestTexts([{ file: 't.yaml', text }]);
  assert.deepEqual(positions(optedIn.diagnostics), ['7:25 CUSTOM_ENDPOINTS']);
  assert.equal(optedIn.diagnostics[0]!.severity, 'warning');
  assert.ok(optedIn.state, 'a warning does not block');
  const emulator = loadManifestTexts([{ file: 't.yaml', text: account('  endpoints: {sts: "127.0.0.1:9"}\n') }], { emulatorMode: true });
  assert.deepEqual(positions(emulator.diagnostics), []);
});
