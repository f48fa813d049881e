// Issue 11 Deliver 5: `npm run test:live` "cleans up everything it created (also after a failure, and
// on SIGINT)". The runner runs as a child process exactly as npm starts it, its calls sent to a local
// emulator through the test-only ECI_ACR_LIVE_TEST_ENDPOINT (loopback only), and gets SIGINT as soon
// as the emulator holds something it created.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';
import { emulatorSetup, startConformanceEmulator } from './emulator-target.js';
import { TEST_ENDPOINT_VAR } from './live-env.js';

/** The live runner's variables, filled with the conformance emulator's accounts and registry. */
function liveEnv(emulator: TestEmulator): Record<string, string> {
  const s = emulatorSetup(emulator);
  const account = (a: 'A' | 'B') => ({
    [`ECI_ACR_LIVE_${a}_ACCESS_KEY_ID`]: s.accounts[a].credentials.accessKeyId,
    [`ECI_ACR_LIVE_${a}_ACCESS_KEY_SECRET`]: s.accounts[a].credentials.accessKeySecret,
    [`ECI_ACR_LIVE_${a}_VSWITCH_ID`]: s.accounts[a].vSwitchId,
    [`ECI_ACR_LIVE_${a}_SECURITY_GROUP_ID`]: s.accounts[a].securityGroupId,
  });
  return {
    ECI_ACR_LIVE: '1',
    ECI_ACR_LIVE_REGION: s.regionId,
    ...account('A'),
    ...account('B'),
    ECI_ACR_LIVE_INSTANCE_ID: s.registry.instanceId,
    ECI_ACR_LIVE_DEFAULT_DOMAIN: s.registry.defaultDomain,
    ECI_ACR_LIVE_CUSTOM_DOMAIN: s.registry.customDomain,
    ECI_ACR_LIVE_IMAGE: s.registry.image,
    ECI_ACR_LIVE_TRANSCRIPT: join(mkdtempSync(join(tmpdir(), 'live-sigint-')), 'transcript.json'),
    [TEST_ENDPOINT_VAR]: emulator.url,
    PATH: process.env.PATH ?? '',
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
  };
}

/** Roles, policies, image caches and container groups in either account whose names carry `prefix`. */
async function created(emulator: TestEmulator, prefix: string): Promise<string[]> {
  const state = (await emulator.admin('GET', '/_emulator/state')).body;
  const found: string[] = [];
  for (const [id, account] of Object.entries<any>(state.accounts)) {
    const names = [
      ...account.ram.roles.map((r: { roleName: string }) => `role ${r.roleName}`),
      ...account.ram.policies.map((p: { policyName: string }) => `policy ${p.policyName}`),
      ...(account.eci?.imageCaches ?? []).map((c: { ImageCacheName: string }) => `image cache ${c.ImageCacheName}`),
      ...(account.eci?.containerGroups ?? []).filter((g: { status: string }) => g.status !== 'Deleted').map((g: { name: string }) => `container group ${g.name}`),
    ];
    found.push(...names.filter((n) => n.includes(` ${prefix}-`)).map((n) => `${id} ${n}`));
  }
  return found;
}

test('D5: npm run test:live on SIGINT mid-run removes everything it created and exits 130', async () => {
  const emulator = await startConformanceEmulator();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/conformance/live.ts'], { env: liveEnv(emulator), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exit = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  try {
    const prefix = await waitFor(() => /running \d+ scenarios under prefix (\S+)/.exec(output)?.[1], 'the run to start', 30_000);
    const before = await waitFor(async () => {
      const found = await created(emulator, prefix);
      return found.length > 0 ? found : undefined;
    }, 'the run to create something', 30_000, 5);
    child.kill('SIGINT');
    assert.equal(await exit, 130, `exit code; output: ${output.slice(-2000)}`);
    assert.match(output, /SIGINT: cleaning up what this run created/);
    assert.deepEqual(await created(emulator, prefix), [], `everything created is gone (it had created ${before.join(', ')}); output: ${output.slice(-2000)}`);
    assert.doesNotMatch(output, /clean-up \w+/, 'no clean-up step failed');
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await emulator.stop();
  }
});

test('D5: the test-only endpoint override accepts loopback addresses only, and refuses before any call', () => {
  for (const endpoint of ['https://127.0.0.1:1', 'http://ram.aliyuncs.com:80', 'http://10.0.0.1:8080', 'http://127.0.0.1.example.com:1']) {
    const env = { ...liveEnv({ url: endpoint } as TestEmulator), [TEST_ENDPOINT_VAR]: endpoint };
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/conformance/no-network.mjs', 'test/conformance/live.ts'], { env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 2, `${endpoint} is refused; output: ${run.stdout}${run.stderr}`);
    assert.match(run.stdout, new RegExp(`test:live did not run \\(nothing was sent\\): ${TEST_ENDPOINT_VAR} is for tests against a local emulator only`));
  }
});
