// The Alibaba adapter's ECI side (image caches) through the official SDK client against the emulator.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CreateImageCacheInput } from '../../src/cloud/provider.js';
import { ACCOUNT_A, ROOT_A, withEmulator } from '../helpers/emulator.js';
import { account, envCreds, OWNED, provider, rejected } from './fixture.js';

const INSTANCE = 'cri-aaaa0000000000001';
const IMAGE = 'registry.acme.example/eci_test/nginx:1.0';
const emu = await withEmulator({
  timing: { imageCachePreparingMs: 10_000, imageCacheCreatingMs: 10_000, imageCacheUpdatingMs: 20_000 },
  accounts: [
    {
      accountId: ACCOUNT_A,
      rootAccessKeys: [ROOT_A],
      registries: [
        { edition: 'Enterprise', instanceId: INSTANCE, instanceName: 'acme', regionId: 'cn-hangzhou', customDomains: ['registry.acme.example'], repositories: [{ name: 'eci_test/nginx', tags: ['1.0', '1.1'] }] },
      ],
      imageCaches: [
        ...Array.from({ length: 130 }, (_, i) => ({ regionId: 'cn-beijing', imageCacheName: `owned-${i}`, images: [IMAGE], tags: [{ key: 'managed-by', value: 'eci-acr-reconciler' }] })),
        ...Array.from({ length: 5 }, (_, i) => ({ regionId: 'cn-beijing', imageCacheName: `other-${i}`, images: [IMAGE], tags: [{ key: 'team', value: 'x' }] })),
      ],
    },
  ],
});
const cloud = provider({ accounts: [account('a', ACCOUNT_A, envCreds('A'))], env: { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret }, endpoint: emu.endpoint }).account('a');

const input = (name: string, extra: Partial<CreateImageCacheInput> = {}): CreateImageCacheInput => ({
  regionId: 'cn-hangzhou',
  imageCacheName: name,
  images: [IMAGE],
  vSwitchId: 'vsw-1',
  securityGroupId: 'sg-1',
  imageCacheSize: 20,
  tags: { ...OWNED, cache: name },
  acrRegistryInfo: [{ instanceId: INSTANCE, regionId: 'cn-hangzhou', domains: ['registry.acme.example'] }],
  clientToken: `token-${name}`,
  ...extra,
});

