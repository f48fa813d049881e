import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PruneConfirmation, type ManifestRead } from '../../src/daemon/prune-confirm.js';
import { ManualClock } from '../../src/runtime/clock.js';

const full = new Map([
  ['a.yaml', 'digest-a'],
  ['b.yaml', 'digest-b'],
]);
const truncated = new Map([
  ['a.yaml', 'digest-a'],
  ['b.yaml', 'digest-empty'],
]);
const read = (clock: ManualClock, digests: ReadonlyMap<string, string>, changedWhileRead: string[] = []): ManifestRead => ({
  at: clock.now(),
  digests,
  changedWhileRead,
});

test('B8: the same digests read twice at least confirmMs apart confirm the deletions', () => {
  const clock = new ManualClock();
  const rule = new PruneConfirmation(30_000);
  const first = rule.observe(read(clock, full));
  assert.equal(first.confirmed, false, 'a single read never confirms');
  assert.equal(!first.confirmed && first.retryInMs, 30_000);
  clock.advance(10_000);
  const early = rule.observe(read(clock, full));
  assert.deepEqual(early.confirmed ? 'confirmed' : early.retryInMs, 20_000, 'a read before the interval waits for the rest of it');
  clock.advance(20_000);
  assert.deepEqual(rule.observe(read(clock, full)), { confirmed: true, since: clock.now() - 30_000 });
});

test('B8: a file empty for less than confirmMs never confirms its absence, and restoring it restarts the wait', () => {
  const clock = new ManualClock();
  const rule = new PruneConfirmation(5_000);
  rule.observe(read(clock, full));
  clock.advance(5_000);
  assert.equal(rule.observe(read(clock, full)).confirmed, true, 'the full files are confirmed');
  const whileEmpty = rule.observe(read(clock, truncated));
  assert.equal(whileEmpty.confirmed, false, 'a changed file is never confirmed on its first read');
  assert.match(!whileEmpty.confirmed ? whileEmpty.reason : '', /b\.yaml changed since the previous read/);
  clock.advance(1_500);
  const restored = rule.observe(read(clock, full));
  assert.equal(restored.confirmed, false, 'the restored content is a change too: it waits its own interval');
  clock.advance(4_999);
  assert.equal(rule.observe(read(clock, full)).confirmed, false);
  clock.advance(1);
  assert.equal(rule.observe(read(clock, full)).confirmed, true);
});

test('B8: a truncated file that stays so for the whole interval is confirmed (a deliberate deletion)', () => {
  const clock = new ManualClock();
  const rule = new PruneConfirmation(5_000);
  rule.observe(read(clock, truncated));
  clock.advance(5_000);
  assert.equal(rule.observe(read(clock, truncated)).confirmed, true);
});

test('B8: a read during which a file changed never counts, and the next read starts over', () => {
  const clock = new ManualClock();
  const rule = new PruneConfirmation(5_000);
  rule.observe(read(clock, full));
  clock.advance(5_000);
  const torn = rule.observe(read(clock, full, ['b.yaml']));
  assert.equal(torn.confirmed, false, 'a torn read is not a confirming read');
  assert.match(!torn.confirmed ? torn.reason : '', /b\.yaml changed while being read/);
  clock.advance(5_000);
  assert.equal(rule.observe(read(clock, full)).confirmed, false, 'the torn read reset the window');
  clock.advance(5_000);
  assert.equal(rule.observe(read(clock, full)).confirmed, true);
});

test('B8: an invalid read (reset) restarts the wait; a file that disappears is a change', () => {
  const clock = new ManualClock();
  const rule = new PruneConfirmation(5_000);
  rule.observe(read(clock, full));
  clock.advance(5_000);
  rule.reset();
  assert.equal(rule.observe(read(clock, full)).confirmed, false, 'after a reset one read is not enough');
  clock.advance(5_000);
  const gone = rule.observe(read(clock, new Map([['a.yaml', 'digest-a']])));
  assert.match(!gone.confirmed ? gone.reason : 'confirmed', /b\.yaml changed/);
});

test('B8: a git-sync symlink swap to identical content keeps the confirmation (digests are by content)', () => {
  const clock = new ManualClock();
  const rule = new PruneConfirmation(5_000);
  rule.observe(read(clock, full));
  clock.advance(5_000);
  // The same display paths resolve into a new worktree with the same bytes: nothing changed.
  assert.equal(rule.observe(read(clock, new Map(full))).confirmed, true);
});

test('confirmMs 0 turns the rule off: every valid read may prune', () => {
  const clock = new ManualClock();
  assert.equal(new PruneConfirmation(0).observe(read(clock, full)).confirmed, true);
});
