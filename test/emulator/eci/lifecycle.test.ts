// Image cache lifecycle, idempotency, update rules, filters and paging through @alicloud/eci20180808.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as $Eci from '@alicloud/eci20180808';
import { eciClient, rejection } from '../../helpers/sdk.js';
import { ALPHA_IMAGE, BETA_IMAGE, ECI_ADMIN, READER, REGION, buildCache, createRequest, describeOne, eciA, withEciEmulator } from './fixture.js';

const DAY = 86_400_000;
const emu = await withEciEmulator({ seedCaches: [{ regionId: 'cn-beijing', imageCacheName: 'seeded', images: [ALPHA_IMAGE], tags: [{ key: 'from', value: 'seed' }] }] });
const eci = eciA(emu);

const update = (imageCacheId: string, fields: Record<string, unknown> = {}) =>
  eci.updateImageCache(new $Eci.UpdateImageCacheRequest({ regionId: REGION, imageCacheId, ...fields }));

test('a cache goes Preparing → Creating → Ready on the emulated clock, with progress and events', async () => {
  const created = await eci.createImageCache(createRequest({ name: 'lifecycle' }));
  const id = created.body!.imageCacheId!;
  assert.match(id, /^imc-[a-z0-9]{20}$/);
  assert.match(created.body!.containerGroupId!, /^eci-[a-z0-9]{20}$/);
  const preparing = await describeOne(emu, id);
  assert.deepEqual([preparing?.status, preparing?.progress], ['Preparing', '0%']);
  assert.deepEqual(preparing?.events?.map((e) => e.reason), ['Started']);
  await emu.advance(500 + 750);
  const creating = await describeOne(emu, id);
  assert.equal(creating?.status, 'Creating');
  assert.equal(creating?.progress, '49%', 'halfway through the 1500 ms build, on the way to 99%');
  await emu.advance(750);
  const ready = await describeOne(emu, id);
  assert.deepEqual([ready?.status, ready?.progress, ready?.imageCacheSize], ['Ready', '100%', 20]);
  assert.deepEqual(ready?.events?.map((e) => `${e.type}/${e.reason}`), ['Normal/Started', 'Normal/Pulling', 'Normal/Pulled', 'Normal/Created']);
  assert.match(ready?.creationTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(ready?.expireDateTime, undefined, 'no RetentionDays: never expires');
});

test('RetentionDays sets ExpireDateTime and the cache disappears once it has passed', async () => {
  const cache = await buildCache(emu, { name: 'retained', retentionDays: 2 });
  assert.equal(Date.parse(cache.expireDateTime!) - Date.parse(cache.creationTime!), 2 * DAY);
  await emu.advance(DAY);
  assert.equal((await describeOne(emu, cache.imageCacheId!))?.status, 'Ready');
  await emu.advance(DAY);
  assert.equal(await describeOne(emu, cache.imageCacheId!), undefined);
});

test('a failed cache shows a Warning event and disappears after one day', async () => {
  const cache = await buildCache(emu, { name: 'broken', images: [ALPHA_IMAGE.replace(':v1', ':v9')] });
  assert.equal(cache.status, 'Failed');
  const warning = cache.events?.find((e) => e.type === 'Warning');
  assert.match(warning?.message ?? '', /tag v9 does not exist in repository app\/web/);
  await emu.advance(DAY - 3_000);
  assert.equal((await describeOne(emu, cache.imageCacheId!))?.status, 'Failed');
  await emu.advance(3_000);
  assert.equal(await describeOne(emu, cache.imageCacheId!), undefined);
});

test('images larger than ImageCacheSize make the build fail', async () => {
  const cache = await buildCache(emu, { name: 'too-big', images: [ALPHA_IMAGE.replace('app/web', 'app/big')] });
  assert.equal(cache.status, 'Failed');
  assert.match(cache.events?.at(-1)?.message ?? '', /need 30 GiB, more than ImageCacheSize 20 GiB/);
  assert.equal((await buildCache(emu, { name: 'big-enough', size: 40, images: [ALPHA_IMAGE.replace('app/web', 'app/big')] })).status, 'Ready');
});

test('the same ClientToken with the same parameters replays the first result; other parameters are a mismatch', async () => {
  const first = await eci.createImageCache(createRequest({ name: 'idem', clientToken: 'token-1' }));
  const again = await eci.createImageCache(createRequest({ name: 'idem', clientToken: 'token-1' }));
  assert.equal(again.body?.imageCacheId, first.body?.imageCacheId);
  assert.equal(again.body?.containerGroupId, first.body?.containerGroupId);
  const listed = await eci.describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: REGION, imageCacheName: 'idem' }));
  assert.equal(listed.body?.totalCount, 1);
  const mismatch = await rejection(eci.createImageCache(createRequest({ name: 'idem-changed', clientToken: 'token-1' })));
  assert.deepEqual([mismatch.code, mismatch.statusCode], ['IdempotentParameterMismatch', 400]);
});

