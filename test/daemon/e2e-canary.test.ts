import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync as write } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { policyDoc, startDaemon, waitFor } from './harness.js';
import { mintToken, testIssuer } from '../helpers/oidc.js';
import { oidcAccountDoc, rrsaSeed, spawnCli, startRrsaDaemon } from '../deploy/rrsa-harness.js';

// Canaries: if any of these strings reaches a log line, /status or /metrics, redaction failed.
const CANARY_SECRET = 'CanaryAKSecret7f3e9a1bQ2w';
const CANARY_SECRET_B = 'CanaryAKSecretB5d8c2e4R7t';
const CANARY_TOKEN = 'CanarySTSToken9x8y7z6w5v4u';
const LIMITED_KEY = 'LTAI5tLimitedA000000001';
const KEY_B = 'LTAI5tRootB000000000099';

const seed = {
  accounts: [
    {
      accountId: ACCOUNT_A,
      rootAccessKeys: [ROOT_A],
      // May read RAM but not write it: every create is a NoPermission.
      users: [{ name: 'limited', accessKeys: [{ accessKeyId: LIMITED_KEY, accessKeySecret: CANARY_SECRET }], policies: ['AliyunRAMReadOnlyAccess'] }],
    },
    { accountId: ACCOUNT_B, rootAccessKeys: [{ accessKeyId: KEY_B, accessKeySecret: CANARY_SECRET_B }] },
  ],
};

const accounts = `apiVersion: eci-acr-reconciler/v1alpha1
kind: Account
metadata: {name: main}
spec:
  accountId: "${ACCOUNT_A}"
  regionId: cn-hangzhou
  credentials: {source: env, accessKeyIdEnv: A_ID, accessKeySecretEnv: A_SECRET}
---
apiVersion: eci-acr-reconciler/v1alpha1
kind: Account
metadata: {name: other}
spec:
  accountId: "${ACCOUNT_B}"
  regionId: cn-hangzhou
  credentials: {source: env, accessKeyIdEnv: B_ID, accessKeySecretEnv: B_SECRET, securityTokenEnv: B_TOKEN}
`;
const env = { A_ID: LIMITED_KEY, A_SECRET: CANARY_SECRET, B_ID: KEY_B, B_SECRET: CANARY_SECRET_B, B_TOKEN: CANARY_TOKEN };

function assertNoCanary(text: string, where: string): void {
  for (const canary of [CANARY_SECRET, CANARY_SECRET_B, CANARY_TOKEN]) {
    assert.ok(!text.includes(canary), `${where} leaked a canary secret`);
  }
}

