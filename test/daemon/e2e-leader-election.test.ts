// Issue 16 item 6 end to end: two daemon processes with --leader-elect against the in-repo Lease
// server (test/helpers/lease-server.ts; there is no Kubernetes API server on these machines) and one
// emulator. Each daemon signs with its own AccessKey, so the emulator's request log says who wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNT_A, RECONCILER_A, ROOT_A, e2eSeed } from '../e2e/harness.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { startLeaseServer } from '../helpers/lease-server.js';
import { waitFor } from '../helpers/wait.js';
import { accountDoc, policyDoc } from './harness.js';
import { spawnDaemon, type DaemonProcess } from './process-harness.js';

const LEASE_MS = 10_000;
const TIMING = ['--lease-duration', '10s', '--renew-deadline', '4s', '--retry-period', '1s'];
const READ = /^(List|Get|Describe)/;

test('leader election: exactly one of two daemons writes; SIGTERM hands over within the lease duration; a leader cut from the Lease server stops before the Lease expires', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'leader-e2e-'));
  await writeFile(join(dir, 'account.yaml'), accountDoc());
  await writeFile(join(dir, 'p1.yaml'), policyDoc('leader-p1'));
  const emulator = await startTestEmulator(e2eSeed());
  const leases = await startLeaseServer();
  const daemons: DaemonProcess[] = [];
  const start = async (name: string, key: { accessKeyId: string; accessKeySecret: string }) => {
    const kubeconfig = join(dir, `${name}.kubeconfig`);
    await writeFile(kubeconfig, leases.kubeConfigYaml(name, 'ops'));
    const d = await spawnDaemon({
      name,
      args: ['--manifests', dir, '--endpoint', emulator.url, '--leader-elect', '--leader-elect-identity', name, '--resync', '1s', ...TIMING],
      env: { KUBECONFIG: kubeconfig, A_ID: key.accessKeyId, A_SECRET: key.accessKeySecret },
    });
    daemons.push(d);
    return d;
  };
  const roleOf = async (d: DaemonProcess) => (await d.json('/status')).role as string;
  const policies = async () => (await emulator.admin('GET', '/_emulator/state')).body.accounts[ACCOUNT_A].ram.policies.map((p: { policyName: string }) => p.policyName) as string[];
  const keysSeen = async () => new Set((await emulator.requests()).map((r) => r.accessKeyId));
  try {
    const [one, two] = await Promise.all([start('one', ROOT_A), start('two', RECONCILER_A)]);
    const leader = await waitFor(async () => ((await roleOf(one!)) === 'leader' ? one : (await roleOf(two!)) === 'leader' ? two : undefined), 'a leader', 20_000);
    const standby = leader === one ? two! : one!;
    const keyOf = (d: DaemonProcess) => (d.name === 'one' ? ROOT_A : RECONCILER_A).accessKeyId;
    await waitFor(async () => (await policies()).includes('leader-p1'), 'the leader to create leader-p1', 20_000);
    // A few passes of both, then: only the leader's key ever reached the cloud.
    await waitFor(async () => (await emulator.requests()).filter((r) => r.action === 'ListPolicies').length >= 3, 'three passes', 10_000);
    assert.deepEqual([...(await keysSeen())], [keyOf(leader!)], 'only the leader calls the cloud');
    assert.equal(await standby.status('/readyz'), 503, 'the standby is not ready');
    // The standby names the holder once it has re-read the Lease after the leader took it (every
    // --retry-period): with both daemons starting together, the leader's passes can come first.
    const standbyStatus = await waitFor(async () => {
      const s = await standby.json('/status');
      return s.leaderElection.holder === undefined ? undefined : s;
    }, 'the standby to read the Lease', 5_000);
    assert.equal(standbyStatus.role, 'standby');
    assert.equal(standbyStatus.leaderElection.holder, leader!.name);
    assert.equal(await standby.status('/healthz'), 200, 'the standby is alive');
    assert.equal(await standby.status('/metrics'), 200, 'the standby serves metrics');
    // Ready once its first pass has finished: the three ListPolicies above can all belong to it
    // (Custom, System, and the re-read after its write).
    await waitFor(async () => (await leader!.status('/readyz')) === 200, 'the leader to be ready', 10_000);

    // SIGTERM the leader: it releases the Lease; the standby takes over and converges a change made meanwhile.
    const stoppedAt = Date.now();
    await writeFile(join(dir, 'p2.yaml'), policyDoc('leader-p2'));
    assert.equal(await leader!.stop(), 0, leader!.output());
    assert.ok(leases.writes.some((w) => w.token === leader!.name && w.method === 'PUT' && w.holderIdentity === undefined), 'the leader released the Lease (holder cleared)');
    await waitFor(async () => (await roleOf(standby)) === 'leader', 'the standby to take over', LEASE_MS);
    const tookOverMs = Date.now() - stoppedAt;
    assert.ok(tookOverMs < LEASE_MS, `took over ${tookOverMs} ms after SIGTERM, within the lease duration`);
    await emulator.admin('DELETE', '/_emulator/requests');
    await waitFor(async () => (await policies()).includes('leader-p2'), 'leader-p2 to exist (the old leader may have made it before its SIGTERM)', 20_000);
    // The new leader's first pass after the take-over reads the cloud; nobody else may.
    await waitFor(async () => (await emulator.requests()).length > 0 || undefined, 'the new leader to call the cloud', 20_000);
    assert.deepEqual([...(await keysSeen())], [keyOf(standby)], 'after the hand-over only the new leader calls the cloud');

    // A third replica stands by; then the leader is cut from the Lease server.
    // It signs with the first leader's key (that process is gone), so its calls are told apart from the cut leader's.
    const third = await start('three', leader === one ? ROOT_A : RECONCILER_A);
    await waitFor(async () => (await roleOf(third)) === 'standby', 'the third replica to stand by', 10_000);
    leases.refuse(standby.name);
    const cutAt = Date.now();
    assert.equal(await standby.exited, 1, `a leader that lost the Lease exits 1:\n${standby.output()}`);
    assert.match(standby.output(), /could not renew the lease within the renew deadline; stopping all writes/);
    const lastRenewal = Math.max(...leases.writes.filter((w) => w.token === standby.name).map((w) => w.at));
    const exitedAt = standby.exitedAt()!;
    assert.ok(exitedAt < lastRenewal + LEASE_MS, `the cut leader stopped ${exitedAt - lastRenewal} ms after its last renewal, before the Lease could expire (${LEASE_MS} ms); cut ${exitedAt - cutAt} ms before exit`);
    // A change made while nobody leads: converged by whoever takes over, and by nobody else.
    await emulator.admin('DELETE', '/_emulator/requests');
    await writeFile(join(dir, 'p3.yaml'), policyDoc('leader-p3'));
    await waitFor(async () => (await roleOf(third)) === 'leader', 'the third replica to take over once the Lease expired', LEASE_MS + 5_000);
    const takeover = leases.writes.find((w) => w.token === 'three' && w.holderIdentity === 'three')!;
    assert.ok(takeover.at >= lastRenewal + LEASE_MS - 1_000, `the Lease was taken over only once it expired (${takeover.at - lastRenewal} ms after the last renewal)`);
    await waitFor(async () => (await policies()).includes('leader-p3'), 'the third replica to converge leader-p3', 20_000);
    const writers = new Set((await emulator.requests()).filter((r) => r.action && !READ.test(r.action)).map((r) => r.accessKeyId));
    assert.deepEqual([...writers], [leader === one ? ROOT_A.accessKeyId : RECONCILER_A.accessKeyId], 'only the third replica wrote leader-p3');
  } finally {
    await Promise.all(daemons.map((d) => d.stop()));
    await leases.stop();
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
