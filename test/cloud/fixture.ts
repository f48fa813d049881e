// Shared setup for adapter tests: Account manifests as the adapter receives them, and a provider
// pointed at an in-process emulator with a clock whose sleeps return at once (retries stay fast).
import assert from 'node:assert/strict';
import { CloudError } from '../../src/cloud/provider.js';
import type { DesiredAccount, CredentialSource } from '../../src/model/desired.js';
import type { Clock } from '../../src/runtime/clock.js';
import { createAlibabaProvider, type AlibabaProviderOptions, type CallEvent, type RetryNotice } from '../../src/cloud/alibaba/index.js';

export const instantClock: Clock = { now: () => Date.now(), sleep: async () => undefined };

export function account(name: string, accountId: string, credentials: CredentialSource, regionId = 'cn-hangzhou'): DesiredAccount {
  return { name, accountId, ownerId: name, regionId, credentials, endpoints: {}, origin: { kind: 'Account', name } };
}

export const envCreds = (prefix: string): CredentialSource => ({ source: 'env', accessKeyIdEnv: `${prefix}_ID`, accessKeySecretEnv: `${prefix}_SECRET` });

export interface Recorded {
  calls: CallEvent[];
  retries: RetryNotice[];
}

export function provider(opts: Partial<AlibabaProviderOptions> & Pick<AlibabaProviderOptions, 'accounts' | 'env'>, recorded?: Recorded) {
  return createAlibabaProvider({
    clock: instantClock,
    timeouts: { connectTimeoutMs: 5000, readTimeoutMs: 5000 },
    onCall: (e) => recorded?.calls.push(e),
    onRetry: (r) => recorded?.retries.push(r),
    ...opts,
  });
}

export const TRUST_ECI = JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['eci.aliyuncs.com'] } }] });
export const trustAccount = (accountId: string) =>
  JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: [`acs:ram::${accountId}:root`] } }] });
export const DOC = (action: string) => JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: [action], Resource: ['*'] }] });

/** The ownership tag filter the adapter tests list and create with. */
export const OWNED = { 'managed-by': 'eci-acr-reconciler' };

/** Awaits `p`, which must fail with a CloudError, and returns that error for further checks. */
export async function rejected(p: Promise<unknown>): Promise<CloudError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof CloudError, `expected CloudError, got ${String(error)}`);
    return error;
  }
  throw new Error('expected a CloudError');
}