describe('image caches through the adapter', () => {
  test('listImageCaches follows NextToken across pages and filters by tags', async () => {
    await emu.admin('DELETE', '/_emulator/requests');
    const owned = await cloud.listImageCaches('cn-beijing', OWNED);
    assert.equal(owned.length, 130);
    assert.equal(new Set(owned.map((c) => c.imageCacheId)).size, 130);
    assert.ok(owned.every((c) => c.tags['managed-by'] === 'eci-acr-reconciler' && c.regionId === 'cn-beijing'), 'only owned caches of cn-beijing are listed');
    assert.equal((await emu.requests()).filter((r) => r.action === 'DescribeImageCaches').length, 2);
    assert.equal((await cloud.listImageCaches('cn-beijing', { team: 'x' })).length, 5);
  });

  test('AcrRegistryInfo reaches ECI: with it the cache becomes Ready, without it Failed with the event message', async () => {
    const good = await cloud.createImageCache(input('with-info'));
    const bad = await cloud.createImageCache(input('without-info', { acrRegistryInfo: [] }));
    await emu.advance(60_000);
    const ready = await cloud.getImageCache('cn-hangzhou', good.imageCacheId);
    assert.equal(ready?.status, 'Ready');
    assert.deepEqual(ready?.images, [IMAGE]);
    assert.deepEqual(ready?.tags, { ...OWNED, cache: 'with-info' });
    const failed = await cloud.getImageCache('cn-hangzhou', bad.imageCacheId);
    assert.equal(failed?.status, 'Failed');
    assert.ok(failed?.events.some((e) => e.message.includes(`AcrRegistryInfo needs InstanceId ${INSTANCE}`)), `a Warning names the instance: ${JSON.stringify(failed?.events)}`);
  });

  test('the same ClientToken returns the same cache; different parameters with it are a conflict', async () => {
    const first = await cloud.createImageCache(input('idem'));
    const again = await cloud.createImageCache(input('idem'));
    assert.equal(again.imageCacheId, first.imageCacheId);
    const mismatch = await rejected(cloud.createImageCache(input('idem', { imageCacheSize: 40 })));
    assert.equal(mismatch.details.code, 'IdempotentParameterMismatch');
    assert.equal(mismatch.details.classification, 'conflict');
    assert.ok(mismatch.details.requestId && mismatch.message.includes(mismatch.details.requestId), mismatch.message);
  });

  test('updateImageCache changes the images; an update while Updating is a conflict', async () => {
    const { imageCacheId } = await cloud.createImageCache(input('to-update'));
    await emu.advance(60_000);
    const newImages = ['registry.acme.example/eci_test/nginx:1.1'];
    await cloud.updateImageCache({ regionId: 'cn-hangzhou', imageCacheId, images: newImages, acrRegistryInfo: input('x').acrRegistryInfo });
    const updating = await cloud.getImageCache('cn-hangzhou', imageCacheId);
    assert.equal(updating?.status, 'Updating');
    const busy = await rejected(cloud.updateImageCache({ regionId: 'cn-hangzhou', imageCacheId, images: [IMAGE] }));
    assert.equal(busy.details.classification, 'conflict');
    await emu.advance(60_000);
    const done = await cloud.getImageCache('cn-hangzhou', imageCacheId);
    assert.deepEqual([done?.status, done?.images], ['Ready', newImages]);
  });

  test('getImageCache of an unknown ID is undefined; deleteImageCache is idempotent', async () => {
    assert.equal(await cloud.getImageCache('cn-hangzhou', 'imc-doesnotexist'), undefined);
    const { imageCacheId } = await cloud.createImageCache(input('to-delete'));
    await cloud.deleteImageCache('cn-hangzhou', imageCacheId);
    await cloud.deleteImageCache('cn-hangzhou', imageCacheId);
    assert.equal(await cloud.getImageCache('cn-hangzhou', imageCacheId), undefined);
  });

  test('D4: listing falls back to Limit 20 when the service refuses 100, and keeps 20 for the account', async () => {
    const fresh = provider({ accounts: [account('a', ACCOUNT_A, envCreds('A'))], env: { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret }, endpoint: emu.endpoint }).account('a');
    await emu.admin('PUT', '/_emulator/faults', { rules: [{ service: 'eci', action: 'DescribeImageCaches', code: 'InvalidParameter.Limit', statusCode: 400, times: 1 }] });
    await emu.admin('DELETE', '/_emulator/requests');
    try {
      assert.equal((await fresh.listImageCaches('cn-beijing', OWNED)).length, 130);
      const calls = (await emu.requests()).filter((r) => r.action === 'DescribeImageCaches');
      // One refused call, then 130 caches in pages of 20.
      assert.deepEqual(calls.map((r) => r.statusCode), [400, 200, 200, 200, 200, 200, 200, 200]);
      await emu.admin('DELETE', '/_emulator/requests');
      assert.equal((await fresh.listImageCaches('cn-beijing', OWNED)).length, 130);
      assert.equal((await emu.requests()).filter((r) => r.action === 'DescribeImageCaches').length, 7, 'the account stays on 20');
    } finally {
      await emu.admin('DELETE', '/_emulator/faults');
    }
  });

  test('D4: a cache call answered HTTP 404 or a code ending NotFound/NotExist is not-found; an unknown key is not', async () => {
    const { imageCacheId } = await cloud.createImageCache(input('gone-by-other-codes'));
    const fault = async (action: string, code: string, statusCode: number) =>
      emu.admin('PUT', '/_emulator/faults', { rules: [{ service: 'eci', action, code, statusCode, times: 1 }] });
    try {
      await fault('DeleteImageCache', 'ImageCache.NotExist', 400);
      await cloud.deleteImageCache('cn-hangzhou', imageCacheId);
      await fault('DeleteImageCache', 'ResourceNotFound', 400);
      await cloud.deleteImageCache('cn-hangzhou', imageCacheId);
      await fault('DeleteImageCache', 'SomethingElse', 404);
      await cloud.deleteImageCache('cn-hangzhou', imageCacheId);
      await fault('UpdateImageCache', 'InvalidImageCache.NotExist', 400);
      const update = await rejected(cloud.updateImageCache({ regionId: 'cn-hangzhou', imageCacheId, images: [IMAGE] }));
      assert.equal(update.details.classification, 'not-found');
      await fault('DeleteImageCache', 'InvalidAccessKeyId.NotFound', 404);
      const key = await rejected(cloud.deleteImageCache('cn-hangzhou', imageCacheId));
      assert.equal(key.details.classification, 'permission', 'an unknown key never counts as a deleted cache');
    } finally {
      await emu.admin('DELETE', '/_emulator/faults');
    }
    assert.ok(await cloud.getImageCache('cn-hangzhou', imageCacheId), 'the injected answers left the cache in place');
  });

  test('D4: updateImageCache sends ImageCacheName (older API pages require it)', async () => {
    const { imageCacheId } = await cloud.createImageCache(input('named-before'));
    await emu.advance(60_000);
    await cloud.updateImageCache({ regionId: 'cn-hangzhou', imageCacheId, imageCacheName: 'named-after', images: [IMAGE] });
    assert.equal((await cloud.getImageCache('cn-hangzhou', imageCacheId))?.imageCacheName, 'named-after');
  });
});
