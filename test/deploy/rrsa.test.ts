// issue 12, Deliver 5 and Acceptance: deploy/'s RRSA setup against the HTTPS emulator. The daemon
// runs with exactly the Deployment's environment, converges the cross-account example (Account
// `eci` through `source: default` + RRSA variables, Account `acr` through `source: oidc`), outlives
// several short sessions and a token rotation with zero failed calls, and heals after a failed renewal.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkPolicyText, trustPrincipals } from '../../src/policy/index.js';
import { waitFor } from '../daemon/harness.js';
import { ACCOUNT_A, ACCOUNT_B } from '../e2e/harness.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mintToken, testIssuer } from '../helpers/oidc.js';
import { deployDocuments, issuerMatchesDeploy, podSpec, rrsaPod, rrsaSeed, startRrsaDaemon, subjectOf, trustPolicyFor, writeToken } from './rrsa-harness.js';

const SESSION_SECONDS = 2;

test('deploy/ YAML parses; its trust policy validates with the policy checker and admits exactly the ServiceAccount of deploy/', () => {
  for (const file of ['deployment-configmap.yaml', 'deployment-git-sync.yaml', 'rbac-and-config.yaml']) assert.ok(deployDocuments(file).length > 0, `${file} has documents`);
  const pod = podSpec();
  for (const name of ['ALIBABA_CLOUD_ROLE_ARN', 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN', 'ALIBABA_CLOUD_OIDC_TOKEN_FILE']) assert.ok(pod.env[name], `the Deployment sets ${name}`);
  const text = trustPolicyFor(ACCOUNT_A);
  const checked = checkPolicyText(text, 'trust');
  assert.ok(checked.ok, `the trust policy passes the checker: ${checked.ok ? '' : checked.message}`);
  const doc = JSON.parse(text);
  assert.deepEqual(trustPrincipals(doc).federated, [pod.env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN], 'the trusted provider is the one the Deployment names');
  assert.equal(doc.Statement[0].Condition.StringEquals['oidc:sub'], subjectOf(pod));
  assert.equal(doc.Statement[0].Condition.StringEquals['oidc:aud'], pod.audience);
  assert.ok(issuerMatchesDeploy(), 'the test issuer is the placeholder issuer URL filled in');
  assert.equal(pod.env.ALIBABA_CLOUD_ROLE_ARN, `acs:ram::${ACCOUNT_A}:role/eci-acr-reconciler`);
});

test('the Deployment environment over HTTPS: converges the examples, outlives 3+ sessions and a token rotation with zero failed calls, and heals a failed renewal', async () => {
  // The cluster's signing key is rotated mid-run: the provider trusts both keys at first.
  const issuer = testIssuer('key-1');
  const rotated = testIssuer('key-2');
  const emu = await startTestEmulator(rrsaSeed([issuer, rotated], SESSION_SECONDS), { tls: true });
  const { pod, sub, caFile, tokenFile, tokenFileB, manifests, env } = rrsaPod(emu.caCert ?? '');
  const firstToken = mintToken(issuer, { sub, aud: pod.audience });
  writeToken(tokenFile, firstToken);
  writeToken(tokenFileB, mintToken(rotated, { sub, aud: pod.audience }));
  const { child: daemon, get, allReady, converged: examplesConverge } = await startRrsaDaemon(manifests, emu.url, env, caFile);
  try {
    await examplesConverge();
    const converged = Date.now();
    // Rotation: the kubelet rewrites the file with a token of the new key; once exchanges after the
    // rewrite have gone through, the provider drops the old key (the state RAM would be in after
    // the cluster's key rotation), so an exchange that still sent the old token would be refused.
    const rewritten = (await emu.requests()).length;
    writeToken(tokenFile, mintToken(rotated, { sub, aud: pod.audience }));
    await waitFor(async () => (await emu.requests()).slice(rewritten).filter((r) => r.action === 'AssumeRoleWithOIDC').length >= 4, 'exchanges after the rewrite', 20_000);
    for (const account of emu.world.seed.accounts) for (const idp of account.oidcProviders) idp.jwks.keys = idp.jwks.keys.filter((k) => k.kid !== issuer.kid);
    const marks = (await emu.requests()).length;
    await waitFor(async () => Date.now() > converged + 3 * SESSION_SECONDS * 1000 + 1000 && (await emu.requests()).length > marks + 20, 'three session lifetimes, and reconciling after the old key was dropped', 40_000);
    const log = await emu.requests();
    const failed = log.filter((r) => r.statusCode !== 200);
    assert.deepEqual(failed, [], 'zero failed calls through the whole run');
    assert.equal(log[0]?.action, 'AssumeRoleWithOIDC', 'the first call exchanges the token');
    // Every other call is signed with a session key an earlier exchange issued (the request log names
    // the signing AccessKeyId and the key each exchange issued).
    const issued = new Set<string>();
    for (const r of log) {
      if (r.action === 'AssumeRoleWithOIDC') {
        assert.ok(r.accessKeyId === null && r.issuedAccessKeyId !== null, 'the exchange is unsigned and issues a session key');
        issued.add(r.issuedAccessKeyId);
        continue;
      }
      assert.ok(r.keyKind === 'sts-session' && issued.has(r.accessKeyId ?? ''), `${r.action} is signed with an AccessKeyId an earlier AssumeRoleWithOIDC issued: ${JSON.stringify(r)}`);
    }
    assert.ok(log.some((r) => r.accountId === ACCOUNT_A) && log.some((r) => r.accountId === ACCOUNT_B), 'both Accounts call with their issued session (no AccessKey is configured anywhere)');
    const afterExpiry = log.slice(marks);
    assert.ok(afterExpiry.some((r) => r.action === 'AssumeRoleWithOIDC'), 'exchanges after the old key was dropped succeeded: the rewritten file was read');
    assert.ok(afterExpiry.some((r) => r.accountId === ACCOUNT_A && r.action !== 'AssumeRoleWithOIDC'), 'the daemon kept reconciling');
    assert.ok(await allReady(), 'still converged');

    // A failed renewal: Account acr's token expires; eci carries on; a fresh token heals acr.
    writeToken(tokenFileB, mintToken(rotated, { sub, aud: pod.audience, expiresIn: -60 }));
    const readyz = await waitFor(async () => {
      const r = await get('/readyz');
      return r.status === 503 && r.body.reasons.some((x: string) => x.startsWith('Account acr: credentials (source: oidc) failing')) ? r.body : undefined;
    }, '/readyz to report the failing credentials', 20_000);
    assert.ok(!readyz.reasons.some((x: string) => x.includes('Account eci')), 'Account eci is not reported');
    const { body: status } = await get('/status');
    const acr = status.resources.filter((r: { account?: string }) => r.account === 'acr');
    const eci = status.resources.filter((r: { account?: string }) => r.account === 'eci');
    assert.ok(acr.some((r: any) => r.lastError?.code === 'AuthenticationFail.OIDCToken.Expired' && /credentials of Account acr \(source: oidc/.test(r.lastError.message)), 'acr resources name the Account, source and code');
    assert.ok(eci.length > 0 && eci.every((r: { state: string }) => r.state === 'ready'), 'eci resources stay ready');
    writeToken(tokenFileB, mintToken(rotated, { sub, aud: pod.audience }));
    await waitFor(async () => (await get('/readyz')).status === 200 && (await allReady()), 'acr to heal without a restart', 20_000);
  } finally {
    const code = await daemon.stop();
    await emu.stop();
    assert.equal(code, 0, `daemon exit; output: ${daemon.output().slice(-2000)}`);
  }
  for (const secret of [firstToken, readFileSync(tokenFile, 'utf8')]) assert.ok(!daemon.output().includes(secret), 'no OIDC token in the daemon output');
});
