// Issue 16 item 6: the leader elector's timing, on a ManualClock, against the in-repo Lease server
// (test/helpers/lease-server.ts) through the official client (kubernetesLeaseStore).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderElector, timingProblem, type ElectionTiming } from '../../src/daemon/leader/elector.js';
import { kubernetesLeaseStore } from '../../src/daemon/leader/k8s-lease-store.js';
import type { LeaseStore } from '../../src/daemon/leader/lease-store.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { createLogger } from '../../src/runtime/logger.js';
import { startLeaseServer } from '../helpers/lease-server.js';
import { driveClock, waitFor } from '../helpers/wait.js';

const server = await startLeaseServer();
after(() => server.stop());

const TIMING: ElectionTiming = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };
const quiet = createLogger({ level: 'error', format: 'json', write: () => undefined });
let leaseNumber = 0;

function candidates(clock: ManualClock, ...identities: string[]) {
  const name = `lease-${(leaseNumber += 1)}`;
  return identities.map((identity) => new LeaderElector({ store: kubernetesLeaseStore({ namespace: 'ns', name }, server.kubeConfig(identity)), identity, clock, timing: TIMING, logger: quiet }));
}

test('leader election: the first candidate creates the Lease and leads; another does not acquire while it is held', async () => {
  const clock = new ManualClock();
  const [a, b] = candidates(clock, 'a', 'b');
  assert.equal(await a!.tryAcquireOrRenew(), true, 'a creates the Lease');
  assert.equal(await b!.tryAcquireOrRenew(), false, 'b sees it held');
  clock.advance(TIMING.leaseDurationMs - 1);
  assert.equal(await b!.tryAcquireOrRenew(), false, 'still held one ms before the lease duration');
  assert.equal(await a!.tryAcquireOrRenew(), true, 'a renews');
  clock.advance(TIMING.leaseDurationMs - 1);
  assert.equal(await b!.tryAcquireOrRenew(), false, 'the renewal restarted b\'s count');
  assert.equal(b!.status().holder, 'a');
});

test('leader election: a dead leader\'s Lease is taken over once the lease duration passed on the standby\'s clock since it last saw the record change', async () => {
  const clock = new ManualClock();
  const [a, b] = candidates(clock, 'a', 'b');
  assert.equal(await a!.tryAcquireOrRenew(), true);
  assert.equal(await b!.tryAcquireOrRenew(), false, 'b observes the record');
  clock.advance(TIMING.leaseDurationMs);
  assert.equal(await b!.tryAcquireOrRenew(), true, 'b takes over after the lease duration');
  assert.equal(await a!.tryAcquireOrRenew(), false, 'a, back, is now the standby');
  assert.equal(b!.status().holder, 'b');
});

test('leader election: a released Lease (holder cleared) is taken at the standby\'s next attempt, without waiting out the duration', async () => {
  const clock = new ManualClock();
  const [a, b] = candidates(clock, 'a', 'b');
  const stop = new AbortController();
  assert.equal(await a!.acquire(stop.signal), true);
  assert.equal(await b!.tryAcquireOrRenew(), false);
  assert.equal(await a!.release(), true, 'a releases');
  assert.equal(a!.leading, false);
  const released = server.writes.at(-1);
  assert.equal(released?.holderIdentity, undefined, 'the release clears holderIdentity');
  assert.equal(await b!.tryAcquireOrRenew(), true, 'b acquires at once');
});

test('leader election: two candidates racing for a free Lease: the resourceVersion conflict (409) lets exactly one win', async () => {
  const clock = new ManualClock();
  const [a, b, c] = candidates(clock, 'a', 'b', 'c');
  const first = await Promise.all([a!.tryAcquireOrRenew(), b!.tryAcquireOrRenew(), c!.tryAcquireOrRenew()]);
  assert.equal(first.filter(Boolean).length, 1, `one creator wins: ${first}`);
  const winner = [a, b, c][first.indexOf(true)]!;
  const losers = [a, b, c].filter((e) => e !== winner);
  // A record first seen now is waited out for a full lease duration: each loser looks once, then the winner dies.
  for (const e of losers) assert.equal(await e!.tryAcquireOrRenew(), false);
  clock.advance(TIMING.leaseDurationMs);
  const second = await Promise.all(losers.map((e) => e!.tryAcquireOrRenew()));
  assert.equal(second.filter(Boolean).length, 1, `one of the two takes the expired Lease: ${second}`);
});

