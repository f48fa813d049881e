// Issue 14, finding 1: `regionId: cn-shangai` passed `validate --strict` and `plan` went ahead;
// `regionId: Shanghai` got a hint that only repeated the field's description. Every regionId is now
// checked against Alibaba's public region IDs (src/manifests/data/regions.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifestTexts } from '../../src/manifests/index.js';
import { REGIONS } from '../../src/manifests/data/regions.js';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { load, positions } from './helpers.js';

const account = (name: string, id: string, region: string) => `apiVersion: eci-acr-reconciler/v1alpha1
kind: Account
metadata: {name: ${name}}
spec:
  accountId: "${id}"
  regionId: ${region}
`;

const PULL = `apiVersion: eci-acr-reconciler/v1alpha1
kind: AcrPullAccess
metadata: {name: pull}
spec:
  eciAccount: eci
  registry: {account: acr, edition: Enterprise, instanceId: cri-aaaa0000000000001, regionId: cn-hangzou}
`;

const cache = (name: string, last: string) => `apiVersion: eci-acr-reconciler/v1alpha1
kind: ImageCache
metadata: {name: ${name}}
spec:
  account: eci
  regionId: cn-beijng
  vSwitchId: vsw-a
  securityGroupId: sg-a
  images: [acme-registry.cn-hangzhou.cr.aliyuncs.com/eci_test/nginx:1.0]
  ${last}
`;

test('finding 1: regionId: cn-shangai is an UNKNOWN_REGION error with "did you mean cn-shanghai?", and no desired state', () => {
  const r = loadManifestTexts([{ file: 'a.yaml', text: account('eci', '1000000000000001', 'cn-shangai') }]);
  assert.deepEqual(positions(r.diagnostics), ['6:13 UNKNOWN_REGION']);
  const [d] = r.diagnostics;
  assert.equal(d?.severity, 'error');
  assert.equal(d?.message, 'regionId "cn-shangai" is not an Alibaba Cloud region ID; did you mean cn-shanghai?');
  assert.equal(r.state, undefined, 'nothing reaches the cloud');
});

test('finding 1: regionId: Shanghai gets a hint listing the likely IDs, not the field description', () => {
  const r = loadManifestTexts([{ file: 'a.yaml', text: account('eci', '1000000000000001', 'Shanghai') }]);
  assert.deepEqual(positions(r.diagnostics), ['6:13 INVALID_REGION']);
  assert.equal(r.diagnostics[0]?.hint, 'did you mean cn-shanghai or cn-shanghai-finance-1?');
  const tokyo = loadManifestTexts([{ file: 'a.yaml', text: account('eci', '1000000000000001', 'Tokyo') }]);
  assert.equal(tokyo.diagnostics[0]?.hint, 'did you mean ap-northeast-1?');
});

test('finding 1: every place a region appears is checked (AcrPullAccess registry, ImageCache, its AcrRegistryInfo)', () => {
  const r = load([PULL, cache('c', 'acrPullAccess: pull'), cache('d', 'acrRegistryInfo: [{instanceId: cri-aaaa0000000000001, regionId: ap-southeast-9}]')].join('---\n'));
  assert.deepEqual(positions(r.diagnostics).filter((p) => p.endsWith('UNKNOWN_REGION')), ['6:94 UNKNOWN_REGION', '13:13 UNKNOWN_REGION', '24:13 UNKNOWN_REGION', '28:67 UNKNOWN_REGION']);
  assert.match(r.diagnostics.find((d) => d.line === 6)!.message, /did you mean cn-hangzhou\?/);
});

test('finding 1: --allow-unknown-regions makes an unknown region a warning (validate exits 0; --strict still refuses)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regions-'));
  writeFileSync(join(dir, 'a.yaml'), account('eci', '1000000000000001', 'cn-brandnew-1'));
  const run = async (...flags: string[]) => {
    const io = captureIo();
    return { code: await runCli(['validate', ...flags, dir], io), out: io.out() };
  };
  const strictDefault = await run();
  assert.equal(strictDefault.code, 3, strictDefault.out);
  assert.match(strictDefault.out, /error UNKNOWN_REGION regionId "cn-brandnew-1" is not an Alibaba Cloud region ID\n/);
  assert.match(strictDefault.out, /hint: a region ID looks like cn-hangzhou, cn-shanghai or ap-southeast-1; for a region Alibaba opened after \d{4}-\d\d-\d\d, pass --allow-unknown-regions/);
  const allowed = await run('--allow-unknown-regions');
  assert.equal(allowed.code, 0, allowed.out);
  assert.match(allowed.out, /warning UNKNOWN_REGION/);
  assert.equal((await run('--allow-unknown-regions', '--strict')).code, 3);
});

test('finding 1: plan refuses an unknown region before any cloud call (exit 3)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regions-plan-'));
  writeFileSync(join(dir, 'a.yaml'), account('eci', '1000000000000001', 'cn-shangai'));
  const io = captureIo();
  // 127.0.0.1:9 (discard): nothing may be called; invalid manifests stop before the provider exists.
  assert.equal(await runCli(['plan', '--endpoint', '127.0.0.1:9', dir], io), 3);
  assert.match(io.err(), /UNKNOWN_REGION regionId "cn-shangai" is not an Alibaba Cloud region ID; did you mean cn-shanghai\?/);
});

test('finding 1: the region list is well formed: unique IDs that satisfy the schema pattern, each with a name', () => {
  const ids = REGIONS.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'no duplicates');
  for (const r of REGIONS) {
    assert.match(r.id, /^[a-z]{2,4}(-[a-z0-9]+){1,4}$/);
    assert.ok(r.name.length > 0, `${r.id} has a name`);
  }
  for (const id of ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'eu-central-1', 'us-west-1']) assert.ok(ids.includes(id), `${id} is listed`);
});
