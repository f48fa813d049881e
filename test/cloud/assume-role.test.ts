import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleProvider, type AssumeRoleParams, type SessionCredentials } from '../../src/cloud/alibaba/assume-role.js';
import { ManualClock } from '../../src/runtime/clock.js';

const params: AssumeRoleParams = { roleArn: 'acs:ram::1000000000000002:role/r', roleSessionName: 's', durationSeconds: 3600 };

test('concurrent callers share one AssumeRole; the result is cached until 5 minutes before expiry', async () => {
  const clock = new ManualClock();
  const calls: number[] = [];
  const assume = async (): Promise<SessionCredentials> => {
    calls.push(clock.now());
    return { accessKeyId: `STS.${calls.length}`, accessKeySecret: 'x', securityToken: 't', expiresAt: clock.now() + 3600_000 };
  };
  const provider = new AssumeRoleProvider({ params, clock, assume });
  const [a, b] = await Promise.all([provider.getCredentials(), provider.getCredentials()]);
  assert.equal(calls.length, 1);
  assert.equal(a.accessKeyId, 'STS.1');
  assert.equal(b.accessKeyId, 'STS.1');
  clock.advance(54 * 60_000);
  assert.equal((await provider.getCredentials()).accessKeyId, 'STS.1');
  clock.advance(2 * 60_000);
  assert.equal((await provider.getCredentials()).accessKeyId, 'STS.2');
  assert.equal(provider.getProviderName(), 'eci-acr-reconciler/assume_role');
});

test('a failed AssumeRole is not cached: the next call tries again', async () => {
  let n = 0;
  const provider = new AssumeRoleProvider({
    params,
    clock: new ManualClock(),
    assume: async () => {
      n += 1;
      if (n === 1) throw new Error('boom');
      return { accessKeyId: 'STS.ok', accessKeySecret: 'x', securityToken: 't', expiresAt: Date.UTC(2027, 0, 1) };
    },
  });
  await assert.rejects(provider.getCredentials(), /boom/);
  assert.equal((await provider.getCredentials()).accessKeyId, 'STS.ok');
});