test('UpdateImageCache works only from Ready or UpdateFailed and goes through Updating', async () => {
  const created = await eci.createImageCache(createRequest({ name: 'updatable' }));
  const id = created.body!.imageCacheId!;
  const early = await rejection(update(id, { image: [ALPHA_IMAGE, BETA_IMAGE] }));
  assert.deepEqual([early.code, early.statusCode], ['IncorrectImageCacheStatus', 400]);
  await emu.advance(2_000);
  await update(id, { image: [ALPHA_IMAGE, ALPHA_IMAGE.replace(':v1', ':v404')] });
  assert.equal((await describeOne(emu, id))?.status, 'Updating');
  const busy = await rejection(update(id, { imageCacheName: 'x' }));
  assert.equal(busy.code, 'IncorrectImageCacheStatus');
  await emu.advance(1_000);
  const failed = await describeOne(emu, id);
  assert.equal(failed?.status, 'UpdateFailed');
  assert.match(failed?.events?.at(-1)?.message ?? '', /tag v404 does not exist/);
  await update(id, { image: [ALPHA_IMAGE, BETA_IMAGE] });
  await emu.advance(1_000);
  const ready = await describeOne(emu, id);
  assert.deepEqual([ready?.status, ready?.images], ['Ready', [ALPHA_IMAGE, BETA_IMAGE]]);
  assert.equal(ready?.events?.filter((e) => e.reason === 'Started').length, 1, 'events of earlier builds are kept');
});

test('UpdateImageCache has no ArnService/ArnUser, and a raw request carrying them is rejected', async () => {
  const fields = Object.keys($Eci.UpdateImageCacheRequestAcrRegistryInfo.names());
  assert.deepEqual(fields.sort(), ['domain', 'instanceId', 'instanceName', 'regionId']);
  const cache = await buildCache(emu, { name: 'no-arn-update' });
  const request = new $Eci.UpdateImageCacheRequest({ regionId: REGION, imageCacheId: cache.imageCacheId });
  // Smuggle the field past the model, as a hand-written client could.
  // Plain objects pass through the SDK's flattening with their own keys: AcrRegistryInfo.1.ArnService.
  const sneaky = Object.assign(request, { acrRegistryInfo: [{ ArnService: 'acs:ram::1000000000000001:role/x', InstanceId: 'cri-x' }] });
  const rejected = await rejection(eci.updateImageCache(sneaky));
  assert.equal(rejected.code, 'InvalidParameter');
  assert.match(String(rejected.data?.Message), /ArnService cannot be updated/);
});

test('DeleteImageCache removes a cache in any state at once; an unknown id is InvalidImageCacheId.NotFound', async () => {
  const created = await eci.createImageCache(createRequest({ name: 'short-lived' }));
  const id = created.body!.imageCacheId!;
  await eci.deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: REGION, imageCacheId: id }));
  assert.equal(await describeOne(emu, id), undefined);
  const unknown = await rejection(eci.deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: REGION, imageCacheId: id })));
  assert.deepEqual([unknown.code, unknown.statusCode], ['InvalidImageCacheId.NotFound', 404]);
});

