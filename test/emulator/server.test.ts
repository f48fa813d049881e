import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { stsClient } from '../helpers/sdk.js';

test('a static root key signs GetCallerIdentity and gets its account', async () => {
  const emu = await withEmulator(twoAccountSeed());
  const sts = stsClient(emu.endpoint, ROOT_A);
  const res = await sts.getCallerIdentity();
  assert.equal(res.body?.accountId, '1000000000000001');
});
