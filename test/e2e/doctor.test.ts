// Issue 13 acceptance, end to end: `doctor` as a RAM user holding only docs/doctor-ram-policy.json,
// against the emulator, through the CLI. --pod (ACK annotations on a Deployment), --image-cache (a
// Failed cache) and --access each print a fix; applying it (the manifest with `run --once`, the
// parameters through the SDK) turns the verdict to pullable. A cross-account chain with one image
// costs at most 12 calls, none of them a write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as $Eci from '@alicloud/eci20180808';
import * as $Ram from '@alicloud/ram20150501';
import { eciClient, ramClient } from '../helpers/sdk.js';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, ROOT_B, cli, clearRequests, exampleCopy, writesOf } from './harness.js';
import { doctorCli, doctorEmulator } from './doctor-harness.js';

const emulator = await doctorEmulator();
const dir = exampleCopy('cross-account');
const CUSTOM = 'registry.acme.example/eci_test/nginx:1.0';
const DEFAULT_DOMAIN = 'acme-registry.cn-hangzhou.cr.aliyuncs.com/eci_test/nginx:latest';
const INSTANCE = 'cri-aaaa0000000000001';
const nobody = (account: string) => `acs:ram::${account}:role/nobody`;

/** The fix's parameters as doctor flags. */
function flagsOf(parameters: Record<string, string>): string[] {
  const names: Record<string, string> = { ArnService: '--arn-service', ArnUser: '--arn-user', InstanceId: '--instance-id', RegionId: '--registry-region' };
  return Object.entries(parameters).flatMap(([k, v]) => {
    const flag = names[k.split('.')[2] ?? ''];
    return flag ? [flag, v] : [];
  });
}

async function applyFix(manifest: string): Promise<void> {
  appendFileSync(join(dir, 'doctor-fix.yaml'), `---\n${manifest}`);
  const run = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(run.code, 0, run.out + run.err);
}

test('I13-A3: a cross-account chain with one image: at most 12 calls, none a write, and pullable', async () => {
  const applied = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(applied.code, 0, applied.out + applied.err);
  await clearRequests(emulator);
  const arns = ['--arn-service', `acs:ram::${ACCOUNT_A}:role/nginx-pull-eci`, '--arn-user', `acs:ram::${ACCOUNT_B}:role/nginx-pull-acr`, '--instance-id', INSTANCE];
  const run = await doctorCli(emulator, [CUSTOM, '--manifests', dir, '--account', 'eci', ...arns]);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /pullable/);
  const requests = await emulator.requests();
  console.log(`doctor calls: ${requests.length} (${requests.map((r) => r.action).join(', ')})`);
  assert.ok(requests.length <= 12, `doctor made ${requests.length} calls: ${requests.map((r) => r.action).join(', ')}`);
  assert.deepEqual(writesOf(requests), []);
  assert.ok(requests.every((r) => r.statusCode === 200), `every call was allowed by the doctor policy: ${JSON.stringify(requests.filter((r) => r.statusCode !== 200))}`);
});

test('I13-A3: two images of one repository: each role, instance and repository is read once', async () => {
  await clearRequests(emulator);
  const arns = ['--arn-service', `acs:ram::${ACCOUNT_A}:role/nginx-pull-eci`, '--arn-user', `acs:ram::${ACCOUNT_B}:role/nginx-pull-acr`, '--instance-id', INSTANCE];
  const run = await doctorCli(emulator, [CUSTOM, CUSTOM.replace(':1.0', ':latest'), '--manifests', dir, '--account', 'eci', ...arns]);
  assert.equal(run.code, 0, run.out + run.err);
  const counts = new Map<string, number>();
  for (const r of await emulator.requests()) counts.set(r.action ?? '?', (counts.get(r.action ?? '?') ?? 0) + 1);
  for (const action of ['GetRole', 'ListPoliciesForRole', 'ListInstance', 'ListInstanceDomain', 'ListRepository', 'ListRepoTag']) {
    assert.ok((counts.get(action) ?? 0) <= (action === 'GetRole' || action === 'ListPoliciesForRole' ? 2 : 1), `${action} read ${counts.get(action)} times for two images: ${JSON.stringify([...counts])}`);
  }
});

