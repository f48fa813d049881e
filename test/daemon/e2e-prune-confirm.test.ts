// B8 against a real process: the daemon as `node src/cli/main.ts run --prune` (bundled once,
// helpers/cli-bundle.ts, to spare the tsx loader's start-up), the emulator in-process; the emulator's request log is the witness of what was deleted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from '../helpers/cli-bundle.js';
import { ACCOUNT_A, ROOT_A, startTestEmulator, twoAccountSeed } from '../helpers/emulator.js';
import { accountDoc, policyDoc, waitFor } from './harness.js';

const roleDoc = `apiVersion: eci-acr-reconciler/v1alpha1
kind: RamRole
metadata: {name: b8-role}
spec:
  account: main
  description: still declared
  trust:
    services: [eci.aliyuncs.com]
`;

const DELETES = new Set(['DeleteRole', 'DeletePolicy', 'DeletePolicyVersion', 'DetachPolicyFromRole', 'DeleteImageCache']);

test('B8: a manifest emptied for less than --prune-confirm and then restored deletes nothing (real daemon process, emulator log)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daemon-b8-'));
  const declared = `${roleDoc}---\n${policyDoc('b8-policy')}`;
  await writeFile(join(dir, 'account.yaml'), accountDoc());
  // Another file keeps the set non-empty, so the guard's "declares nothing" refusal does not apply.
  await writeFile(join(dir, 'other.yaml'), policyDoc('b8-other'));
  await writeFile(join(dir, 'declared.yaml'), declared);
  const emulator = await startTestEmulator(twoAccountSeed());
  const args = [await cliBundle(), 'run', '--prune', '--prune-confirm', '5s', '--resync', '10m'];
  const child = spawn(process.execPath, [...args, '--manifests', dir, '--endpoint', emulator.url, '--listen', '127.0.0.1:0'], {
    env: { ...process.env, A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret },
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  try {
    const port = await waitFor(async () => /"listen":"127\.0\.0\.1:(\d+)"/.exec(out)?.[1], 'the daemon to listen', 30_000);
    const status = async () => (await fetch(`http://127.0.0.1:${port}/status`)).json() as Promise<any>;
    const state = async () => (await emulator.admin('GET', '/_emulator/state')).body.accounts[ACCOUNT_A].ram;
    await waitFor(async () => (await status()).prune?.state === 'confirmed', 'the start-up read to be confirmed', 20_000);
    const ram = await state();
    assert.ok(ram.roles.some((r: { roleName: string }) => r.roleName === 'b8-role'), 'b8-role was created');
    assert.ok(ram.policies.some((p: { policyName: string }) => p.policyName === 'b8-policy'), 'b8-policy was created');
    await emulator.admin('DELETE', '/_emulator/requests');

    // An editor or a copy truncates the file; it stays empty until the daemon has read it so.
    const emptiedAt = Date.now();
    await writeFile(join(dir, 'declared.yaml'), '');
    const whileEmpty = await waitFor(async () => {
      const s = await status();
      return s.lastPass && Date.parse(s.lastPass.startedAt) > emptiedAt ? s : undefined;
    }, 'a pass over the emptied file', 5_000);
    assert.equal(whileEmpty.prune.state, 'waiting', `the emptied read is not confirmed: ${JSON.stringify(whileEmpty.prune)}`);
    assert.match(whileEmpty.prune.reason, /declared\.yaml changed since the previous read/);
    await waitFor(async () => Date.now() - emptiedAt >= 1_500, 'the file to have been empty for 1.5 s');
    await writeFile(join(dir, 'declared.yaml'), declared);
    const restoredAt = Date.now();
    const deletes = async () => ((await emulator.requests()) as { action: string | null }[]).filter((r) => DELETES.has(r.action ?? ''));
    assert.deepEqual(await deletes(), [], 'nothing was deleted while the file was empty');

    // The restored content is confirmed --prune-confirm later; that pass may delete, and must not.
    await waitFor(
      async () => {
        const s = await status();
        return s.prune.state === 'confirmed' && Date.parse(s.prune.confirmedSince) >= restoredAt;
      },
      'the restored content to be confirmed',
      20_000,
    );
    assert.deepEqual(await deletes(), [], '0 DeleteRole / DeletePolicy / DeleteImageCache of still-declared resources');
    const after = await state();
    assert.ok(after.roles.some((r: { roleName: string }) => r.roleName === 'b8-role'), 'b8-role still exists');
    assert.ok(after.policies.some((p: { policyName: string }) => p.policyName === 'b8-policy'), 'b8-policy still exists');
  } finally {
    child.kill('SIGTERM');
    await exited;
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
