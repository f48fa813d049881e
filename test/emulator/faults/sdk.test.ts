// Faults as the official clients see them: seeded rates, one-shot rules, rate limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as $Eci from '@alicloud/eci20180808';
import * as $Ram from '@alicloud/ram20150501';
import { ROOT_A, withEmulator } from '../../helpers/emulator.js';
import { ramClient, rejection } from '../../helpers/sdk.js';
import { FaultController } from '../../../src/emulator/faults/controller.js';
import { ACCOUNT_A, REGION, createRequest, eciA, eciSeed } from '../eci/fixture.js';

const limits = { rateLimits: [{ service: 'eci', action: 'CreateImageCache', limit: 3, intervalMs: 60_000 }, { service: 'ram', action: 'ListRoles', limit: 2, intervalMs: 10_000 }] };
const emu = await withEmulator(eciSeed({ faults: limits }));
const eci = eciA(emu);
const describeCaches = () => eci.describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: REGION }));

async function outcomes(n: number, call: () => Promise<unknown>): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    try {
      await call();
      codes.push('ok');
    } catch (error) {
      codes.push(String((error as { code?: string }).code));
    }
  }
  return codes;
}

test('a rate limit from the seed answers Throttling.User once the bucket is empty', async () => {
  const codes = await outcomes(4, () => eci.createImageCache(createRequest({ name: 'limited' })));
  assert.deepEqual(codes, ['ok', 'ok', 'ok', 'Throttling.User']);
  const throttled = await rejection(eci.createImageCache(createRequest({ name: 'limited' })));
  assert.equal(throttled.statusCode, 400);
  assert.equal(throttled.data?.Message, 'Request was denied due to user flow control.');
});

test('the retry-after header of a throttled call reaches the RAM client as milliseconds', async () => {
  const ram = ramClient(emu.endpoint, ROOT_A);
  const list = () => ram.listRoles(new $Ram.ListRolesRequest({}));
  await list();
  await list();
  const throttled = await rejection(list());
  assert.deepEqual([throttled.name, throttled.code], ['ThrottlingError', 'Throttling.User']);
  // One token per 5 000 ms: the wait is at most that, and more than the time the two calls took.
  assert.ok(throttled.retryAfter !== undefined && throttled.retryAfter > 1_000 && throttled.retryAfter <= 5_000, `retryAfter ${throttled.retryAfter}`);
});

test('with faults on, the SDK sees the configured codes at the configured, seeded rate', async () => {
  const spec = {
    seed: 42,
    rules: [
      { service: 'eci', action: 'DescribeImageCaches', probability: 0.25, code: 'ServiceUnavailable', statusCode: 503 },
      { service: 'eci', action: 'DescribeImageCaches', probability: 0.1, code: 'InternalError' },
    ],
  };
  assert.equal((await emu.admin('PUT', '/_emulator/faults', spec)).status, 200);
  const seen = await outcomes(120, describeCaches);
  // The same seed replayed locally predicts every single outcome.
  const local = new FaultController();
  local.configure(spec);
  const predicted = Array.from({ length: 120 }, () => {
    const d = local.decide({ service: 'eci', action: 'DescribeImageCaches', accountId: ACCOUNT_A }, 0);
    return d?.kind === 'error' ? d.code : 'ok';
  });
  assert.deepEqual(seen, predicted);
  const count = (code: string) => seen.filter((c) => c === code).length;
  assert.ok(count('ServiceUnavailable') >= 18 && count('ServiceUnavailable') <= 42, `ServiceUnavailable ${count('ServiceUnavailable')}`);
  assert.ok(count('InternalError') >= 3 && count('InternalError') <= 16, `InternalError ${count('InternalError')}`);
  await emu.admin('DELETE', '/_emulator/faults');
  assert.deepEqual(await outcomes(20, describeCaches), Array(20).fill('ok'));
});

test('a one-shot rule fails exactly the next N CreateImageCache calls', async () => {
  await emu.admin('PUT', '/_emulator/faults', { rules: [{ service: 'eci', action: 'CreateImageCache', code: 'InternalError', times: 2 }] });
  const codes = await outcomes(3, () => eci.createImageCache(createRequest({ name: 'one-shot' })));
  assert.deepEqual(codes, ['InternalError', 'InternalError', 'ok']);
  const log = await emu.requests();
  assert.deepEqual(log.filter((r) => r.action === 'CreateImageCache').slice(-3).map((r) => [r.statusCode, r.code]), [[500, 'InternalError'], [500, 'InternalError'], [200, null]]);
});

test('a bad fault specification is refused with 400 and a message naming the field', async () => {
  const reply = await emu.admin('PUT', '/_emulator/faults', { rules: [{ probability: 3, code: 'X' }] });
  assert.equal(reply.status, 400);
  assert.match(JSON.stringify(reply.body), /faults\.rules\[0\]\.probability/);
});