test('I13-A2: --pod on a Deployment with ACK annotations prints a fix; applied, the pod is pullable', async () => {
  const pod = (annotations: Record<string, string>) =>
    ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  template:', '    metadata:', '      annotations:',
      ...Object.entries(annotations).map(([k, v]) => `        ${k}: "${v}"`), '    spec:', '      containers:', `        - {name: web, image: "${CUSTOM}"}`, ''].join('\n');
  const file = join(dir, '..', `${dir.split('/').at(-1)}-pod.yaml`);
  writeFileSync(file, pod({ 'k8s.aliyun.com/acr-instance-ids': `cn-hangzhou:${INSTANCE}`, 'k8s.aliyun.com/acr-service-arns': nobody(ACCOUNT_A), 'k8s.aliyun.com/acr-user-arns': nobody(ACCOUNT_B) }));
  const before = await doctorCli(emulator, ['--pod', file, '--account', 'eci', '--manifests', dir, '--output', 'json']);
  assert.equal(before.code, 1, before.err);
  const report = JSON.parse(before.out);
  assert.equal(report.images[0].firstBroken, 'service-role');
  assert.equal(report.entries[0].regionId, 'cn-hangzhou', 'the <region>:<id> form gives the RegionId');
  await applyFix(report.images[0].fix.manifest);
  writeFileSync(file, pod(report.images[0].fix.annotations));
  const after = await doctorCli(emulator, ['--pod', file, '--account', 'eci', '--manifests', dir]);
  assert.equal(after.code, 0, after.out + after.err);
});

test('I13-D1: --pod: a file that is not a workload is invalid input with file:line:col', async () => {
  const file = join(dir, '..', `${dir.split('/').at(-1)}-bad.yaml`);
  writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  const run = await doctorCli(emulator, ['--pod', file, '--account', 'eci', '--manifests', dir]);
  assert.equal(run.code, 3, run.out + run.err);
  assert.match(run.err, /-bad\.yaml:1:1: error POD_NOT_A_WORKLOAD /);
  assert.doesNotMatch(run.err, /\n\s+at /, 'no stack trace');
});

test('I13-A2: --image-cache on a Failed cache prints a fix; its parameters through the SDK build a Ready cache', async () => {
  const eci = eciClient(emulator.endpoint, ROOT_A);
  const create = async (info: Record<string, string>) => {
    const res = await eci.createImageCache(new $Eci.CreateImageCacheRequest({
      regionId: 'cn-hangzhou', imageCacheName: 'doctor-e2e', image: [DEFAULT_DOMAIN], securityGroupId: 'sg-1', vSwitchId: 'vsw-1',
      acrRegistryInfo: [new $Eci.CreateImageCacheRequestAcrRegistryInfo(info)],
    }));
    await emulator.advance(5_000);
    return res.body?.imageCacheId ?? '';
  };
  const failed = await create({ arnService: nobody(ACCOUNT_A), arnUser: nobody(ACCOUNT_B) });
  const flags = ['--arn-service', nobody(ACCOUNT_A), '--arn-user', nobody(ACCOUNT_B)];
  const text = await doctorCli(emulator, ['--image-cache', failed, '--account', 'eci', '--manifests', dir, ...flags]);
  assert.equal(text.code, 1, text.err);
  assert.match(text.out, new RegExp(`image cache ${failed}: Failed; latest event: Warning Failed: Failed to pull image`));
  assert.match(text.out, /✗ service-role +role acs:ram::1000000000000001:role\/nobody does not exist/);
  const report = JSON.parse((await doctorCli(emulator, ['--image-cache', failed, '--account', 'eci', '--manifests', dir, '--output', 'json', ...flags])).out);
  const fix = report.images[0].fix;
  await applyFix(fix.manifest);
  const info = Object.fromEntries(Object.entries(fix.parameters as Record<string, string>).map(([k, v]) => [(k.split('.')[2] ?? '').replace(/^./, (c) => c.toLowerCase()), v]));
  const ready = await create(info);
  const after = await doctorCli(emulator, ['--image-cache', ready, '--account', 'eci', '--manifests', dir, ...flagsOf(fix.parameters)]);
  assert.equal(after.code, 0, after.out + after.err);
  assert.match(after.out, new RegExp(`image cache ${ready}: Ready`));
});

test('I13-A2: --access checks an AcrPullAccess as deployed: a drifted trust is named, and the fix makes it pullable', async () => {
  const ram = ramClient(emulator.endpoint, ROOT_B);
  const trust = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT_A}:role/someone-else`] } }] });
  await ram.updateRole(new $Ram.UpdateRoleRequest({ roleName: 'nginx-pull-acr', newAssumeRolePolicyDocument: trust }));
  const before = await doctorCli(emulator, ['--access', 'nginx-pull', '--manifests', dir, '--output', 'json']);
  assert.equal(before.code, 1, before.err);
  const report = JSON.parse(before.out);
  assert.equal(report.images[0].firstBroken, 'user-trust');
  const fix = report.images[0].fix;
  assert.match(fix.manifest, /kind: AcrPullAccess/);
  await applyFix(fix.manifest);
  const name = /metadata: \{name: ([^}]+)\}/.exec(fix.manifest)?.[1] ?? '';
  const after = await doctorCli(emulator, ['--access', name, CUSTOM, '--manifests', dir]);
  assert.equal(after.code, 0, after.out + after.err);
});