test('filters, Limit/NextToken paging and TotalCount', async () => {
  const region = 'cn-shanghai';
  for (let i = 0; i < 5; i++) {
    const request = createRequest({ name: `page-${i}`, images: [i % 2 === 0 ? ALPHA_IMAGE : BETA_IMAGE], tags: { team: i < 3 ? 'red' : 'blue', n: String(i) } });
    await eci.createImageCache(Object.assign(request, { regionId: region }));
  }
  const describe = (fields: Record<string, unknown>) => eci.describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: region, ...fields }));
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await describe({ limit: 2, ...(token ? { nextToken: token } : {}) });
    assert.equal(page.body?.totalCount, 5);
    seen.push(...(page.body?.imageCaches ?? []).map((c) => c.imageCacheName!));
    token = page.body?.nextToken;
    pages += 1;
  } while (token);
  assert.deepEqual([pages, seen], [3, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']]);
  assert.equal((await describe({})).body?.imageCaches?.length, 5, 'default Limit 20');
  const names = async (fields: Record<string, unknown>) => (await describe(fields)).body?.imageCaches?.map((c) => c.imageCacheName);
  assert.deepEqual(await names({ imageCacheName: 'page-3' }), ['page-3']);
  assert.deepEqual(await names({ image: BETA_IMAGE }), ['page-1', 'page-3']);
  assert.deepEqual(await names({ tag: [new $Eci.DescribeImageCachesRequestTag({ key: 'team', value: 'blue' })] }), ['page-3', 'page-4']);
  assert.deepEqual(await names({ imageCacheId: 'imc-doesnotexist000000' }), []);
  for (const limit of [0, 101]) assert.equal((await rejection(describe({ limit }))).code, 'InvalidParameter');
  const firstPage = await describe({ limit: 2 });
  const foreign = await rejection(describe({ limit: 2, imageCacheName: 'page-1', nextToken: firstPage.body?.nextToken }));
  assert.equal(foreign.code, 'InvalidParameter', 'a token belongs to its query');
});

test('RegionId, SecurityGroupId and VSwitchId are required by CreateImageCache', async () => {
  for (const field of ['regionId', 'securityGroupId', 'vSwitchId']) {
    const request = Object.assign(createRequest(), { [field]: undefined });
    const error = await rejection(eci.createImageCache(request));
    assert.deepEqual([error.code, error.statusCode], ['MissingParameter', 400], field);
  }
  const noRegion = await rejection(eci.describeImageCaches(new $Eci.DescribeImageCachesRequest({})));
  assert.equal(noRegion.code, 'MissingParameter');
});

test('caches from the seed are listed with their seeded status', async () => {
  const reply = await eci.describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: 'cn-beijing' }));
  const seeded = reply.body?.imageCaches?.[0];
  assert.deepEqual([seeded?.imageCacheName, seeded?.status, seeded?.tags?.[0]?.value], ['seeded', 'Ready', 'seed']);
});

test('RAM users need eci: permissions on the image cache ARN', async () => {
  const denied = await rejection(eciClient(emu.endpoint, READER).createImageCache(createRequest({ name: 'by-reader' })));
  assert.deepEqual([denied.code, denied.statusCode], ['NoPermission', 403]);
  const created = await eciClient(emu.endpoint, ECI_ADMIN).createImageCache(createRequest({ name: 'by-admin' }));
  assert.match(created.body?.imageCacheId ?? '', /^imc-/);
});

test('D4: ImageCacheSize accepts 20..32768 GiB on create and update (default 20), InvalidParameter outside', async () => {
  for (const size of [19, 32769]) {
    const error = await rejection(eci.createImageCache(createRequest({ name: `size-${size}`, size })));
    assert.deepEqual([error.code, error.statusCode], ['InvalidParameter', 400], `size ${size}`);
  }
  const big = await eci.createImageCache(createRequest({ name: 'size-max', size: 32768 }));
  await emu.advance(5_000);
  assert.equal((await describeOne(emu, big.body!.imageCacheId!))?.imageCacheSize, 32768);
  const tooSmall = await rejection(update(big.body!.imageCacheId!, { imageCacheSize: 10 }));
  assert.equal(tooSmall.code, 'InvalidParameter');
});
