// The request log is a ring of a documented size (src/emulator/README.md, "Admin API"): an emulator
// left running holds a bounded log and says how many entries it let go (issue 17 item 6).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import * as $Sts from '@alicloud/sts20150401';
import { newLogEntry, RequestLog, type RequestLogEntry } from '../../src/emulator/request-log.js';
import { ACCOUNT_A, ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { ramClient, stsClient } from '../helpers/sdk.js';

const entry = (action: string): RequestLogEntry => ({ ...newLogEntry(0), service: 'ram', action });

test('17.6: a full request log keeps the newest entries in arrival order and counts the ones it dropped', () => {
  const log = new RequestLog(3);
  for (const action of ['A', 'B', 'C', 'D', 'E']) log.push(entry(action));
  assert.deepEqual(log.entries().map((e) => e.action), ['C', 'D', 'E']);
  assert.equal(log.dropped, 2);
  assert.equal(log.length, 3);
  log.clear();
  assert.deepEqual([log.entries(), log.dropped], [[], 0]);
  log.push(entry('F'));
  assert.deepEqual(log.entries().map((e) => e.action), ['F']);
});

test('17.6: GET /_emulator/requests reports `dropped` beside the entries it still holds; DELETE resets both', async () => {
  const emu = await withEmulator(twoAccountSeed(), { requestLogSize: 2 });
  const ram = ramClient(emu.endpoint, ROOT_A);
  for (let i = 0; i < 3; i++) await ram.listRoles(new $Ram.ListRolesRequest({}));
  const { status, body } = await emu.admin('GET', '/_emulator/requests');
  assert.equal(status, 200);
  assert.equal(body.dropped, 1);
  assert.deepEqual(body.requests.map(({ at: _at, ...entry }: RequestLogEntry) => entry), [
    { service: 'ram', action: 'ListRoles', accountId: ACCOUNT_A, statusCode: 200, code: null, accessKeyId: ROOT_A.accessKeyId, keyKind: 'access-key', issuedAccessKeyId: null },
    { service: 'ram', action: 'ListRoles', accountId: ACCOUNT_A, statusCode: 200, code: null, accessKeyId: ROOT_A.accessKeyId, keyKind: 'access-key', issuedAccessKeyId: null },
  ]);
  assert.deepEqual((await emu.admin('DELETE', '/_emulator/requests')).body, { requests: [], dropped: 0 });
  assert.deepEqual((await emu.admin('GET', '/_emulator/requests')).body, { requests: [], dropped: 0 });
});

test('issue 12: each entry names the AccessKeyId that signed the call and its kind; AssumeRole names the session it issued; no secret or token', async () => {
  const USER = { accessKeyId: 'LTAI5tLogUserA000000001', accessKeySecret: 'log-user-secret-a' };
  const trust = { Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: [`acs:ram::${ACCOUNT_A}:user/u`] } }] };
  const emu = await withEmulator(twoAccountSeed({ usersA: [{ name: 'u', accessKeys: [USER], policies: ['AliyunSTSAssumeRoleAccess'] }], rolesA: [{ roleName: 'reader', trust, policies: ['AliyunRAMReadOnlyAccess'] }] }));
  const res = await stsClient(emu.endpoint, USER).assumeRole(new $Sts.AssumeRoleRequest({ roleArn: `acs:ram::${ACCOUNT_A}:role/reader`, roleSessionName: 'log-test' }));
  const issued = res.body?.credentials;
  const session = { accessKeyId: issued?.accessKeyId ?? '', accessKeySecret: issued?.accessKeySecret ?? '', securityToken: issued?.securityToken ?? '' };
  assert.ok(session.accessKeyId.startsWith('STS.'), 'a session was issued');
  await ramClient(emu.endpoint, session).listRoles(new $Ram.ListRolesRequest({}));
  const { body } = await emu.admin('GET', '/_emulator/requests');
  assert.deepEqual(
    body.requests.map((r: RequestLogEntry) => [r.action, r.accessKeyId, r.keyKind, r.issuedAccessKeyId]),
    [
      ['AssumeRole', USER.accessKeyId, 'access-key', session.accessKeyId],
      ['ListRoles', session.accessKeyId, 'sts-session', null],
    ],
  );
  const text = JSON.stringify(body);
  for (const secret of [USER.accessKeySecret, session.accessKeySecret, session.securityToken]) assert.ok(!text.includes(secret), 'no secret or security token in the request log');
});

test('issue 15: each entry carries its arrival time on the emulated clock, for per-second call rates', async () => {
  const emu = await withEmulator(twoAccountSeed());
  const ram = ramClient(emu.endpoint, ROOT_A);
  const before = Date.now();
  await ram.listRoles(new $Ram.ListRolesRequest({}));
  await emu.advance(60_000);
  await ram.listRoles(new $Ram.ListRolesRequest({}));
  const [first, second] = (await emu.requests()).map((r) => r.at);
  assert.ok(first! >= before && first! <= Date.now(), `the first call arrived now (${first})`);
  assert.ok(second! - first! >= 60_000, `the second arrived after the emulated minute (${second! - first!} ms later)`);
});
