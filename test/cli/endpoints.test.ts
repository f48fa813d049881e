// Per-service endpoints of an Account must be Alibaba Cloud's over HTTPS unless the Account opts in
// (warned) or the run goes to the emulator (finding G2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { alibabaEndpointProblem } from '../../src/model/endpoints.js';
import { captureIo } from '../helpers/io.js';

function accountFile(extra: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'endpoints-'));
  const lines = [
    'apiVersion: eci-acr-reconciler/v1alpha1',
    'kind: Account',
    'metadata: {name: acr}',
    'spec:',
    '  accountId: "1000000000000002"',
    '  regionId: cn-hangzhou',
    ...extra,
  ];
  writeFileSync(join(dir, 'account.yaml'), `${lines.join('\n')}\n`);
  return dir;
}

async function validate(dir: string, ...flags: string[]) {
  const io = captureIo();
  const code = await runCli(['validate', '--manifests', dir, ...flags], io);
  rmSync(dir, { recursive: true, force: true });
  return { code, out: io.out() };
}

test('G2: an STS endpoint that is not Alibaba Cloud HTTPS is a validation error at its position, with a code', async () => {
  const dir = accountFile(['  endpoints:', '    sts: http://sts.attacker.example:80']);
  const { code, out } = await validate(dir);
  assert.equal(code, 3, out);
  assert.match(out, /account\.yaml:8:10: error ENDPOINT_NOT_ALIBABA endpoints\.sts uses http:\/\/, not HTTPS; uses port 80, not 443; "sts\.attacker\.example" is not an Alibaba Cloud STS endpoint/);
  assert.match(out, /allowCustomEndpoints: true/);
});

test('G2: allowCustomEndpoints: true accepts it with a warning; emulator mode accepts it silently', async () => {
  const optedIn = await validate(accountFile(['  allowCustomEndpoints: true', '  endpoints: {sts: "http://sts.attacker.example:80"}']));
  assert.equal(optedIn.code, 0, optedIn.out);
  assert.match(optedIn.out, /account\.yaml:7:25: warning CUSTOM_ENDPOINTS Account acr allows endpoints that are not Alibaba Cloud's/);
  const emulator = await validate(accountFile(['  endpoints: {ram: "127.0.0.1:9", sts: "127.0.0.1:9", eci: "127.0.0.1:9"}']), '--endpoint', 'http://127.0.0.1:8080');
  assert.equal(emulator.code, 0, emulator.out);
  assert.doesNotMatch(emulator.out, /ENDPOINT_NOT_ALIBABA|warning/);
});

test('G2: the documented Alibaba Cloud endpoint families validate without a warning', async () => {
  for (const [ram, sts, eci] of [
    ['ram.aliyuncs.com', 'sts.aliyuncs.com', 'eci.cn-hangzhou.aliyuncs.com'],
    ['https://ram.vpc-proxy.aliyuncs.com', 'sts.cn-hangzhou.aliyuncs.com', 'eci-vpc.cn-hangzhou.aliyuncs.com'],
    ['ram.aliyuncs.com:443', 'https://sts-vpc.cn-hangzhou.aliyuncs.com/', 'eci.aliyuncs.com'],
  ]) {
    const { code, out } = await validate(accountFile([`  endpoints: {ram: "${ram}", sts: "${sts}", eci: "${eci}"}`]));
    assert.equal(code, 0, `${ram} ${sts} ${eci}: ${out}`);
    assert.doesNotMatch(out, /warning/);
  }
});

test('G2: look-alike hosts are refused: another service, another domain, an OSS bucket name, a loopback address', () => {
  for (const [service, raw] of [
    ['sts', 'eci.cn-hangzhou.aliyuncs.com'],
    ['sts', 'sts.cn-hangzhou.aliyuncs.com.evil.example'],
    ['sts', 'sts.oss-cn-hangzhou.aliyuncs.com'],
    ['ram', '127.0.0.1:8080'],
    ['eci', 'http://eci.cn-hangzhou.aliyuncs.com'],
  ] as const) {
    assert.ok(alibabaEndpointProblem(service, raw) !== undefined, `${service} ${raw} is refused`);
  }
});
