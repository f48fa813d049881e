// Account pinning refused by GetCallerIdentity is terminal, as the ARN cross-check is: the daemon
// waits for a change of manifests or credentials instead of retrying the same keys with backoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAlibabaProvider } from '../../src/cloud/alibaba/index.js';
import { reconcileAll } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/index.js';
import { systemClock } from '../../src/runtime/clock.js';
import { RECONCILER_B, e2eEmulator, exampleCopy, reconcilerEnv } from '../e2e/harness.js';

test('a pinning mismatch found by GetCallerIdentity fails every resource of the Account as terminal, with no write', async () => {
  const emulator = await e2eEmulator();
  const { state } = loadManifests([exampleCopy('same-account-default-domain')]);
  assert.ok(state, 'the example loads');
  // Account default-domain is pinned to account A, but gets account B's keys.
  const env = reconcilerEnv(emulator, { ECI_ACCESS_KEY_ID: RECONCILER_B.accessKeyId, ECI_ACCESS_KEY_SECRET: RECONCILER_B.accessKeySecret });
  const provider = createAlibabaProvider({ accounts: state.accounts, env, clock: systemClock, retry: { attempts: 1 } });
  const report = await reconcileAll(state, { provider, clock: systemClock });
  const failed = report.outcomes.filter((o) => o.accountName === 'default-domain');
  assert.ok(failed.length > 0, 'the example declares resources in Account default-domain');
  for (const o of failed) {
    assert.equal(o.outcome, 'failed', o.key);
    assert.equal(o.error?.code, 'AccountMismatch', o.key);
    assert.equal(o.requeue, 'terminal', `${o.key} waits for a change instead of a backoff retry`);
    assert.equal(o.writes, 0, o.key);
  }
});
