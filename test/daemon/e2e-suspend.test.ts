// Issue 16 item 3: the suspend annotation. A role drifted by hand while suspended stays drifted
// through daemon passes and a `run --once`, both with --prune, and is reported as suspended in
// /status, /metrics and the plan; lifting the annotation converges it. The emulator's state and
// request log are the witnesses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as $Ram from '@alicloud/ram20150501';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { ACCOUNT_A, ROOT_A } from '../helpers/emulator.js';
import { ramClient } from '../helpers/sdk.js';
import { accountDoc, policyDoc, startDaemon, waitFor, type RunningDaemon } from './harness.js';

const roleDoc = (annotations = '') => `apiVersion: eci-acr-reconciler/v1alpha1
kind: RamRole
metadata:
  name: paused-role${annotations}
spec:
  account: main
  description: suspend e2e
  trust:
    services: [eci.aliyuncs.com]
`;
const SUSPENDED = '\n  annotations: {eci-acr-reconciler/suspend: "true"}';
const HAND_TRUST = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT_A}:root`] } }] });
const WRITE = /^(Create|Update|Delete|Attach|Detach|Set|Tag|Untag)/;

async function roleTrust(d: RunningDaemon): Promise<string | undefined> {
  const roles = (await d.emulator.admin('GET', '/_emulator/state')).body.accounts[ACCOUNT_A].ram.roles;
  return roles.find((r: { roleName: string }) => r.roleName === 'paused-role')?.trust;
}

const statusOf = async (d: RunningDaemon) => (await d.json('/status')).resources.find((r: { key: string }) => r.key.startsWith('role/') && r.key.endsWith('/paused-role'));

async function cliOnce(d: RunningDaemon, argv: string[]) {
  const io = captureIo({ env: { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret }, cwd: d.dir });
  const code = await runCli([...argv, '--manifests', d.dir, '--endpoint', d.emulator.url], io);
  return { code, out: io.out(), err: io.err() };
}

test('suspend: a suspended role drifted by hand stays drifted through daemon and run --once passes with --prune, is reported as suspended, and converges once un-suspended', async () => {
  const d = await startDaemon({
    files: { 'account.yaml': accountDoc(), 'role.yaml': roleDoc(), 'keep.yaml': policyDoc('suspend-keep') },
    args: ['--prune', '--prune-confirm', '0s', '--resync', '200ms'],
  });
  try {
    await waitFor(async () => (await roleTrust(d))?.includes('eci.aliyuncs.com'), 'the role created', 15_000);
    await d.write('role.yaml', roleDoc(SUSPENDED));
    await waitFor(async () => (await statusOf(d))?.state === 'suspended', '/status to say suspended', 10_000);

    await ramClient(d.emulator.endpoint, ROOT_A).updateRole(new $Ram.UpdateRoleRequest({ roleName: 'paused-role', newAssumeRolePolicyDocument: HAND_TRUST }));
    await d.emulator.admin('DELETE', '/_emulator/requests');
    const passes = await d.passes();
    await waitFor(async () => (await d.passes()) >= passes + 3, 'three more daemon passes', 15_000);
    const status = await statusOf(d);
    assert.equal(status?.state, 'suspended', JSON.stringify(status));
    assert.equal(status?.drifted, true, `the drift is reported: ${JSON.stringify(status)}`);
    assert.match((await d.get('/metrics')).text, /^eci_acr_reconciler_resources\{state="suspended"\} 1$/m);

    const once = await cliOnce(d, ['run', '--once', '--prune', '--prune-confirm', '0s']);
    assert.equal(once.code, 0, once.out + once.err);
    assert.match(once.out, /^suspended +role paused-role \(main\): suspended \(eci-acr-reconciler\/suspend\): left untouched; trust policy differs/m);
    const text = await cliOnce(d, ['plan', '--prune', '--detailed-exitcode']);
    assert.equal(text.code, 0, `a suspended drift is not a change the plan makes:\n${text.out}${text.err}`);
    assert.match(text.out, /~ role paused-role: suspended \(eci-acr-reconciler\/suspend\): left untouched; trust policy differs/);
    assert.match(text.out, /1 suspended/);
    const json = JSON.parse((await cliOnce(d, ['plan', '--prune', '--output', 'json'])).out);
    const resource = json.accounts[0].resources.find((r: { name: string }) => r.name === 'paused-role');
    assert.equal(resource.suspended, true, JSON.stringify(resource));
    assert.deepEqual(resource.steps, [], 'no steps for a suspended resource');

    const writes = (await d.emulator.requests()).filter((r) => r.action !== null && WRITE.test(r.action));
    assert.deepEqual(writes.map((r) => r.action), [], 'no writes while suspended (daemon and run --once)');
    assert.equal(await roleTrust(d), HAND_TRUST, 'the hand-edited trust stays');

    await d.write('role.yaml', roleDoc());
    await waitFor(async () => (await roleTrust(d))?.includes('eci.aliyuncs.com'), 'the trust restored once un-suspended', 15_000);
    await waitFor(async () => (await statusOf(d))?.state === 'ready', '/status to say ready', 10_000);
  } finally {
    assert.equal(await d.stop(), 0);
  }
});