for (const fault of ['refuse', 'stall'] as const) {
  test(`leader election: a leader cut from the Lease server (${fault === 'refuse' ? 'connections refused' : 'calls that never answer'}) gives up leading by the renew deadline, before the Lease can expire`, async () => {
    const clock = new ManualClock();
    const identity = `partitioned-${fault}`;
    const [a] = candidates(clock, identity);
    const stop = new AbortController();
    assert.equal(await a!.acquire(stop.signal), true);
    const renewedAt = clock.now();
    server[fault](identity);
    const result = await driveClock(clock, a!.hold(stop.signal), { stepMs: 250 });
    assert.equal(result, 'lost');
    assert.equal(a!.leading, false);
    const elapsed = clock.now() - renewedAt;
    assert.ok(elapsed <= TIMING.retryPeriodMs + TIMING.renewDeadlineMs, `lost ${elapsed} ms after the last renewal, within retry period + renew deadline`);
    assert.ok(elapsed < TIMING.leaseDurationMs, `and before the lease duration (${elapsed} ms)`);
  });
}

test('leader election: a leader that keeps renewing holds the Lease until stopped', async () => {
  const clock = new ManualClock();
  const [a, b] = candidates(clock, 'a', 'b');
  const stop = new AbortController();
  assert.equal(await a!.acquire(stop.signal), true);
  const holding = a!.hold(stop.signal);
  const renewals = server.writes.length;
  const started = clock.now();
  // The clock moves in quarter retry periods whenever the holder is parked, until 20 renewals landed.
  await waitFor(() => {
    if (clock.pendingSleepers() > 0) clock.advance(TIMING.retryPeriodMs / 4);
    return server.writes.length >= renewals + 20;
  }, '20 renewals', 10_000, 1);
  assert.ok(clock.now() - started > TIMING.leaseDurationMs * 2, 'held for more than two lease durations');
  assert.equal(await b!.tryAcquireOrRenew(), false, 'b never acquires');
  assert.equal(a!.leading, true);
  stop.abort();
  assert.equal(await holding, 'stopped');
});

test('leader election: a stop that comes while a renewal is in flight still releases the Lease (the release waits for the renewal)', async () => {
  // hold() returns at once on a stop; a release sent with the resourceVersion read before the
  // in-flight renewal landed was refused (409), and the standby had to wait the Lease out.
  const clock = new ManualClock();
  const name = `lease-${(leaseNumber += 1)}`;
  const store = kubernetesLeaseStore({ namespace: 'ns', name }, server.kubeConfig('a'));
  let gate: (() => void) | undefined;
  const gated: LeaseStore = {
    describe: store.describe,
    get: () => store.get(),
    create: (record) => store.create(record),
    // The renewal reaches the server; its answer is held back, as on a slow network.
    replace: async (record, version) => {
      const written = await store.replace(record, version);
      if (record.holderIdentity === 'a' && gate === undefined) await new Promise<void>((open) => (gate = open));
      return written;
    },
  };
  const a = new LeaderElector({ store: gated, identity: 'a', clock, timing: TIMING, logger: quiet });
  const stop = new AbortController();
  assert.equal(await a.acquire(stop.signal), true, 'a creates the Lease (create, not replace)');
  const holding = a.hold(stop.signal);
  // One retry period wakes hold() to renew; the clock then stands still, so the renewal's deadline
  // (on the same clock) cannot pass while its answer is held back.
  await waitFor(() => clock.pendingSleepers() > 0, 'hold() to wait its retry period', 10_000, 1);
  clock.advance(TIMING.retryPeriodMs);
  await waitFor(() => gate !== undefined, 'a renewal to be in flight', 10_000, 1);
  stop.abort();
  assert.equal(await holding, 'stopped');
  const releasing = a.release();
  gate!();
  assert.equal(await releasing, true, 'the release lands after the renewal');
  assert.equal(server.writes.at(-1)?.holderIdentity, undefined, 'the last write clears holderIdentity');
});

test('leader election: timings that would let a leader write after a standby took over are refused', () => {
  assert.equal(timingProblem(TIMING), undefined);
  assert.match(timingProblem({ leaseDurationMs: 15_000, renewDeadlineMs: 14_000, retryPeriodMs: 2_000 }) ?? '', /shorter than the lease duration/);
  assert.match(timingProblem({ leaseDurationMs: 1_500, renewDeadlineMs: 500, retryPeriodMs: 200 }) ?? '', /whole seconds/);
});
