// The unsigned admin API (EMULATOR.md): state, clock, faults, unknown paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as $Sts from '@alicloud/sts20150401';
import { ACCOUNT_A, ACCOUNT_B, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { stsClient } from '../helpers/sdk.js';

const USER = { accessKeyId: 'LTAI5tAdminTestUser0001', accessKeySecret: 'admin-user-secret' };
const emu = await withEmulator(twoAccountSeed({
  usersA: [{ name: 'u', accessKeys: [USER], policies: ['AliyunSTSAssumeRoleAccess'] }],
  rolesA: [{ roleName: 'r', trust: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: `acs:ram::${ACCOUNT_A}:root` } }] }, policies: ['AliyunRAMReadOnlyAccess'] }],
}));

test('GET /_emulator/state shows RAM and STS state per account and never a secret or token', async () => {
  const assumed = await stsClient(emu.endpoint, USER).assumeRole(new $Sts.AssumeRoleRequest({ roleArn: `acs:ram::${ACCOUNT_A}:role/r`, roleSessionName: 's1' }));
  const { status, body } = await emu.admin('GET', '/_emulator/state');
  assert.equal(status, 200);
  assert.deepEqual(Object.keys(body.accounts).sort(), [ACCOUNT_A, ACCOUNT_B]);
  const a = body.accounts[ACCOUNT_A];
  assert.deepEqual(a.ram.roles.map((r: { roleName: string }) => r.roleName), ['r']);
  assert.deepEqual(a.ram.users[0].accessKeyIds, [USER.accessKeyId]);
  assert.equal(a.sts.sessions[0].arn, `acs:ram::${ACCOUNT_A}:role/r/s1`);
  const text = JSON.stringify(body);
  for (const secret of [USER.accessKeySecret, 'root-secret-a', assumed.body?.credentials?.accessKeySecret, assumed.body?.credentials?.securityToken]) {
    assert.ok(secret && !text.includes(secret), 'no secret in the state');
  }
});

test('POST /_emulator/clock moves emulated time; bad bodies are 400', async () => {
  const before = (await emu.admin('GET', '/_emulator/clock')).body.nowMs;
  const moved = await emu.admin('POST', '/_emulator/clock', { advanceMs: 3_600_000 });
  assert.equal(moved.status, 200);
  assert.ok(moved.body.nowMs - before >= 3_600_000, 'emulated time moved by at least advanceMs');
  assert.equal((await emu.admin('POST', '/_emulator/clock', { advanceMs: -1 })).status, 400);
  assert.equal((await emu.admin('POST', '/_emulator/clock', 'not json')).status, 400);
});

test('PUT /_emulator/faults rejects a bad spec with 400; DELETE clears; unknown paths are 404', async () => {
  const bad = await emu.admin('PUT', '/_emulator/faults', { rules: [{ probability: 7 }] });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /faults\.rules\[0\]/);
  assert.equal((await emu.admin('PUT', '/_emulator/faults', { rules: [{ service: 'ram', code: 'Throttling.User' }] })).status, 200);
  assert.equal((await emu.admin('DELETE', '/_emulator/faults')).status, 200);
  assert.equal((await emu.admin('GET', '/_emulator/nothing')).status, 404);
});
