// Credential sources that read the process environment and home directory (`default`, `profile`),
// and x-acs-retry-after honoured end to end. This file owns its process: it sets HOME and
// ALIBABA_CLOUD_* variables for itself only.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CloudError } from '../../src/cloud/provider.js';
import { systemClock } from '../../src/runtime/clock.js';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, ROOT_B, withEmulator } from '../helpers/emulator.js';
import { account, provider, type Recorded } from './fixture.js';

const emu = await withEmulator({ accounts: [{ accountId: ACCOUNT_A, rootAccessKeys: [ROOT_A] }, { accountId: ACCOUNT_B, rootAccessKeys: [ROOT_B] }] });
const home = mkdtempSync(join(tmpdir(), 'eci-acr-cloud-home-'));
process.env['HOME'] = home;
mkdirSync(join(home, '.alibabacloud'));
writeFileSync(
  join(home, '.alibabacloud', 'credentials'),
  `[ini-b]\ntype = access_key\naccess_key_id = ${ROOT_B.accessKeyId}\naccess_key_secret = ${ROOT_B.accessKeySecret}\n`,
);
mkdirSync(join(home, '.aliyun'));
writeFileSync(
  join(home, '.aliyun', 'config.json'),
  JSON.stringify({ current: 'cli-a', profiles: [{ name: 'cli-a', mode: 'AK', access_key_id: ROOT_A.accessKeyId, access_key_secret: ROOT_A.accessKeySecret }] }),
);

describe('credentials from the Alibaba chain and profiles', () => {
  test('default: the library chain picks up ALIBABA_CLOUD_ACCESS_KEY_* from the environment', async () => {
    process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'] = ROOT_A.accessKeyId;
    process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] = ROOT_A.accessKeySecret;
    try {
      const cloud = provider({ accounts: [account('d', ACCOUNT_A, { source: 'default' })], env: {}, endpoint: emu.endpoint }).account('d');
      assert.equal(await cloud.callerAccountId(), ACCOUNT_A);
    } finally {
      delete process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'];
      delete process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'];
    }
  });

  test('profile: a section of ~/.alibabacloud/credentials', async () => {
    const cloud = provider({ accounts: [account('p', ACCOUNT_B, { source: 'profile', profile: 'ini-b' })], env: {}, endpoint: emu.endpoint }).account('p');
    assert.equal(await cloud.callerAccountId(), ACCOUNT_B);
  });

  test('profile: a profile of ~/.aliyun/config.json when the CLI config is enabled', async () => {
    const saved = process.env['ALIBABA_CLOUD_CLI_PROFILE_DISABLED'];
    delete process.env['ALIBABA_CLOUD_CLI_PROFILE_DISABLED'];
    try {
      const cloud = provider({ accounts: [account('c', ACCOUNT_A, { source: 'profile', profile: 'cli-a' })], env: {}, endpoint: emu.endpoint }).account('c');
      assert.equal(await cloud.callerAccountId(), ACCOUNT_A);
    } finally {
      if (saved !== undefined) process.env['ALIBABA_CLOUD_CLI_PROFILE_DISABLED'] = saved;
    }
  });

  test('profile: an unknown profile is a terminal error naming it', async () => {
    const cloud = provider({ accounts: [account('x', ACCOUNT_A, { source: 'profile', profile: 'nope' })], env: {}, endpoint: emu.endpoint }).account('x');
    await assert.rejects(cloud.callerAccountId(), (e: unknown) => {
      assert.ok(e instanceof CloudError, `expected CloudError, got ${String(e)}`);
      assert.equal(e.details.code, 'ProfileNotFound');
      assert.equal(e.details.classification, 'terminal');
      assert.match(e.message, /profile "nope"/);
      return true;
    });
  });
});

describe('x-acs-retry-after', () => {
  test('a server rate limit is retried after the delay the server asked for', async () => {
    const set = await emu.admin('PUT', '/_emulator/faults', { seed: 1, rules: [], rateLimits: [{ service: 'sts', action: 'GetCallerIdentity', limit: 1, intervalMs: 300 }] });
    assert.equal(set.status, 200);
    const recorded: Recorded = { calls: [], retries: [] };
    const env = { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret };
    const creds = { source: 'env' as const, accessKeyIdEnv: 'A_ID', accessKeySecretEnv: 'A_SECRET' };
    const cloud = provider({ accounts: [account('a', ACCOUNT_A, creds)], env, endpoint: emu.endpoint, clock: systemClock, retry: { attempts: 6 } }, recorded).account('a');
    assert.equal(await cloud.callerAccountId(), ACCOUNT_A);
    assert.equal(await cloud.callerAccountId(), ACCOUNT_A);
    await emu.admin('DELETE', '/_emulator/faults');
    assert.ok(recorded.retries.length >= 1, 'the injected fault was retried');
    for (const r of recorded.retries) {
      assert.match(r.code, /Throttling/);
      assert.ok(r.retryAfterMs !== undefined && r.retryAfterMs > 0 && r.retryAfterMs <= 300, `retry-after ${r.retryAfterMs}`);
      assert.equal(r.delayMs, r.retryAfterMs);
    }
  });
});
