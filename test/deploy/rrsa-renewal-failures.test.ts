// issue 12, Deliver 4: "When refreshing fails (token expired, role deleted, trust changed), the
// affected Account's resources fail with an error naming the Account and the credential source,
// /readyz and /status say so, other Accounts carry on, and the next successful refresh heals it
// without a restart." rrsa.test.ts covers the expired token; this file covers the other two, each
// done to the reconciler's own role through the RAM API (the official SDK, signed by the account's
// root key), as an administrator would, and undone the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import { waitFor } from '../helpers/wait.js';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, ROOT_B } from '../e2e/harness.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { mintToken, testIssuer } from '../helpers/oidc.js';
import { ramClient } from '../helpers/sdk.js';
import { rrsaPod, rrsaSeed, startRrsaDaemon, trustPolicyFor, writeToken, type RrsaDaemon } from './rrsa-harness.js';

const SESSION_SECONDS = 2;
const ROLE = 'eci-acr-reconciler';
const POLICY = 'EciAcrReconcilerLeastPrivilege';

interface Break {
  account: 'eci' | 'acr';
  other: 'eci' | 'acr';
  accountId: string;
  source: string;
  code: string;
}

/** Waits until `broken` is reported failing by /readyz and /status while `other` stays ready and keeps calling. */
async function assertIsolatedFailure(emu: TestEmulator, daemon: RrsaDaemon, b: Break): Promise<void> {
  const reason = `Account ${b.account}: credentials (source: ${b.source}) failing: ${b.code}`;
  const readyz = await waitFor(async () => {
    const r = await daemon.get('/readyz');
    return r.status === 503 && r.body.reasons.includes(reason) ? r.body : undefined;
  }, `/readyz to report "${reason}"`, 20_000).catch(async (error: Error) => {
    throw new Error(`${error.message}; /readyz: ${JSON.stringify((await daemon.get('/readyz')).body)}; output: ${daemon.child.output().slice(-2000)}`);
  });
  assert.ok(!readyz.reasons.some((x: string) => x.includes(`Account ${b.other}`)), `Account ${b.other} is not reported: ${JSON.stringify(readyz.reasons)}`);
  const { body: status } = await daemon.get('/status');
  const broken = status.resources.filter((r: { account?: string }) => r.account === b.account);
  const source = b.source.replace(/[()]/g, '\\$&');
  assert.ok(
    broken.length > 0 && broken.every((r: any) => r.state !== 'ready' && r.lastError?.code === b.code && new RegExp(`credentials of Account ${b.account} \\(source: ${source}, role `).test(r.lastError.message)),
    `every ${b.account} resource fails naming the Account, the source and ${b.code}: ${JSON.stringify(broken)}`,
  );
  const others = status.resources.filter((r: { account?: string }) => r.account === b.other);
  assert.ok(others.length > 0 && others.every((r: { state: string }) => r.state === 'ready'), `${b.other} resources stay ready`);
  // Carrying on means still calling the cloud, not just keeping an old verdict.
  const mark = (await emu.requests()).length;
  const otherId = b.accountId === ACCOUNT_A ? ACCOUNT_B : ACCOUNT_A;
  await waitFor(async () => (await emu.requests()).slice(mark).some((r) => r.accountId === otherId && r.statusCode === 200 && r.action !== 'AssumeRoleWithOIDC'), `Account ${b.other} to keep reconciling`, 10_000);
}

async function assertHealed(daemon: RrsaDaemon, what: string): Promise<void> {
  await waitFor(async () => (await daemon.get('/readyz')).status === 200 && (await daemon.allReady()), `${what} to heal without a restart`, 20_000).catch(async (error: Error) => {
    throw new Error(`${error.message}; /readyz: ${JSON.stringify((await daemon.get('/readyz')).body)}`);
  });
}

test('renewal failures under the daemon: the role deleted, then the trust changed; each fails only its Account, names it and its source, and heals once undone', async () => {
  const issuer = testIssuer();
  const emu = await startTestEmulator(rrsaSeed(issuer, SESSION_SECONDS), { tls: true });
  const { pod, sub, caFile, tokenFile, tokenFileB, manifests, env } = rrsaPod(emu.caCert ?? '');
  for (const file of [tokenFile, tokenFileB]) writeToken(file, mintToken(issuer, { sub, aud: pod.audience, expiresIn: 3600 }));
  const ramA = ramClient(emu.endpoint, ROOT_A, { ca: emu.caCert! });
  const ramB = ramClient(emu.endpoint, ROOT_B, { ca: emu.caCert! });
  const daemon = await startRrsaDaemon(manifests, emu.url, env, caFile);
  try {
    await daemon.converged();

    // Role deleted: Account acr's role (source: oidc) goes away; STS answers EntityNotExist.Role.
    await ramB.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ policyName: POLICY, policyType: 'Custom', roleName: ROLE }));
    await ramB.deleteRole(new $Ram.DeleteRoleRequest({ roleName: ROLE }));
    await assertIsolatedFailure(emu, daemon, { account: 'acr', other: 'eci', accountId: ACCOUNT_B, source: 'oidc', code: 'EntityNotExist.Role' });
    await ramB.createRole(new $Ram.CreateRoleRequest({ roleName: ROLE, assumeRolePolicyDocument: trustPolicyFor(ACCOUNT_B) }));
    await ramB.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyName: POLICY, policyType: 'Custom', roleName: ROLE }));
    await assertHealed(daemon, 'Account acr, its role recreated,');

    // Trust changed: Account eci's role (source: default, the Deployment's RRSA variables) now admits
    // another ServiceAccount only; STS answers AuthenticationFail.NoPermission.
    const trust = trustPolicyFor(ACCOUNT_A);
    const otherTrust = trust.replace(sub, 'system:serviceaccount:kube-system:someone-else');
    assert.notEqual(otherTrust, trust, 'the trust names the subject');
    await ramA.updateRole(new $Ram.UpdateRoleRequest({ roleName: ROLE, newAssumeRolePolicyDocument: otherTrust }));
    await assertIsolatedFailure(emu, daemon, { account: 'eci', other: 'acr', accountId: ACCOUNT_A, source: 'default (RRSA environment)', code: 'AuthenticationFail.NoPermission' });
    await ramA.updateRole(new $Ram.UpdateRoleRequest({ roleName: ROLE, newAssumeRolePolicyDocument: trust }));
    await assertHealed(daemon, 'Account eci, its trust restored,');
  } finally {
    const code = await daemon.child.stop();
    await emu.stop();
    assert.equal(code, 0, `daemon exit; output: ${daemon.child.output().slice(-2000)}`);
  }
});
