import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyReport } from '../../src/daemon/engine-adapter.js';
import type { KeyOutcome } from '../../src/engine/outcomes.js';

const base: KeyOutcome = { key: 'role/1000/r', kind: 'role', accountName: 'main', accountId: '1000', name: 'r', outcome: 'unchanged', requeue: 'success', action: 'none', writes: 0 };

test('the daemon takes the engine\'s requeue decision as it is, never re-deciding it from the error class', () => {
  const cases: Partial<KeyOutcome>[] = [
    { outcome: 'created', action: 'create', writes: 2, requeue: 'success' },
    { outcome: 'pending', action: 'pending', requeue: 'requeueAfter' },
    // The error's class says "retryable" but the engine decided: the report follows the engine.
    { outcome: 'failed', action: 'create', error: { message: 'busy', code: 'Throttling.User', classification: 'retryable' }, requeue: 'terminal' },
    { outcome: 'failed', action: 'create', error: { message: 'denied', code: 'NoPermission', classification: 'permission' }, requeue: 'error' },
  ];
  for (const patch of cases) assert.equal(keyReport({ ...base, ...patch }).requeue, patch.requeue, JSON.stringify(patch));
});

test('a failed outcome carries its Alibaba code and RequestId; updates count as drift; writes as applied', () => {
  const failed = keyReport({ ...base, outcome: 'failed', requeue: 'terminal', action: 'update', error: { message: 'denied', code: 'NoPermission', requestId: 'req-9', classification: 'permission' } });
  assert.deepEqual(failed.error, { message: 'denied', code: 'NoPermission', requestId: 'req-9' });
  assert.equal(failed.drifted, true);
  assert.equal(failed.applied, false);
  const updated = keyReport({ ...base, outcome: 'updated', action: 'update', writes: 1, message: 'trust policy differs' });
  assert.deepEqual({ applied: updated.applied, drifted: updated.drifted, changes: updated.changes }, { applied: true, drifted: true, changes: ['updated: trust policy differs'] });
});
