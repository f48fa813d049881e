// Role creation follows the trust graph: a role whose trust names a role created in the same pass is
// created after it with its final trust, so the pass makes no UpdateRole (counted in the request log).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAlibabaProvider } from '../../src/cloud/alibaba/index.js';
import { reconcileAll } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/index.js';
import { systemClock } from '../../src/runtime/clock.js';
import { e2eEmulator, reconcilerEnv } from '../e2e/harness.js';

test('cross-account: the ECI-side role is created before the registry role that trusts it, and no UpdateRole follows', async () => {
  const emulator = await e2eEmulator();
  const { state } = loadManifests(['manifests/examples/cross-account-explicit']);
  assert.ok(state, 'the example loads');
  const provider = createAlibabaProvider({ accounts: state.accounts, env: reconcilerEnv(emulator), clock: systemClock, retry: { attempts: 1 } });
  const report = await reconcileAll(state, { provider, clock: systemClock });
  assert.equal(report.ok, true, JSON.stringify(report.outcomes));
  const requests = await emulator.requests();
  const creates = requests.filter((r) => r.action === 'CreateRole').map((r) => r.accountId);
  assert.deepEqual(creates, ['1000000000000001', '1000000000000002'], 'the ECI account (trusted) first, then the registry account');
  assert.equal(requests.filter((r) => r.action === 'UpdateRole').length, 0);
  const writes = requests.filter((r) => !/^(List|Get|Describe)/.test(r.action ?? ''));
  assert.equal(writes.length, report.writes);
});
