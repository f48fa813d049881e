// Issue 14, Deliver 1 (saved plans), end to end with the reconciler's least-privilege keys:
// `plan --out FILE` then `run --once --plan FILE` makes exactly the saved steps' writes; a console
// change, a manifest edit or another manifest set between plan and apply is refused before any write,
// naming what is stale. The plan file never holds a secret.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as $Ram from '@alicloud/ram20150501';
import { ramClient } from '../helpers/sdk.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { RECONCILER_A, RECONCILER_B, ROOT_B, cli, clearRequests, editFile, exampleCopy, removeDir, startE2eEmulator, writesOf } from './harness.js';

const ROOT_TRUST = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1000000000000001:root'] } }] });

describe('saved plans: plan --out, run --once --plan', () => {
  let emulator: TestEmulator;
  let dir: string;
  let plans: string;
  before(async () => {
    emulator = await startE2eEmulator();
    dir = exampleCopy('cross-account', { cleanup: false });
    plans = mkdtempSync(join(tmpdir(), 'saved-plans-'));
  });
  after(async () => {
    await emulator.stop();
    removeDir(dir);
    removeDir(plans);
  });

  const planTo = async (name: string) => {
    const file = join(plans, name);
    const planned = await cli(emulator, ['plan', '--manifests', dir, '--out', file, '--detailed-exitcode']);
    assert.equal(planned.code, 2, `plan sees changes:\n${planned.out}${planned.err}`);
    assert.match(planned.err, /Saved the plan to /);
    return { file, saved: JSON.parse(readFileSync(file, 'utf8')) };
  };

  test('a fresh plan applied makes exactly the planned writes, and the file holds no secret', async () => {
    const { file, saved } = await planTo('fresh.json');
    assert.equal(saved.formatVersion, 1);
    assert.match(saved.manifests.digest, /^[0-9a-f]{64}$/);
    assert.ok(saved.plan.steps.length > 0, 'the plan has steps');
    const text = readFileSync(file, 'utf8');
    for (const secret of [RECONCILER_A.accessKeySecret, RECONCILER_B.accessKeySecret]) assert.ok(!text.includes(secret), 'an AccessKey secret is in the plan file');

    const shown = await cli(emulator, ['plan', '--plan', file]);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /\+ imagecache nginx-cross-account/);

    await clearRequests(emulator);
    const run = await cli(emulator, ['run', '--once', '--plan', file, '--manifests', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    const writes = writesOf(await emulator.requests());
    assert.deepEqual([...writes].sort(), saved.plan.steps.map((s: any) => STEP_ACTION[s.op]).sort(), 'one write per saved step');
  });

  test('a console change between plan and apply is refused: no write, the stale resource named', async () => {
    await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
    editFile(join(dir, 'manifests.yaml'), (t) => t.replace('nginx:1.0', 'nginx:1.1'));
    const { file } = await planTo('console.json');
    await ramClient(emulator.endpoint, ROOT_B).updateRole(new $Ram.UpdateRoleRequest({ roleName: 'nginx-pull-acr', newAssumeRolePolicyDocument: ROOT_TRUST }));
    await clearRequests(emulator);
    const run = await cli(emulator, ['run', '--once', '--plan', file, '--manifests', dir]);
    assert.equal(run.code, 1, run.out + run.err);
    assert.deepEqual(writesOf(await emulator.requests()), []);
    assert.match(run.err, /refusing to apply the saved plan .*nothing was written/);
    assert.match(run.err, /stale: role nginx-pull-acr \(account acr\): its live state changed since the plan/);
    assert.doesNotMatch(run.err, /stale: .*imagecache/, 'only what changed is named');
  });

  test('a manifest edit between plan and apply is refused, naming the file', async () => {
    await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
    editFile(join(dir, 'manifests.yaml'), (t) => t.replace('nginx:1.1', 'nginx:1.2'));
    const { file } = await planTo('edited.json');
    editFile(join(dir, 'manifests.yaml'), (t) => t.replace('retentionDays: 7', 'retentionDays: 9'));
    await clearRequests(emulator);
    const run = await cli(emulator, ['run', '--once', '--plan', file, '--manifests', dir]);
    assert.equal(run.code, 1, run.out + run.err);
    assert.deepEqual(writesOf(await emulator.requests()), []);
    assert.match(run.err, /the manifests are not the ones the plan was made from/);
    assert.match(run.err, /changed: .*manifests\.yaml/);
  });

  test('a plan from another manifest set is refused the same way', async () => {
    const other = exampleCopy('cross-account-explicit');
    const { file } = await planTo('other-set.json');
    await clearRequests(emulator);
    const run = await cli(emulator, ['run', '--once', '--plan', file, '--manifests', other]);
    assert.equal(run.code, 1, run.out + run.err);
    assert.deepEqual(writesOf(await emulator.requests()), []);
    assert.match(run.err, /the manifests are not the ones the plan was made from/);
  });

  test('a damaged plan file, --plan with --target, or --plan without --once is a usage error (exit 3)', async () => {
    const run = await cli(emulator, ['run', '--once', '--plan', join(dir, 'manifests.yaml'), '--manifests', dir]);
    assert.equal(run.code, 3, run.err);
    assert.match(run.err, /is not a saved plan/);
    const both = await cli(emulator, ['run', '--once', '--plan', 'x.json', '--target', 'ImageCache/nginx-cross-account', '--manifests', dir]);
    assert.equal(both.code, 3, both.err);
    assert.match(both.err, /--target cannot be combined with --plan/);
    const daemon = await cli(emulator, ['run', '--plan', 'x.json', '--manifests', dir]);
    assert.equal(daemon.code, 3, daemon.err);
    assert.match(daemon.err, /--plan needs --once/);
  });
});

/** The OpenAPI action each saved step's operation makes (one call each). */
const STEP_ACTION: Record<string, string> = {
  'create-policy': 'CreatePolicy',
  'create-policy-version': 'CreatePolicyVersion',
  'delete-policy-version': 'DeletePolicyVersion',
  'set-default-policy-version': 'SetDefaultPolicyVersion',
  'create-role': 'CreateRole',
  'update-role': 'UpdateRole',
  attach: 'AttachPolicyToRole',
  detach: 'DetachPolicyFromRole',
  'create-image-cache': 'CreateImageCache',
  'update-image-cache': 'UpdateImageCache',
  'delete-image-cache': 'DeleteImageCache',
  'delete-role': 'DeleteRole',
  'delete-policy': 'DeletePolicy',
};
