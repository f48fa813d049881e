import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyReport } from '../../src/daemon/engine-adapter.js';
import type { KeyOutcome } from '../../src/engine/outcomes.js';

const base: KeyOutcome = { key: 'role/1000/r', kind: 'role', accountName: 'main', accountId: '1000', name: 'r', outcome: 'unchanged', action: 'none', writes: 0 };

test('engine outcomes map onto daemon states: converged, settling, retryable and terminal', () => {
  const cases: [Partial<KeyOutcome>, string][] = [
    [{ outcome: 'created', action: 'create', writes: 2 }, 'ready'],
    [{ outcome: 'unchanged' }, 'ready'],
    [{ outcome: 'pending', action: 'pending' }, 'progressing'],
    [{ outcome: 'failed', action: 'create', error: { message: 'busy', code: 'Throttling.User', classification: 'retryable' } }, 'failed'],
    [{ outcome: 'failed', action: 'create', error: { message: 'denied', code: 'NoPermission', classification: 'permission' } }, 'blocked'],
    [{ outcome: 'failed', action: 'conflict', message: 'not ours' }, 'blocked'],
    [{ outcome: 'skipped', action: 'create', message: 'dependency failed' }, 'failed'],
  ];
  for (const [patch, state] of cases) assert.equal(keyReport({ ...base, ...patch }).state, state, JSON.stringify(patch));
  assert.equal(keyReport({ ...base, outcome: 'skipped', action: 'delete' }, true).state, 'blocked', 'refused by the prune guard');
});

test('a failed outcome carries its Alibaba code and RequestId; updates count as drift; writes as applied', () => {
  const failed = keyReport({ ...base, outcome: 'failed', action: 'update', error: { message: 'denied', code: 'NoPermission', requestId: 'req-9', classification: 'permission' } });
  assert.deepEqual(failed.error, { message: 'denied', code: 'NoPermission', requestId: 'req-9' });
  assert.equal(failed.drifted, true);
  assert.equal(failed.applied, false);
  const updated = keyReport({ ...base, outcome: 'updated', action: 'update', writes: 1, message: 'trust policy differs' });
  assert.deepEqual({ applied: updated.applied, drifted: updated.drifted, changes: updated.changes }, { applied: true, drifted: true, changes: ['updated: trust policy differs'] });
});
