import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifests } from '../../src/manifests/index.js';

const root = 'manifests/examples';
const folders = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

test('there are example folders for the three cases and the explicit cross-account setup', () => {
  assert.deepEqual(folders.sort(), ['cross-account', 'cross-account-explicit', 'same-account-custom-domain', 'same-account-default-domain']);
});

for (const folder of folders) {
  test(`example ${folder} validates clean and has an ImageCache`, () => {
    const result = loadManifests([join(root, folder)]);
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.state, `${folder} yields a desired state`);
    assert.ok(result.state.imageCaches.length >= 1, `${folder} has an ImageCache`);
  });
}

test('cross-account example resolves both ARNs, the instance and the custom domain', () => {
  const { state } = loadManifests([join(root, 'cross-account')]);
  assert.deepEqual(state?.imageCaches[0]?.acrRegistryInfo, [
    {
      arnService: 'acs:ram::1000000000000001:role/nginx-pull-eci',
      arnUser: 'acs:ram::1000000000000002:role/nginx-pull-acr',
      instanceId: 'cri-aaaa0000000000001',
      domains: ['registry.acme.example'],
    },
  ]);
});

test('explicit cross-account example: role-acr trusts exactly role-assume', () => {
  const { state } = loadManifests([join(root, 'cross-account-explicit')]);
  const roleAcr = state?.roles.find((r) => r.roleName === 'role-acr');
  assert.deepEqual(roleAcr?.trust.Statement[0]?.Principal, { RAM: ['acs:ram::1000000000000001:role/role-assume'] });
  assert.deepEqual(roleAcr?.policies, [{ policyType: 'Custom', policyName: 'acme-pull-only' }]);
});
