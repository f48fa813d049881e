// Seed parsing: defaults, both document spellings, typed registries, and collected errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseSeed, SeedError } from '../../src/emulator/seed.js';

test('the demo seed parses with the accounts, keys and registries the README documents', () => {
  const seed = parseSeed(readFileSync('seeds/demo-seed.yaml', 'utf8'));
  const [a, b] = seed.accounts;
  assert.equal(a?.accountId, '1000000000000001');
  assert.deepEqual(a?.rootAccessKeys[0], { accessKeyId: 'LTAI5tRootA000000000001', accessKeySecret: 'root-secret-a' });
  assert.equal(a?.users[0]?.name, 'deployer');
  const acme = b?.registries.find((r) => r.instanceId === 'cri-aaaa0000000000001');
  assert.deepEqual([acme?.edition, acme?.instanceName, acme?.regionId, acme?.customDomains], ['Enterprise', 'acme', 'cn-hangzhou', ['registry.acme.example']]);
  assert.deepEqual(acme?.repositories[0], { name: 'eci_test/nginx', tags: ['1.0', 'latest'] });
  assert.ok(b?.registries.some((r) => r.edition === 'Personal' && r.namespaces.length > 0), 'the ACR account has a Personal namespace');
  assert.ok(a?.registries.some((r) => r.edition === 'Personal') && a.registries.some((r) => r.edition === 'Enterprise'), 'the ECI account has both editions');
  assert.equal(seed.timing.imageCacheCreatingMs, 1500);
});

test('defaults: options, timing, image cache status, tags from a mapping or a list', () => {
  const seed = parseSeed({
    accounts: [{
      accountId: '1000000000000009',
      roles: [{ roleName: 'r', trust: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["eci.aliyuncs.com"]}}]}', tags: { a: 'b' } }],
      policies: [{ policyName: 'p', document: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: '*' }] }, tags: [{ key: 'k', value: 'v' }] }],
      imageCaches: [{ regionId: 'cn-hangzhou', imageCacheName: 'c', images: ['x:1'] }],
    }],
    publicImages: ['docker.io/library/nginx:1.27', { image: 'docker.io/library/big:1', sizeGiB: 30 }],
  });
  const account = seed.accounts[0];
  assert.deepEqual(seed.options, { assumedRoleArnFormat: 'ram', maxClockSkewMs: 900_000, quotas: { roles: 1000, customPolicies: 1500, systemPoliciesPerRole: 20, customPoliciesPerRole: 10, versionsPerPolicy: 5, tagsPerResource: 20 } });
  assert.deepEqual(account?.roles[0]?.tags, [{ key: 'a', value: 'b' }]);
  assert.equal(account?.roles[0]?.maxSessionDuration, 3600);
  assert.equal(account?.policies[0]?.document, '{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}');
  assert.equal(account?.imageCaches[0]?.status, 'Ready');
  assert.deepEqual(seed.publicImages, [{ image: 'docker.io/library/nginx:1.27' }, { image: 'docker.io/library/big:1', sizeGiB: 30 }]);
});

test('every problem is reported with its path in one SeedError', () => {
  const error = (() => {
    try {
      parseSeed('accounts:\n  - accountId: "1"\n    extra: 1\n    policies: [{policyName: p, document: {Version: "1", Statement: [{Effect: Allow, Action: "cr:*"}]}}]\n    registries: [{edition: Personal, regionId: r}]\n');
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(error instanceof SeedError, 'a SeedError is thrown');
  const text = error.problems.join('\n');
  assert.match(text, /accounts\[0\]\.accountId/);
  assert.match(text, /accounts\[0\]\.extra: unknown field/);
  assert.match(text, /accounts\[0\]\.policies\[0\]\.document\.Statement\.0/);
  assert.match(text, /accounts\[0\]\.registries\[0\]\.namespaces: a Personal registry needs at least one namespace/);
});

test('duplicate access keys and case-insensitive duplicate role names are rejected', () => {
  const trust = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['eci.aliyuncs.com'] } }] };
  assert.throws(() => parseSeed({ accounts: [
    { accountId: '1000000000000001', rootAccessKeys: [{ accessKeyId: 'K', accessKeySecret: 's' }], roles: [{ roleName: 'Ab', trust }, { roleName: 'aB', trust }] },
    { accountId: '1000000000000002', rootAccessKeys: [{ accessKeyId: 'K', accessKeySecret: 's' }] },
  ] }), (e: unknown) => e instanceof SeedError && /duplicate accessKeyId "K"/.test(e.message) && /duplicate role/.test(e.message));
});

test('oidcProviders: name, https issuer, client IDs and JWKS are checked with their paths (issue 12)', () => {
  const seed = parseSeed({ accounts: [{ accountId: '1000000000000001', rootAccessKeys: [], oidcProviders: [{ name: 'ack-rrsa-c1', issuerUrl: 'https://issuer.example/c1', clientIds: ['sts.aliyuncs.com'], jwks: { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] } }] }], options: { sessionLifetimeSeconds: 3 } });
  assert.equal(seed.accounts[0]?.oidcProviders[0]?.name, 'ack-rrsa-c1');
  assert.equal(seed.options.sessionLifetimeSeconds, 3);
  assert.throws(
    () => parseSeed({ accounts: [{ accountId: '1000000000000001', rootAccessKeys: [], oidcProviders: [{ name: 'bad name', issuerUrl: 'http://plain', clientIds: [], jwks: { keys: 'x' } }] }] }),
    (e: unknown) => e instanceof SeedError && /oidcProviders\[0\]\.name/.test(e.message) && /oidcProviders\[0\]\.issuerUrl/.test(e.message) && /jwks\.keys/.test(e.message),
  );
});
