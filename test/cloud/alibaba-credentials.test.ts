// Credentials, endpoints and redaction of the Alibaba adapter against the emulator.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAlibabaProvider } from '../../src/cloud/alibaba/index.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, ROOT_B, withEmulator } from '../helpers/emulator.js';
import { account, envCreds, instantClock, provider, type Recorded, rejected, TRUST_ECI, trustAccount } from './fixture.js';

const DEPLOYER = { accessKeyId: 'LTAI5tDeployerA00000001', accessKeySecret: 'deployer-secret-a' };
const emu = await withEmulator({
  accounts: [
    {
      accountId: ACCOUNT_A,
      rootAccessKeys: [ROOT_A],
      users: [{ name: 'deployer', accessKeys: [DEPLOYER], policies: [{ policyName: 'AliyunSTSAssumeRoleAccess' }] }],
    },
    {
      accountId: ACCOUNT_B,
      rootAccessKeys: [ROOT_B],
      roles: [{ roleName: 'reconciler', trust: trustAccount(ACCOUNT_A), policies: [{ policyName: 'AliyunRAMFullAccess' }] }],
    },
  ],
});
const env = { D_ID: DEPLOYER.accessKeyId, D_SECRET: DEPLOYER.accessKeySecret, A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret };
const roleInB = `acs:ram::${ACCOUNT_B}:role/reconciler`;
const assumeB = account('b', ACCOUNT_B, { source: 'assumeRole', roleArn: roleInB, via: 'deployer', sessionName: 'eci-acr-reconciler' });
const deployer = account('deployer', ACCOUNT_A, envCreds('D'));

