// B8 for `run --once --prune`: the run reads the manifests twice, 2 s apart, and deletes nothing
// when the two reads disagree. Against the emulator; its request log is the witness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { ACCOUNT_A, ROOT_A, startTestEmulator, twoAccountSeed } from '../helpers/emulator.js';
import { accountDoc, policyDoc, waitFor } from '../daemon/harness.js';

const DELETES = new Set(['DeleteRole', 'DeletePolicy', 'DeletePolicyVersion', 'DeleteImageCache']);

test('B8: run --once --prune over a file read while empty and restored before the confirming read refuses and deletes nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'once-b8-'));
  const emulator = await startTestEmulator(twoAccountSeed());
  const env = { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret };
  const run = (io: ReturnType<typeof captureIo>) => runCli(['run', '--once', '--prune', '--manifests', dir, '--endpoint', emulator.url, '--log-level', 'info'], io);
  try {
    await writeFile(join(dir, 'account.yaml'), accountDoc());
    await writeFile(join(dir, 'other.yaml'), policyDoc('once-other'));
    await writeFile(join(dir, 'declared.yaml'), policyDoc('once-declared'));
    const setup = captureIo({ env, cwd: dir });
    assert.equal(await run(setup), 0, setup.err());
    const policies = async () => ((await emulator.admin('GET', '/_emulator/state')).body.accounts[ACCOUNT_A].ram.policies as { policyName: string }[]).map((p) => p.policyName);
    assert.ok((await policies()).includes('once-declared'), 'the first run created once-declared');
    await emulator.admin('DELETE', '/_emulator/requests');

    // The run starts while a copy has truncated declared.yaml; the copy finishes before the second read.
    await writeFile(join(dir, 'declared.yaml'), '');
    const io = captureIo({ env, cwd: dir });
    const exit = run(io);
    await waitFor(async () => /reading the manifests again/.test(io.err()), 'the run to wait for its confirming read');
    await writeFile(join(dir, 'declared.yaml'), policyDoc('once-declared'));
    assert.equal(await exit, 1, `refused: ${io.err()}`);
    assert.match(io.err(), /refusing to prune: deletions wait for a confirming read: \S*declared\.yaml changed since the previous read/);
    const deletes = ((await emulator.requests()) as { action: string | null }[]).filter((r) => DELETES.has(r.action ?? ''));
    assert.deepEqual(deletes, [], 'nothing deleted');
    assert.ok((await policies()).includes('once-declared'), 'once-declared still exists');
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
