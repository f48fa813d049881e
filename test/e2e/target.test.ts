// Issue 14, Deliver 2 and 3 end to end: `--target` makes only the target's calls (the emulator's
// request log), unknown targets are usage errors with a did-you-mean; `plan --output markdown` never
// carries a secret, even when an account's secret is wrong and its error is shown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestEmulator } from '../helpers/emulator.js';
import { join } from 'node:path';
import { ACCOUNT_A, cli, clearRequests, editFile, exampleCopy, removeDir, startE2eEmulator, state, writesOf } from './harness.js';

describe('--target and markdown plans against the emulator', () => {
  let emulator: TestEmulator;
  let dir: string;
  before(async () => {
    emulator = await startE2eEmulator();
    dir = exampleCopy('cross-account', { cleanup: false });
  });
  after(async () => {
    await emulator.stop();
    removeDir(dir);
  });

  test('an unknown target is a usage error (exit 3) with a did-you-mean, and nothing is sent', async () => {
    await clearRequests(emulator);
    const run = await cli(emulator, ['run', '--once', '--target', 'ImageCache/nginx-crossaccount', '--manifests', dir]);
    assert.equal(run.code, 3, run.err);
    assert.match(run.err, /--target ImageCache\/nginx-crossaccount: no such manifest; did you mean ImageCache\/nginx-cross-account\?/);
    assert.deepEqual((await emulator.requests()).map((r) => r.action), []);
  });

  test('run --once --target AcrPullAccess/... writes only its roles, policy and attachments', async () => {
    const planned = await cli(emulator, ['plan', '--target', 'AcrPullAccess/nginx-pull', '--manifests', dir]);
    assert.equal(planned.code, 0, planned.err);
    assert.match(planned.out, /^Partial plan \(--target AcrPullAccess\/nginx-pull\)/m);
    assert.doesNotMatch(planned.out, /imagecache/);
    await clearRequests(emulator);
    const run = await cli(emulator, ['run', '--once', '--target', 'AcrPullAccess/nginx-pull', '--manifests', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.deepEqual(writesOf(await emulator.requests()).sort(), ['AttachPolicyToRole', 'AttachPolicyToRole', 'CreatePolicy', 'CreateRole', 'CreateRole']);
    // Reads too: the target's roles and policy live in RAM, so no ECI call is made at all.
    assert.deepEqual([...new Set((await emulator.requests()).map((r) => r.service))].sort(), ['ram', 'sts'], 'only RAM and STS (pinning) were called');
    assert.deepEqual((await state(emulator)).accounts[ACCOUNT_A].eci.imageCaches.filter((c: any) => c.ImageCacheName === 'nginx-cross-account'), []);
  });

  test('run --once --target ImageCache/... then creates only the cache (its roles are in sync)', async () => {
    await clearRequests(emulator);
    const run = await cli(emulator, ['run', '--once', '--target', 'ImageCache/nginx-cross-account', '--manifests', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.deepEqual(writesOf(await emulator.requests()), ['CreateImageCache']);
    assert.match(run.out, /^pending +imagecache nginx-cross-account .*: created, building/m);
  });

  test('--prune with --target never deletes outside the targets: an owned cache gone from the manifests stays', async () => {
    editFile(join(dir, 'manifests.yaml'), (t) => t.slice(0, t.indexOf('---\napiVersion: eci-acr-reconciler/v1alpha1\nkind: ImageCache')));
    const full = await cli(emulator, ['plan', '--prune', '--manifests', dir]);
    assert.match(full.out, /- imagecache nginx-cross-account/, `without --target the cache would be pruned:\n${full.out}`);
    await clearRequests(emulator);
    const run = await cli(emulator, ['run', '--once', '--prune', '--target', 'AcrPullAccess/nginx-pull', '--manifests', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.err, /--prune has no effect with --target/);
    assert.deepEqual(writesOf(await emulator.requests()), []);
    assert.equal((await state(emulator)).accounts[ACCOUNT_A].eci.imageCaches.filter((c: any) => c.ImageCacheName === 'nginx-cross-account').length, 1);
  });

  test('markdown plan: a wrong secret shows the account error, and the secret canary appears nowhere', async () => {
    const canary = 'CANARY-secret-9f3b2e-do-not-print';
    const planned = await cli(emulator, ['plan', '--output', 'markdown', '--manifests', dir], { ACR_ACCESS_KEY_SECRET: canary });
    assert.equal(planned.code, 1, planned.out + planned.err);
    assert.match(planned.out, /^\*\*\+\d+ ~\d+ -\d+\*\*/m);
    assert.match(planned.out, /<details>\n<summary>! role nginx-pull-acr/);
    assert.ok(!planned.out.includes(canary) && !planned.err.includes(canary), 'the secret canary reached the output');
  });
});