describe('credentials', () => {
  test('env credentials: a missing variable is a terminal error naming it, and nothing is sent', async () => {
    await emu.admin('DELETE', '/_emulator/requests');
    const cloud = provider({ accounts: [account('a', ACCOUNT_A, envCreds('MISSING'))], env: { MISSING_ID: 'LTAI5tSomething' }, endpoint: emu.endpoint }).account('a');
    const error = await rejected(cloud.listRoles());
    assert.equal(error.details.classification, 'terminal');
    assert.equal(error.details.code, 'MissingEnvironmentVariable');
    assert.match(error.message, /environment variable MISSING_SECRET is not set/);
    assert.ok(!error.message.includes('LTAI5tSomething'), error.message);
    assert.deepEqual(await emu.requests(), []);
  });

  test('assumeRole over plain HTTP: a RAM user in A assumes a role in B, and calls run as that role', async () => {
    await emu.admin('DELETE', '/_emulator/requests');
    const recorded: Recorded = { calls: [], retries: [] };
    const cloud = provider({ accounts: [deployer, assumeB], env, endpoint: emu.endpoint }, recorded).account('b');
    assert.equal(await cloud.callerAccountId(), ACCOUNT_B);
    await cloud.createRole({ roleName: 'made-by-session', trustDocument: TRUST_ECI, description: 'd', maxSessionDuration: 3600, tags: {} });
    assert.ok((await cloud.listRoles()).some((r) => r.roleName === 'made-by-session'), 'the role created with the assumed session is listed');
    const log = await emu.requests();
    // One AssumeRole by account A's user serves every later call of account B (cached).
    assert.deepEqual(log.filter((r) => r.action === 'AssumeRole').map((r) => [r.accountId, r.statusCode]), [[ACCOUNT_A, 200]]);
    assert.ok(log.filter((r) => r.action === 'CreateRole').every((r) => r.accountId === ACCOUNT_B && r.statusCode === 200), 'CreateRole went to account B and succeeded');
    assert.ok(recorded.calls.some((c) => c.service === 'sts' && c.action === 'AssumeRole' && c.accountName === 'deployer' && c.outcome === 'ok'), 'the AssumeRole call is recorded under the deployer account');
  });

  test('assumeRole credentials are renewed when less than five minutes remain by the injected clock', async () => {
    await emu.admin('DELETE', '/_emulator/requests');
    const clock = new ManualClock(Date.now());
    const cloud = createAlibabaProvider({ accounts: [deployer, assumeB], env, endpoint: emu.endpoint, clock, sessionDurationSeconds: 3600 }).account('b');
    await cloud.callerAccountId();
    clock.advance(50 * 60_000);
    await cloud.callerAccountId();
    clock.advance(6 * 60_000);
    await cloud.callerAccountId();
    const assumes = (await emu.requests()).filter((r) => r.action === 'AssumeRole');
    assert.equal(assumes.length, 2);
  });

  test('assumeRole refused by the trust policy is a permission error from STS AssumeRole', async () => {
    const wrong = account('b', ACCOUNT_B, { source: 'assumeRole', roleArn: roleInB, via: 'rootb', sessionName: 'eci-acr-reconciler' });
    const rootB = account('rootb', ACCOUNT_B, envCreds('B'));
    const cloud = provider({ accounts: [rootB, wrong], env: { B_ID: ROOT_B.accessKeyId, B_SECRET: ROOT_B.accessKeySecret }, endpoint: emu.endpoint }).account('b');
    const error = await rejected(cloud.listRoles());
    assert.equal(error.details.classification, 'permission');
    assert.match(error.message, new RegExp(`^sts AssumeRole role ${roleInB}: NoPermission`));
  });

  test('a throttled AssumeRole is retried by the call that needs it, without multiplying attempts', async () => {
    await emu.admin('DELETE', '/_emulator/requests');
    await emu.admin('PUT', '/_emulator/faults', { seed: 1, rules: [{ service: 'sts', action: 'AssumeRole', code: 'Throttling.User', statusCode: 400, probability: 1 }] });
    const cloud = createAlibabaProvider({ accounts: [deployer, assumeB], env, endpoint: emu.endpoint, clock: instantClock, retry: { attempts: 3 } }).account('b');
    const error = await rejected(cloud.listRoles());
    await emu.admin('DELETE', '/_emulator/faults');
    assert.equal(error.details.classification, 'retryable');
    assert.equal((await emu.requests()).filter((r) => r.action === 'AssumeRole').length, 3);
    assert.ok((await cloud.listRoles()).some((r) => r.roleName === 'reconciler'), 'the call succeeds once the faults are gone');
  });

  test('an assumeRole chain that loops is a terminal configuration error', async () => {
    const x = account('x', ACCOUNT_A, { source: 'assumeRole', roleArn: roleInB, via: 'y', sessionName: 's1' });
    const y = account('y', ACCOUNT_A, { source: 'assumeRole', roleArn: roleInB, via: 'x', sessionName: 's2' });
    const error = await rejected(provider({ accounts: [x, y], env, endpoint: emu.endpoint }).account('x').listRoles());
    assert.equal(error.details.code, 'CredentialCycle');
    assert.equal(error.details.classification, 'terminal');
  });
});

describe('endpoint override', () => {
  test('host:port, http://host:port and the environment variable all reach the emulator', async () => {
    const variants = [
      { endpoint: emu.endpoint, env },
      { endpoint: emu.url, env },
      { endpoint: `http://localhost:${emu.port}/`, env },
      { env: { ...env, ECI_ACR_RECONCILER_ENDPOINT: emu.url } },
      { env: { ...env, ECI_ACR_RECONCILER_ENDPOINT: `localhost:${emu.port}` } },
    ];
    for (const v of variants) {
      const cloud = provider({ accounts: [account('a', ACCOUNT_A, envCreds('A'))], ...v }).account('a');
      assert.equal(await cloud.callerAccountId(), ACCOUNT_A, JSON.stringify(v.endpoint ?? v.env.ECI_ACR_RECONCILER_ENDPOINT));
    }
  });

  test('a malformed endpoint is rejected up front with a clear message', () => {
    assert.throws(() => provider({ accounts: [], env, endpoint: 'ftp://127.0.0.1:1' }), /unsupported scheme "ftp"/);
    assert.throws(() => provider({ accounts: [], env, endpoint: 'http://127.0.0.1:1/path?x=1' }), /only scheme, host and port/);
  });
});

