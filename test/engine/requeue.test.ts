import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorClasses, type ErrorClass } from '../../src/model/errors.js';
import { outcomes, type OutcomeKind } from '../../src/engine/outcomes.js';
import { requeueFor, requeueOf, type Requeue } from '../../src/engine/requeue.js';
import type { Plan } from '../../src/plan/plan.js';
import type { ErrorInfo } from '../../src/plan/observed-state.js';
import type { RoleDiff } from '../../src/plan/types.js';
import { stateOf } from '../../src/daemon/status.js';

// Transient, or settled by a later look (a read racing a write): retried. Every other class waits for a change.
const RETRIED: readonly ErrorClass[] = ['retryable', 'not-found', 'already-exists'];
const expectedFor = (cls: ErrorClass): Requeue => (RETRIED.includes(cls) ? 'error' : 'terminal');

// A record over the union: a new outcome kind does not compile until it is decided here.

const BY_KIND: Record<OutcomeKind, Requeue> = {
  created: 'success',
  updated: 'success',
  replaced: 'success',
  deleted: 'success',
  unchanged: 'success',
  pending: 'requeueAfter',
  skipped: 'error',
  failed: 'error',
  suspended: 'success',
};

test('every error class has one requeue decision: transient or self-settling ones retry, the rest wait for a change', () => {
  for (const cls of errorClasses) assert.equal(requeueFor(cls), expectedFor(cls), cls);
  assert.equal(requeueFor(undefined), 'error', 'a failure that did not come from a cloud call is retried');
});

test('every outcome kind has one requeue decision; a failure follows its error class', () => {
  for (const [outcome, expected] of Object.entries(BY_KIND) as [OutcomeKind, Requeue][]) {
    assert.equal(requeueOf({ outcome, action: 'update', refused: false }), expected, outcome);
  }
  for (const cls of errorClasses) {
    assert.equal(requeueOf({ outcome: 'failed', action: 'create', classification: cls, refused: false }), expectedFor(cls), `failed with ${cls}`);
  }
  assert.equal(requeueOf({ outcome: 'failed', action: 'conflict', refused: false }), 'terminal', 'a resource we do not own waits for a person');
  assert.equal(requeueOf({ outcome: 'skipped', action: 'delete', refused: true }), 'terminal', 'refused by the prune guard: not retried');
  assert.equal(requeueOf({ outcome: 'skipped', action: 'create', refused: false }), 'error', 'skipped for a failed dependency: retried with it');
  assert.equal(requeueOf({ outcome: 'skipped', action: 'orphan', refused: false }), 'success', 'an orphan kept (no --prune, Retain) is not retried');
});

const roleDiff = (patch: Partial<RoleDiff>): RoleDiff => ({
  key: 'role/1000/r',
  kind: 'role',
  accountName: 'main',
  accountId: '1000',
  name: 'r',
  action: 'none',
  impact: 'none',
  reasons: [],
  changes: [],
  attach: [],
  detach: [],
  ...patch,
});

const planOf = (diffs: RoleDiff[], refused?: string): Plan => ({
  diffs,
  steps: [],
  impact: 'none',
  summary: { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0, pending: 0, conflict: 0, orphan: 0, error: 0 },
  ...(refused ? { refused } : {}),
});

test('the engine returns its requeue decision with every outcome', () => {
  const denied: ErrorInfo = { message: 'denied', code: 'NoPermission', classification: 'permission' };
  const busy: ErrorInfo = { message: 'busy', code: 'Throttling.User', classification: 'retryable' };
  const report = outcomes({
    plan: planOf([roleDiff({ key: 'role/1000/a' }), roleDiff({ key: 'role/1000/b', action: 'error', error: denied }), roleDiff({ key: 'role/1000/c', action: 'error', error: busy })]),
    applied: new Map(),
  });
  assert.deepEqual(report.map((o) => [o.key, o.outcome, o.requeue]), [
    ['role/1000/a', 'unchanged', 'success'],
    ['role/1000/b', 'failed', 'terminal'],
    ['role/1000/c', 'failed', 'error'],
  ]);
  const refused = outcomes({ plan: planOf([roleDiff({ action: 'delete' })], 'would delete 11 resources'), applied: new Map() });
  assert.deepEqual(refused.map((o) => [o.outcome, o.requeue]), [['skipped', 'terminal']]);
});

test('each requeue decision shows as its own /status state', () => {
  assert.deepEqual(stateOf, { success: 'ready', requeueAfter: 'progressing', error: 'failed', terminal: 'blocked' });
});

test('the daemon never decides a retry from an error class: the decision is made once, in the engine', () => {
  const dir = 'src/daemon';
  const readers = readdirSync(dir).filter((f) => f.endsWith('.ts') && /classification|RETRYABLE/.test(readFileSync(join(dir, f), 'utf8')));
  assert.deepEqual(readers, [], `daemon files reading an error class: ${readers.join(', ')}`);
});
