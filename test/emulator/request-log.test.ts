// The request log is a ring of a documented size (src/emulator/README.md, "Admin API"): an emulator
// left running holds a bounded log and says how many entries it let go (issue 17 item 6).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import { RequestLog, type RequestLogEntry } from '../../src/emulator/request-log.js';
import { ACCOUNT_A, ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { ramClient } from '../helpers/sdk.js';

const entry = (action: string): RequestLogEntry => ({ service: 'ram', action, accountId: null, statusCode: 200, code: null });

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
  assert.deepEqual(body.requests, [
    { service: 'ram', action: 'ListRoles', accountId: ACCOUNT_A, statusCode: 200, code: null },
    { service: 'ram', action: 'ListRoles', accountId: ACCOUNT_A, statusCode: 200, code: null },
  ]);
  assert.deepEqual((await emu.admin('DELETE', '/_emulator/requests')).body, { requests: [], dropped: 0 });
  assert.deepEqual((await emu.admin('GET', '/_emulator/requests')).body, { requests: [], dropped: 0 });
});