describe('no secret in any CloudError', () => {
  const CANARY_SECRET = 'canary-secret-Zx81Qp';
  const CANARY_TOKEN = 'CAIScanaryTokenQ7vYw';

  test('a wrong secret and a bogus security token produce errors without them', async () => {
    const creds = {
      source: 'env' as const,
      accessKeyIdEnv: 'K_ID',
      accessKeySecretEnv: 'K_SECRET',
      securityTokenEnv: 'K_TOKEN',
    };
    const cases = [
      { K_ID: DEPLOYER.accessKeyId, K_SECRET: CANARY_SECRET, K_TOKEN: CANARY_TOKEN },
      { K_ID: 'STS.canaryKeyId', K_SECRET: CANARY_SECRET, K_TOKEN: CANARY_TOKEN },
    ];
    for (const caseEnv of cases) {
      const cloud = provider({ accounts: [account('k', ACCOUNT_A, creds)], env: caseEnv, endpoint: emu.endpoint }).account('k');
      for (const call of [cloud.listRoles(), cloud.callerAccountId(), cloud.listImageCaches('cn-hangzhou', {})]) {
        const error = await rejected(call);
        const everything = `${error.message} ${JSON.stringify(error.details)} ${error.stack ?? ''}`;
        assert.ok(!everything.includes(CANARY_SECRET) && !everything.includes(CANARY_TOKEN), everything);
        assert.ok(['permission', 'terminal'].includes(error.details.classification), error.message);
      }
    }
  });

  test('a connection reset is retried and its message keeps no URL query', async () => {
    await emu.admin('PUT', '/_emulator/faults', { seed: 1, rules: [{ service: 'ram', action: 'ListRoles', code: 'ConnectionReset', probability: 1 }] });
    const recorded: Recorded = { calls: [], retries: [] };
    const cloud = createAlibabaProvider({
      accounts: [account('a', ACCOUNT_A, envCreds('A'))],
      env,
      endpoint: emu.endpoint,
      clock: instantClock,
      retry: { attempts: 3 },
      onRetry: (r) => recorded.retries.push(r),
    }).account('a');
    const error = await rejected(cloud.listRoles());
    await emu.admin('DELETE', '/_emulator/faults');
    assert.equal(error.details.classification, 'retryable');
    assert.equal(recorded.retries.length, 2);
    assert.ok(!/\?[A-Za-z]+=/.test(error.message), error.message);
    assert.ok(!error.message.includes('MaxItems='), error.message);
  });
});

describe('credentials: oidc (issue 12)', () => {
  test('source oidc against a plain-HTTP endpoint is a terminal error naming the Account and the fix, and nothing is sent', async () => {
    await emu.admin('DELETE', '/_emulator/requests');
    const oidc = account('pod', ACCOUNT_A, { source: 'oidc', roleArn: `acs:ram::${ACCOUNT_A}:role/x`, oidcProviderArn: `acs:ram::${ACCOUNT_A}:oidc-provider/p`, tokenFile: '/nonexistent/token', sessionName: 's1' });
    const error = await rejected(provider({ accounts: [oidc], env: {}, endpoint: emu.endpoint }).account('pod').listRoles());
    assert.deepEqual([error.details.classification, error.details.code], ['terminal', 'PlainHttpStsEndpoint']);
    assert.match(error.message, /credentials of Account pod \(source: oidc\) need an HTTPS STS endpoint.*--tls/);
    assert.deepEqual(await emu.requests(), []);
  });

  test('source default with RRSA variables follows --endpoint: over plain HTTP it says so instead of calling sts.aliyuncs.com', async () => {
    const rrsa = { ALIBABA_CLOUD_ROLE_ARN: `acs:ram::${ACCOUNT_A}:role/x`, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: `acs:ram::${ACCOUNT_A}:oidc-provider/p`, ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/nonexistent/token' };
    const error = await rejected(provider({ accounts: [account('pod', ACCOUNT_A, { source: 'default' })], env: rrsa, endpoint: emu.endpoint }).account('pod').listRoles());
    assert.equal(error.details.code, 'PlainHttpStsEndpoint');
    assert.match(error.message, /source: default \(RRSA environment\)/);
  });
});
