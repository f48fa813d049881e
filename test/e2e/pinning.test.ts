// Account pinning cannot be fooled by an endpoint (finding G2): a fake STS that answers
// GetCallerIdentity with the pinned account ID, while RAM and ECI are the emulator and the keys
// belong to another account. RAM's own ARNs give the real account away before any write lands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNT_A, ACCOUNT_B, RECONCILER_A, cli, e2eEmulator, removeDir, writesOf } from './harness.js';
import type { TestEmulator } from '../helpers/emulator.js';

/** A loopback "STS" that claims every caller is `accountId`; it counts what it was asked. */
async function lyingSts(accountId: string): Promise<{ url: string; actions: string[]; server: Server }> {
  const actions: string[] = [];
  const server = createServer((req, res) => {
    const action = String(req.headers['x-acs-action'] ?? new URL(req.url ?? '/', 'http://x').searchParams.get('Action') ?? '');
    actions.push(action);
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ RequestId: 'FAKE-0001', AccountId: accountId, UserId: '200000000000000001', Arn: `acs:ram::${accountId}:user/reconciler`, IdentityType: 'RAMUser', PrincipalId: '200000000000000001' });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, actions, server };
}

/** Account `acr`, pinned to ACCOUNT_B, with its RAM and ECI at the emulator and its STS at `stsUrl`. */
function manifests(emulator: TestEmulator, stsUrl: string, rest: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pinning-'));
  const account = [
    'apiVersion: eci-acr-reconciler/v1alpha1',
    'kind: Account',
    'metadata: {name: acr}',
    'spec:',
    `  accountId: "${ACCOUNT_B}"`,
    '  regionId: cn-hangzhou',
    '  credentials: {source: env, accessKeyIdEnv: ACR_ACCESS_KEY_ID, accessKeySecretEnv: ACR_ACCESS_KEY_SECRET}',
    '  allowCustomEndpoints: true',
    `  endpoints: {ram: "${emulator.url}", sts: "${stsUrl}", eci: "${emulator.url}"}`,
  ].join('\n');
  writeFileSync(join(dir, 'manifests.yaml'), `${account}\n---\n${rest}`);
  return dir;
}

// No global --endpoint (it would override the Account's endpoints); account A's keys under the
// variables of the Account pinned to B.
const SWAPPED_KEYS = { ECI_ACR_RECONCILER_ENDPOINT: '', ACR_ACCESS_KEY_ID: RECONCILER_A.accessKeyId, ACR_ACCESS_KEY_SECRET: RECONCILER_A.accessKeySecret };

const TRUST = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['ecs.aliyuncs.com'] } }] });

test('G2: a fake STS answering with the pinned account ID cannot make writes land in the real account (roles listed)', async (t) => {
  const emulator = await e2eEmulator({ rolesA: [{ roleName: 'existing', trust: TRUST, description: 'made by a human' }] });
  const sts = await lyingSts(ACCOUNT_B);
  t.after(() => sts.server.close());
  const example = readFileSync('manifests/examples/same-account-custom-domain/manifests.yaml', 'utf8');
  // The example's documents after its Account, pointed at this test's Account acr.
  const body = example.slice(example.indexOf('---', example.indexOf('kind: Account')) + 4).replace(/: custom-domain$/gm, ': acr');
  const dir = manifests(emulator, sts.url, body);
  t.after(() => removeDir(dir));
  const run = await cli(emulator, ['run', '--once', '--manifests', dir], SWAPPED_KEYS);
  assert.equal(run.code, 1, run.out + run.err);
  assert.ok(sts.actions.includes('GetCallerIdentity'), `the fake STS was asked for the caller identity: ${sts.actions.join(', ')}`);
  assert.match(run.out + run.err, new RegExp(`AccountMismatch.*Account acr .*expected ${ACCOUNT_B}, seen ${ACCOUNT_A}`));
  assert.match(run.err, /warning CUSTOM_ENDPOINTS/);
  const requests = await emulator.requests();
  assert.deepEqual(writesOf(requests), [], 'no write reached the emulator');
  assert.equal(requests.some((r) => r.action === 'GetCallerIdentity'), false, 'pinning asked the fake STS, not the emulator');
});

test('G2: a role created in the wrong account stops the account before its next write (roles created)', async (t) => {
  const emulator = await e2eEmulator();
  const sts = await lyingSts(ACCOUNT_B);
  t.after(() => sts.server.close());
  const role = [
    'apiVersion: eci-acr-reconciler/v1alpha1',
    'kind: RamRole',
    'metadata: {name: pull-role}',
    'spec:',
    '  account: acr',
    '  description: a role',
    '  trust: {services: [eci.aliyuncs.com]}',
    '  policies: [{system: AliyunSTSAssumeRoleAccess}]',
  ].join('\n');
  const dir = manifests(emulator, sts.url, `${role}\n`);
  t.after(() => removeDir(dir));
  const run = await cli(emulator, ['run', '--once', '--manifests', dir], SWAPPED_KEYS);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out + run.err, new RegExp(`AccountMismatch.*Account acr .*expected ${ACCOUNT_B}, seen ${ACCOUNT_A}`));
  // The empty account gave nothing away before the create; the create's own ARN did, so nothing followed it.
  assert.deepEqual(writesOf(await emulator.requests()), ['CreateRole']);
});
