// Issue 16 items 1, 2, 4: notifications, "reconcile now" and the manifests' revision, end to end:
// the real daemon (on a ManualClock, so no resync or reminder happens unless the test moves time)
// against one emulator, manifests in a git-sync layout, a local HTTP receiver.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as $Ram from '@alicloud/ram20150501';
import { runCli } from '../../src/cli/main.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { captureIo } from '../helpers/io.js';
import { ACCOUNT_A, ROOT_A, startTestEmulator, twoAccountSeed } from '../helpers/emulator.js';
import { gitSyncWorktree, swapCurrent } from '../helpers/git-sync.js';
import { startReceiver } from '../helpers/receiver.js';
import { ramClient } from '../helpers/sdk.js';
import { accountDoc, defaultDocument, policyDoc } from './harness.js';
import { driven, startOpsDaemon, type OpsDaemon } from './ops-harness.js';

const A = '1'.repeat(40);
const B = '2'.repeat(40);
const TOKEN = 'admin-token-7c1f9e';
const emulator = await startTestEmulator(twoAccountSeed());
after(() => emulator.stop());

const denyCreatePolicy = () => emulator.admin('PUT', '/_emulator/faults', { rules: [{ service: 'ram', action: 'CreatePolicy', code: 'NoPermission', statusCode: 403, times: null }] });
const policies = async () => (await emulator.admin('GET', '/_emulator/state')).body.accounts[ACCOUNT_A].ram.policies as { policyName: string; versions: { document: string }[]; defaultVersion: string }[];
const drift = (policyName: string) =>
  ramClient(emulator.endpoint, ROOT_A).createPolicyVersion(
    new $Ram.CreatePolicyVersionRequest({ policyName, policyDocument: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['ram:*'], Resource: ['*'] }] }), setAsDefault: true }),
  );

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'ops-e2e-'));
  writeFileSync(join(root, 'token'), `${TOKEN}\n`);
  after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

/** Asks for a full pass and waits until one more pass has finished. */
async function passNow(d: OpsDaemon): Promise<void> {
  const before = await d.passes();
  assert.equal((await d.post('/reconcile', TOKEN)).status, 202);
  await driven(d.clock, async () => (await d.passes()) > before, 'the requested pass');
}

test('notifications: one event per failure episode, a reminder after the interval, one per drift correction; revision swap shows in /status and the next event', async () => {
  const root = tempRoot();
  gitSyncWorktree(root, A, { 'account.yaml': accountDoc(), 'p.yaml': policyDoc('ops-one') });
  swapCurrent(root, A);
  const receiver = await startReceiver();
  after(() => receiver.close());
  assert.equal((await denyCreatePolicy()).status, 200);
  const clock = new ManualClock();
  const flags = ['--manifests', join(root, 'current'), '--endpoint', emulator.url, '--resync', '24h', '--admin-token-file', join(root, 'token')];
  // A long request timeout: the test moves the clock while requests are in flight in real time.
  const d = await startOpsDaemon(clock, [...flags, '--notify-url', receiver.url, '--notify-reminder', '10m', '--notify-timeout', '24h'], root);
  const logged = (type: string) => d.logs().filter((l) => l.event === type);
  try {
    await driven(clock, () => logged('reconcile failed').length === 1, 'the first failure event');
    await passNow(d);
    await passNow(d);
    assert.equal(logged('reconcile failed').length, 1, 'the same failing resource is one episode, not one event per pass');
    clock.advance(10 * 60_000);
    await passNow(d);
    assert.equal(logged('reconcile failed').length, 2, 'a reminder after the interval');
    await emulator.admin('DELETE', '/_emulator/faults');
    await passNow(d);
    await driven(clock, async () => (await policies()).some((p) => p.policyName === 'ops-one'), 'the policy created');
    await drift('ops-one');
    await passNow(d);
    await passNow(d);
    assert.equal(logged('drift corrected').length, 1, 'one event per drift correction');

    // git-sync publishes a new revision: a new worktree, and the `current` link swapped to it.
    gitSyncWorktree(root, B, { 'account.yaml': accountDoc(), 'p.yaml': policyDoc('ops-one'), 'q.yaml': policyDoc('ops-two') });
    swapCurrent(root, B);
    await denyCreatePolicy();
    await passNow(d);
    await emulator.admin('DELETE', '/_emulator/faults');
    await driven(clock, () => receiver.events().length === 4, 'four events at the receiver');
    const events = receiver.events();
    assert.deepEqual(
      events.map((e) => [e.type, e.resource, e.reminder ?? false, e.revision]),
      [
        ['reconcile failed', `policy/${ACCOUNT_A}/ops-one`, false, `git:${A}`],
        ['reconcile failed', `policy/${ACCOUNT_A}/ops-one`, true, `git:${A}`],
        ['drift corrected', `policy/${ACCOUNT_A}/ops-one`, false, `git:${A}`],
        ['reconcile failed', `policy/${ACCOUNT_A}/ops-two`, false, `git:${B}`],
      ],
    );
    assert.ok(events.filter((e) => e.type === 'reconcile failed').every((e) => e.code === 'NoPermission' && /\S/.test(e.requestId) && e.account === 'main'), 'Alibaba code and RequestId');
    assert.ok(!receiver.bodies().join('\n').includes(ROOT_A.accessKeySecret), 'no secret in any body');
    const status = (await d.get('/status')).body;
    assert.equal(status.revision, `git:${B}`);
    const two = status.resources.find((r: any) => r.key === `policy/${ACCOUNT_A}/ops-two`);
    assert.deepEqual([two.lastOutcome, two.revision, typeof two.lastReconciled], ['failed', `git:${B}`, 'string']);
    assert.ok(d.logs().some((l) => l.message === 'reconcile pass finished' && l.revision === `git:${B}`), 'the pass log line names the revision');
  } finally {
    assert.equal(await d.stop(), 0);
  }
});

