import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decidePull } from '../../../src/emulator/pull/decide.js';
import { A, B, CRI_B, ROLE_ACR, ROLE_ASSUME, pull, world } from './fixture.js';

const LINKS = new Set([
  'image-reference', 'registry', 'instance-id', 'region', 'acr-registry-info', 'arn-service', 'service-trust',
  'assume-permission', 'arn-user', 'role-trust', 'pull-permission', 'repository', 'tag', 'public-image', 'network',
]);

const piece = fc.constantFrom('', 'x', CRI_B, ROLE_ASSUME, ROLE_ACR, `acs:ram::${A}:root`, `acs:ram::${B}:role/`, 'cn-hangzhou', 'registry.acme.example');
const entry = fc.record({ instanceId: piece, regionId: piece, arnService: piece, arnUser: piece, domains: fc.array(piece, { maxLength: 2 }) }, { requiredKeys: ['domains'] });
const image = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'acme-registry-vpc.cn-hangzhou.cr.aliyuncs.com/eci_test/nginx:1.0',
    'registry.acme.example/eci_test/nginx',
    'registry.cn-hangzhou.aliyuncs.com/b-personal/tool:2',
    'nginx:1.27',
  ),
);

test('the decision never throws and always names a known link when it refuses', () => {
  const w = world();
  fc.assert(
    fc.property(image, fc.array(entry, { maxLength: 3 }), fc.option(fc.constant('eip-1'), { nil: undefined }), (img, entries, eip) => {
      const cleaned = entries.map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== '')));
      const decision = decidePull(pull(img, cleaned, eip ? { eipInstanceId: eip } : {}), w);
      if (decision.ok) assert.ok(decision.sizeGiB > 0, `an allowed pull has a positive size: ${JSON.stringify(decision)}`);
      else assert.ok(LINKS.has(decision.link) && decision.message.length > 0, JSON.stringify(decision));
    }),
    { numRuns: 300 },
  );
});
