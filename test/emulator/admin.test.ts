// The unsigned admin API (src/emulator/README.md): state, clock, faults, unknown paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request as httpRequest } from 'node:http';
import * as $Sts from '@alicloud/sts20150401';
import { runCli } from '../../src/cli/main.js';
import { ACCOUNT_A, ACCOUNT_B, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { captureIo } from '../helpers/io.js';
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

/** A raw admin request, so the test controls Host and Content-Type as a browser or rebinding page would. */
function rawAdmin(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: emu.host, port: emu.port, method, path, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('F2: the admin API refuses a foreign Host (403) and a non-JSON body (415) without acting on it', async () => {
  const before = (await emu.admin('GET', '/_emulator/clock')).body.nowMs;
  const advance = JSON.stringify({ advanceMs: 86_400_000 });
  const rebound = await rawAdmin('POST', '/_emulator/clock', { host: 'evil.example', 'content-type': 'text/plain' }, advance);
  assert.equal(rebound.status, 403);
  assert.match(rebound.body.error, /Host "evil\.example"/);
  const rebound2 = await rawAdmin('GET', '/_emulator/state', { host: `evil.example:${emu.port}` });
  assert.equal(rebound2.status, 403, 'reads are refused to a foreign Host too');
  const plain = await rawAdmin('POST', '/_emulator/clock', { host: `localhost:${emu.port}`, 'content-type': 'text/plain' }, advance);
  assert.equal(plain.status, 415);
  assert.match(plain.body.error, /application\/json/);
  const formPut = await rawAdmin('PUT', '/_emulator/faults', { host: `127.0.0.1:${emu.port}`, 'content-type': 'application/x-www-form-urlencoded' }, '{}');
  assert.equal(formPut.status, 415);
  const after = (await emu.admin('GET', '/_emulator/clock')).body.nowMs;
  assert.ok(after - before < 86_400_000, 'the refused requests did not move the clock');
  for (const host of [emu.endpoint, `localhost:${emu.port}`, `[::1]:${emu.port}`]) {
    const ok = await rawAdmin('POST', '/_emulator/clock', { host, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ advanceMs: 1 }));
    assert.equal(ok.status, 200, `Host ${host} is accepted`);
  }
});

test('F2: the emulator command warns on stderr when bound to a non-loopback address, not on loopback', async () => {
  for (const [host, warns] of [['0.0.0.0', true], ['127.0.0.1', false]] as const) {
    const stop = new AbortController();
    const io = captureIo({ signal: stop.signal, stdout: (t) => { if (t.startsWith('listening')) stop.abort(); } });
    assert.equal(await runCli(['emulator', '--host', host, '--port', '0'], io), 0);
    if (warns) assert.match(io.err(), /warning: the emulator listens on 0\.0\.0\.0, not a loopback address/);
    else assert.equal(io.err(), '', 'no warning on loopback');
  }
});
