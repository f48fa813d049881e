// Issue 16 item 6: --leader-elect is on by default in a Kubernetes pod and off elsewhere; the flag or
// ECI_ACR_RECONCILER_LEADER_ELECT decides instead; timings that would let a leader outlive its Lease
// are a usage error (exit 3), as are values that are not true/false.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaderElectionSetting } from '../../src/cli/leader-flags.js';
import { UsageError } from '../../src/cli/io.js';

const inPod = { env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' }, exists: () => true, read: () => 'ops\n' };
const outside = { env: {}, exists: () => false, read: () => undefined };

test('leader election: on in a pod (namespace from the service account), off elsewhere, and the client-go timing defaults', () => {
  const settings = leaderElectionSetting({}, inPod);
  assert.ok(settings, 'on in a pod');
  assert.equal(settings.namespace, 'ops');
  assert.equal(settings.lease, 'eci-acr-reconciler');
  assert.deepEqual(settings.timing, { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 });
  assert.match(settings.identity, /.+_[0-9a-f]{8}$/);
  assert.equal(leaderElectionSetting({}, outside), undefined, 'off outside Kubernetes');
  assert.ok(leaderElectionSetting({ 'leader-elect': true }, outside), '--leader-elect turns it on anywhere');
});

test('leader election: ECI_ACR_RECONCILER_LEADER_ELECT overrides the detection; POD_NAME and POD_NAMESPACE name the replica and the Lease', () => {
  assert.equal(leaderElectionSetting({}, { ...inPod, env: { ...inPod.env, ECI_ACR_RECONCILER_LEADER_ELECT: 'false' } }), undefined);
  const on = leaderElectionSetting({}, { ...outside, env: { ECI_ACR_RECONCILER_LEADER_ELECT: 'true', POD_NAME: 'pod-1', POD_NAMESPACE: 'team' } });
  assert.equal(on?.identity, 'pod-1');
  assert.equal(on?.namespace, 'team');
  assert.throws(() => leaderElectionSetting({}, { ...outside, env: { ECI_ACR_RECONCILER_LEADER_ELECT: 'yes' } }), (e) => e instanceof UsageError && /must be true or false/.test(e.message));
});

test('leader election: a renew deadline that does not end before the lease expires is a usage error', () => {
  const flags = { 'leader-elect': true, 'lease-duration': '10s', 'renew-deadline': '9s', 'retry-period': '2s' };
  assert.throws(() => leaderElectionSetting(flags, outside), (e) => e instanceof UsageError && /shorter than the lease duration/.test(e.message));
  assert.throws(() => leaderElectionSetting({ 'leader-elect': true, 'lease-duration': '1500ms' }, outside), (e) => e instanceof UsageError && /whole seconds/.test(e.message));
});