test('reconcile now: 401 without or with a wrong token, 202 with it; the target is reconciled without waiting for a resync', async () => {
  const root = tempRoot();
  writeFileSync(join(root, 'account.yaml'), accountDoc());
  writeFileSync(join(root, 'p.yaml'), policyDoc('ops-now'));
  const clock = new ManualClock();
  const d = await startOpsDaemon(clock, ['--manifests', root, '--endpoint', emulator.url, '--resync', '24h', '--admin-token-file', join(root, 'token')], root);
  const start = clock.now();
  try {
    await driven(clock, async () => (await policies()).some((p) => p.policyName === 'ops-now'), 'the policy created');
    assert.equal((await d.post('/reconcile')).status, 401);
    assert.equal((await d.post('/reconcile', 'not-the-token')).status, 401);
    assert.equal((await d.post('/reconcile?target=RamPolicy/absent', TOKEN)).status, 404);
    await drift('ops-now');
    const accepted = await d.post('/reconcile?target=RamPolicy/ops-now', TOKEN);
    assert.equal(accepted.status, 202);
    assert.deepEqual(accepted.body.enqueued, [`policy/${ACCOUNT_A}/ops-now`]);
    await driven(clock, async () => {
      const p = (await policies()).find((x) => x.policyName === 'ops-now');
      return p !== undefined && defaultDocument(p).Statement[0].Action[0] === 'cr:GetRepository';
    }, 'the drift corrected by the requested reconcile');
    assert.ok(clock.now() - start < 60_000, 'well before any resync (24h)');
    assert.equal((await d.get('/healthz')).status, 200);
  } finally {
    assert.equal(await d.stop(), 0);
  }
});

test('the plan header names the manifests revision: the git commit in a git-sync layout, the files digest elsewhere', async () => {
  const root = tempRoot();
  const commit = '3'.repeat(40);
  gitSyncWorktree(root, commit, { 'account.yaml': accountDoc(), 'p.yaml': policyDoc('ops-plan') });
  swapCurrent(root, commit);
  const plan = async (args: string[]) => {
    const io = captureIo({ env: { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret }, cwd: root });
    assert.equal(await runCli(['plan', '--endpoint', emulator.url, ...args], io), 0, io.err());
    return io.out();
  };
  assert.match(await plan(['--manifests', 'current']), new RegExp(`^Manifests revision: git:${commit}\n`));
  assert.equal(JSON.parse(await plan(['--manifests', 'current', '--output', 'json'])).revision, `git:${commit}`);
  assert.match(await plan(['--manifests', join('.worktrees', commit, 'p.yaml'), '--manifests', join('.worktrees', commit, 'account.yaml')]), new RegExp(`^Manifests revision: git:${commit}\n`));
  const outside = mkdtempSync(join(tmpdir(), 'ops-plain-'));
  after(() => rmSync(outside, { recursive: true, force: true }));
  writeFileSync(join(outside, 'account.yaml'), accountDoc());
  assert.match(await plan(['--manifests', outside]), /^Manifests revision: sha256:[0-9a-f]{64}\n/);
});
