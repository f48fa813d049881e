// Issue 15, item 3: "the limits stay configurable per account". An Account's `rateLimits` replaces
// the client's rate for that account alone, and its `backgroundQuotaShare` the flag's share; the
// other accounts keep the defaults. Calls go to the emulator through the SDK; the pacing runs on a
// ManualClock, so each figure is the clock time the limiter made the calls wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAlibabaProvider } from '../../src/cloud/alibaba/index.js';
import type { Priority } from '../../src/cloud/limiter.js';
import type { DesiredAccount } from '../../src/model/desired.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { ACCOUNT_A, ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { driveClock } from '../helpers/wait.js';
import { account, envCreds } from './fixture.js';

const CALLS = 15;

test('issue 15: an Account\'s rateLimits and backgroundQuotaShare pace that account alone', async () => {
  const emu = await withEmulator(twoAccountSeed());
  const accounts: DesiredAccount[] = [
    { ...account('slow', ACCOUNT_A, envCreds('A')), rateLimits: { ram: 2 } },
    { ...account('shared', ACCOUNT_A, envCreds('A')), backgroundShare: 1 },
    account('plain', ACCOUNT_A, envCreds('A')),
  ];
  const clock = new ManualClock();
  const provider = createAlibabaProvider({ accounts, endpoint: emu.url, env: { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret }, clock });
  /** Clock time `CALLS` ListRoles of one account take at one priority (the limiter's waits only). */
  const paced = async (name: string, priority: Priority): Promise<number> => {
    const cloud = provider.withPriority(priority).account(name);
    await cloud.listRoles(); // pins the account (GetCallerIdentity) and spends one token
    clock.advance(10_000); // the bucket refills
    const start = clock.now();
    await driveClock(clock, Promise.all(Array.from({ length: CALLS }, () => cloud.listRoles())), { stepMs: 10 });
    return clock.now() - start;
  };
  // ram: 2 calls/s, burst 5: the 10 calls after the burst wait ~5 s. The default (18/s) ~0.6 s.
  const slow = await paced('slow', 'foreground');
  const plain = await paced('plain', 'foreground');
  assert.ok(slow >= 4_500, `rateLimits.ram 2: ${CALLS} calls waited ${slow} ms of clock, at least 4.5 s`);
  assert.ok(plain <= 1_000, `default RAM rate: ${CALLS} calls waited ${plain} ms, under 1 s`);
  // Background reads: the default share (25 % of 18/s, burst 1) waits ~3.1 s; a 100 % share ~0.8 s.
  const shared = await paced('shared', 'background');
  const plainBackground = await paced('plain', 'background');
  assert.ok(plainBackground >= 2_500, `default share: ${CALLS} background calls waited ${plainBackground} ms, at least 2.5 s`);
  assert.ok(shared <= 1_200, `backgroundQuotaShare 100%: ${CALLS} background calls waited ${shared} ms, under 1.2 s`);
});
