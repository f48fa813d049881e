import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acrRegistryInfo, flatList, tags } from '../../../src/emulator/eci/params.js';
import { fingerprint } from '../../../src/emulator/eci/idempotency.js';

test('flattened lists are ordered by numeric index, not lexically', () => {
  const params: Record<string, string> = {};
  for (let i = 1; i <= 12; i++) params[`Image.${i}`] = `img${i}`;
  assert.deepEqual(flatList(params, 'Image'), Array.from({ length: 12 }, (_, i) => `img${i + 1}`));
});

test('AcrRegistryInfo.N.Domain.M gathers nested lists per entry', () => {
  const entries = acrRegistryInfo({
    'AcrRegistryInfo.2.InstanceId': 'cri-2',
    'AcrRegistryInfo.1.ArnService': 'acs:ram::1:role/a',
    'AcrRegistryInfo.1.Domain.10': 'd10.example',
    'AcrRegistryInfo.1.Domain.2': 'D2.example',
    'AcrRegistryInfo.10.RegionId': 'cn-beijing',
  });
  assert.deepEqual(entries, [
    { index: 1, domains: ['d2.example', 'd10.example'], arnService: 'acs:ram::1:role/a' },
    { index: 2, domains: [], instanceId: 'cri-2' },
    { index: 3, domains: [], regionId: 'cn-beijing' },
  ]);
});

test('tags need keys and are limited to 20', () => {
  assert.deepEqual(tags({ 'Tag.1.Key': 'a', 'Tag.1.Value': 'b' }), [{ Key: 'a', Value: 'b' }]);
  assert.throws(() => tags({ 'Tag.1.Value': 'b' }), /Tag\.1\.Key/);
  const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`Tag.${i + 1}.Key`, `k${i}`]));
  assert.throws(() => tags(many), /at most 20/);
});

test('the idempotency fingerprint ignores per-attempt and platform parameters', () => {
  const a = fingerprint({ RegionId: 'r', Image: 'x', ClientToken: 't', SignatureNonce: '1', Timestamp: 'a', OwnerId: '5' });
  const b = fingerprint({ Timestamp: 'b', SignatureNonce: '2', Image: 'x', RegionId: 'r' });
  assert.equal(a, b);
  assert.notEqual(a, fingerprint({ RegionId: 'r', Image: 'y' }));
});
