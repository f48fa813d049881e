// issue 12, Acceptance "negative cases through the library": tokens STS must refuse, each in its own
// Account with `source: oidc` in one `run --once` over HTTPS. Each is refused with its code as a
// per-Account error naming the source, the well-configured Account still converges, the run exits
// 1, and no token reaches the output.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { policyDoc } from '../daemon/harness.js';
import { ACCOUNT_A } from '../e2e/harness.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mintToken, providerArn, strangerKey, testIssuer } from '../helpers/oidc.js';
import { oidcAccountDoc, rrsaSeed, spawnCli } from './rrsa-harness.js';

const SUB = 'system:serviceaccount:eci-acr-reconciler:eci-acr-reconciler';

test('refused tokens: wrong audience, wrong issuer, expired, an unadmitted subject, a bad signature', async () => {
  const issuer = testIssuer();
  const emu = await startTestEmulator(rrsaSeed(issuer), { tls: true });
  const dir = mkdtempSync(join(tmpdir(), 'oidc-refusals-'));
  writeFileSync(join(dir, 'ca.pem'), emu.caCert ?? '');
  const cases: Record<string, { token: string; code: string }> = {
    'wrong-audience': { token: mintToken(issuer, { sub: SUB, aud: 'not-sts' }), code: 'AuthenticationFail.OIDCToken.AudienceNotMatch' },
    'wrong-issuer': { token: mintToken(issuer, { sub: SUB, iss: 'https://attacker.example/issuer' }), code: 'AuthenticationFail.OIDCToken.Invalid' },
    expired: { token: mintToken(issuer, { sub: SUB, expiresIn: -30 }), code: 'AuthenticationFail.OIDCToken.Expired' },
    'other-subject': { token: mintToken(issuer, { sub: 'system:serviceaccount:default:intruder' }), code: 'AuthenticationFail.NoPermission' },
    'bad-signature': { token: mintToken(issuer, { sub: SUB }, strangerKey()), code: 'AuthenticationFail.OIDCToken.InvalidSignature' },
    good: { token: mintToken(issuer, { sub: SUB }), code: '' },
  };
  const manifests = join(dir, 'manifests');
  mkdirSync(manifests);
  for (const [name, { token }] of Object.entries(cases)) {
    writeFileSync(join(dir, `${name}.token`), token);
    writeFileSync(
      join(manifests, `${name}.yaml`),
      `${oidcAccountDoc(name, join(dir, `${name}.token`))}---
${policyDoc(`refusal-${name}`, 'cr:GetRepository', name)}`,
    );
  }
  try {
    const run = await spawnCli(['run', '--once', '--manifests', manifests, '--endpoint', emu.url], {}, join(dir, 'ca.pem'));
    const code = await run.exit;
    const output = run.output();
    assert.equal(code, 1, `exit code; output: ${output.slice(-1500)}`);
    for (const [name, { token, code: expected }] of Object.entries(cases)) {
      assert.ok(!output.includes(token), `the ${name} token stays out of the output`);
      if (name === 'good') continue;
      assert.match(output, new RegExp(`credentials of Account ${name} \\(source: oidc, role [^)]+\\): ${expected.replaceAll('.', '\\.')}\\b`), `${name} is refused with ${expected}`);
    }
    const state = (await emu.admin('GET', '/_emulator/state')).body;
    const names = state.accounts[ACCOUNT_A].ram.policies.map((p: { policyName: string }) => p.policyName);
    assert.ok(names.includes('refusal-good'), 'the well-configured Account converged');
    assert.ok(!names.some((n: string) => n.startsWith('refusal-') && n !== 'refusal-good'), 'refused Accounts changed nothing');
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
  } finally {
    await emu.stop();
  }
});

test('refused token under source: default (the RRSA environment): wrong audience is a per-Account error naming the source, exit 1, no token in the output', async () => {
  const issuer = testIssuer();
  const emu = await startTestEmulator(rrsaSeed(issuer), { tls: true });
  const dir = mkdtempSync(join(tmpdir(), 'oidc-refusals-default-'));
  writeFileSync(join(dir, 'ca.pem'), emu.caCert ?? '');
  const token = mintToken(issuer, { sub: SUB, aud: 'not-sts' });
  writeFileSync(join(dir, 'token'), token);
  const manifests = join(dir, 'manifests');
  mkdirSync(manifests);
  const account = oidcAccountDoc('pod', 'unused').replace(/credentials: \{source: oidc[^\n]*\n/, 'credentials: {source: default}\n');
  assert.match(account, /credentials: \{source: default\}/, 'the Account reads the RRSA environment');
  writeFileSync(join(manifests, 'pod.yaml'), `${account}---\n${policyDoc('refusal-default', 'cr:GetRepository', 'pod')}`);
  const env = {
    ALIBABA_CLOUD_ROLE_ARN: `acs:ram::${ACCOUNT_A}:role/eci-acr-reconciler`,
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN: providerArn(ACCOUNT_A),
    ALIBABA_CLOUD_OIDC_TOKEN_FILE: join(dir, 'token'),
  };
  try {
    const run = await spawnCli(['run', '--once', '--manifests', manifests, '--endpoint', emu.url], env, join(dir, 'ca.pem'));
    const code = await run.exit;
    const output = run.output();
    assert.equal(code, 1, `exit code; output: ${output.slice(-1500)}`);
    assert.match(output, /credentials of Account pod \(source: default \(RRSA environment\), role acs:ram::\d+:role\/eci-acr-reconciler\): AuthenticationFail\.OIDCToken\.AudienceNotMatch\b/);
    assert.ok(!output.includes(token) && !output.includes(token.split('.')[2]!), 'the token and its signature stay out of the output');
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
    const log = await emu.requests();
    assert.deepEqual([...new Set(log.map((r) => `${r.action}:${r.code}`))], ['AssumeRoleWithOIDC:AuthenticationFail.OIDCToken.AudienceNotMatch'], 'only refused exchanges reached the cloud');
  } finally {
    await emu.stop();
  }
});