test('canary: no AccessKey secret or security token reaches the daemon logs, /status or /metrics, nor run --once output', async () => {
  const d = await startDaemon({
    seed,
    env,
    files: { 'accounts.yaml': accounts, 'a.yaml': policyDoc('canary-a'), 'b.yaml': policyDoc('canary-b', 'cr:GetRepository', 'other') },
    args: ['--log-level', 'debug'],
  });
  try {
    // Transport faults: SDK error messages quote the request URL.
    await d.emulator.admin('PUT', '/_emulator/faults', { seed: 3, rules: [{ service: 'ram', action: 'ListPolicies', code: 'ConnectionReset', times: 2 }, { service: 'ram', action: 'ListRoles', code: 'InternalError', times: 2 }] });
    await waitFor(async () => /NoPermission/.test(d.output()), 'the NoPermission failure to be logged', 15_000);
    // Transport failures quote request URLs in their messages.
    await waitFor(async () => /"code":"ECONNRESET"/.test(d.output()), 'a transport failure to be logged', 15_000);
    // Account "other" signs every call with a canary secret and sends the canary token.
    await waitFor(async () => /"resource":"policy\/\d+\/canary-b"/.test(d.output()), 'the token-bearing account at work', 15_000);
    const status = (await d.get('/status')).text;
    const failed = JSON.parse(status).resources.find((r: { key: string }) => r.key.endsWith('/canary-a'));
    assert.equal(failed.lastError.code, 'NoPermission');
    assert.ok(failed.lastError.requestId, 'the RequestId is reported');
    assertNoCanary(status, '/status');
    assertNoCanary((await d.get('/metrics')).text, '/metrics');
  } finally {
    assert.equal(await d.stop(), 0);
  }
  assert.match(d.output(), /"requestId":"[^"]+"/);
  assertNoCanary(d.output(), 'the daemon log');

  const once = captureIo({ env });
  const emulator = await startTestEmulator(seed);
  const dir = await mkdtemp(join(tmpdir(), 'canary-once-'));
  try {
    await writeFile(join(dir, 'accounts.yaml'), accounts);
    await writeFile(join(dir, 'a.yaml'), policyDoc('canary-a'));
    await writeFile(join(dir, 'b.yaml'), policyDoc('canary-b', 'cr:GetRepository', 'other'));
    const code = await runCli(['run', '--once', '--manifests', dir, '--endpoint', emulator.url, '--log-level', 'debug'], once);
    assert.equal(code, 1);
    assert.match(once.out() + once.err(), /NoPermission/);
    assertNoCanary(once.out() + once.err(), 'run --once output');
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

/** The OIDC canaries: both tokens (and their signatures), and every session the emulator issued (secret and security token). */
function assertNoOidcSecret(text: string, where: string, emulator: TestEmulator, tokens: string[]): void {
  const issued = [...emulator.world.keys.values()].filter((k) => k.securityToken !== undefined);
  assert.ok(issued.length > 0, 'sessions were issued');
  for (const key of issued) {
    assert.ok(!text.includes(key.secret), `no session AccessKey secret in ${where}`);
    assert.ok(!text.includes(key.securityToken ?? ''), `no session security token in ${where}`);
  }
  for (const token of tokens) {
    assert.ok(!text.includes(token), `no OIDC token in ${where}`);
    assert.ok(!text.includes(token.split('.')[2] ?? ''), `no OIDC token signature in ${where}`);
  }
}

/** Account `main` on a good token, `stale` on an expired one, each with one policy; TLS emulator with 2 s sessions. */
async function oidcCanarySetup(prefix: string) {
  const issuer = testIssuer();
  const emulator = await startTestEmulator(rrsaSeed(issuer, 2), { tls: true });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const sub = 'system:serviceaccount:eci-acr-reconciler:eci-acr-reconciler';
  const tokens = [mintToken(issuer, { sub }), mintToken(issuer, { sub, expiresIn: -30 })];
  write(join(dir, 'good.token'), tokens[0]!);
  write(join(dir, 'expired.token'), tokens[1]!);
  write(join(dir, 'ca.pem'), emulator.caCert ?? '');
  write(join(dir, 'accounts.yaml'), `${oidcAccountDoc('main', join(dir, 'good.token'))}---\n${oidcAccountDoc('stale', join(dir, 'expired.token'))}`);
  write(join(dir, 'a.yaml'), policyDoc('canary-oidc-a'));
  write(join(dir, 'b.yaml'), policyDoc('canary-oidc-b', 'cr:GetRepository', 'stale'));
  return { emulator, dir, tokens, caFile: join(dir, 'ca.pem') };
}

test('canary (issue 12): no OIDC token, issued session secret or session token reaches run --once output, even at debug level and on failure', async () => {
  const { emulator, dir, tokens, caFile } = await oidcCanarySetup('canary-oidc-');
  try {
    const run = await spawnCli(['run', '--once', '--manifests', dir, '--endpoint', emulator.url, '--log-level', 'debug'], {}, caFile);
    assert.equal(await run.exit, 1, 'the stale Account fails the run');
    const output = run.output();
    assert.match(output, /AuthenticationFail\.OIDCToken\.Expired/);
    assertNoOidcSecret(output, 'the run --once output', emulator, tokens);
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('canary (issue 12): no OIDC token, issued session secret or session token reaches the daemon log, /status or /metrics through several renewals and a failing Account', async () => {
  const { emulator, dir, tokens, caFile } = await oidcCanarySetup('canary-oidc-daemon-');
  const daemon = await startRrsaDaemon(dir, emulator.url, {}, caFile, ['--log-level', 'debug']);
  try {
    await waitFor(async () => {
      const { body } = await daemon.get('/status');
      const byKey = (suffix: string) => body.resources.find((r: { key: string }) => r.key.endsWith(suffix));
      return byKey('/canary-oidc-a')?.state === 'ready' && byKey('/canary-oidc-b')?.lastError?.code === 'AuthenticationFail.OIDCToken.Expired';
    }, 'main to converge and stale to fail on its expired token', 30_000);
    // Past a few 2 s sessions: renewals, and the failing Account retried, have all been logged.
    const exchanges = () => emulator.requests().then((log) => log.filter((r) => r.action === 'AssumeRoleWithOIDC').length);
    const before = await exchanges();
    await waitFor(async () => (await exchanges()) >= before + 6, 'more exchanges (renewals and retries)', 20_000);
    assertNoOidcSecret(JSON.stringify((await daemon.get('/status')).body), '/status', emulator, tokens);
    const metrics = (await daemon.text('/metrics')).text;
    assert.match(metrics, /# TYPE/, '/metrics answered');
    assertNoOidcSecret(metrics, '/metrics', emulator, tokens);
  } finally {
    assert.equal(await daemon.child.stop(), 0, 'the daemon stops cleanly');
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
  assert.match(daemon.child.output(), /"level":"debug"/, 'the log ran at debug level');
  assertNoOidcSecret(daemon.child.output(), 'the daemon log', emulator, tokens);
});
