// Issue 11 Deliver 5: one conformance suite, two targets. Here: every scenario against the emulator
// through the official SDK clients; the committed transcript compared with a fresh run; the live runner
// reads the same definitions and, without its variables, prints one line and touches no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { emulatorSetup, runOnEmulator, startConformanceEmulator } from './emulator-target.js';
import { LIVE_SCENARIOS, REQUIRED_VARS, costEstimate, foreignResources } from './live-runner.js';
import { SCENARIOS, runScenarios } from './scenarios.js';
import { ConformanceRun } from './target.js';
import { diffTranscripts, type Transcript } from './transcript.js';

const COMMITTED = 'test/conformance/transcripts/emulator.json';
const fresh = await runOnEmulator(SCENARIOS);

test('D5: every conformance scenario passes against the emulator through the official SDK clients', () => {
  const failed = fresh.outcomes.filter((o) => !o.ok).map((o) => `${o.id}: ${o.message}`);
  assert.deepEqual(failed, []);
  assert.equal(fresh.outcomes.length, SCENARIOS.length);
  const ids = SCENARIOS.map((s) => s.id);
  for (const pullCase of ['same-account-default-domain', 'same-account-custom-domain', 'cross-account']) {
    for (const policy of ['minimal', 'documented', 'full']) assert.ok(ids.includes(`pull-${pullCase}-${policy}`), `pull ${pullCase} with ${policy} is a scenario`);
  }
});

test('D5: the emulator run and the live runner read the same scenario definitions (one object)', () => {
  assert.equal(LIVE_SCENARIOS, SCENARIOS);
  assert.deepEqual(fresh.transcript.scenarios, LIVE_SCENARIOS.map((s) => s.id));
});

test('D5: the committed transcript, replayed against the emulator, shows no difference; it says it comes from the emulator', () => {
  const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as Transcript;
  assert.equal(committed.target, 'emulator');
  assert.match(committed.note, /NOT the real Alibaba Cloud/);
  assert.deepEqual(diffTranscripts(committed, fresh.transcript), []);
});

test('D5: transcripts keep account IDs, the prefix and created IDs out; responses are names and types only', () => {
  const text = JSON.stringify(fresh.transcript);
  assert.doesNotMatch(text, /100000000000000[12]/, 'no account ID');
  assert.doesNotMatch(text, /conf-emu|imc-[a-z0-9]{20}|secret|LTAI5t/, 'no prefix, cache ID or key');
  assert.ok(fresh.transcript.entries.every((e) => e.fields.every((f) => /^[\w.[\]]+: (string|number|boolean|object|array|null)$/.test(f))), 'fields are `path: type`');
});

test('D5: diffTranscripts reports every kind of difference', () => {
  const base = fresh.transcript;
  const changed: Transcript = structuredClone(base);
  const first = changed.entries.find((e) => e.scenario === 'ram-errors') as Transcript['entries'][number];
  first.code = 'EntityNotExist.Role.Other';
  first.status = 400;
  first.fields = [...first.fields, 'Extra: string'];
  const created = changed.entries.find((e) => e.action === 'CreateImageCache') as Transcript['entries'][number];
  created.fields = created.fields.filter((f) => !f.startsWith('ImageCacheId'));
  changed.entries = changed.entries.filter((e) => !(e.scenario === 'ram-documents' && e.action === 'GetPolicyVersion'));
  const report = diffTranscripts(base, changed);
  assert.ok(report.some((d) => d.includes('ram-errors call 1') && d.includes('code EntityNotExist.Role != EntityNotExist.Role.Other')), report.join('\n'));
  assert.ok(report.some((d) => d.includes('status 404 != 400')), 'status difference');
  assert.ok(report.some((d) => d.includes('fields extra Extra: string')), 'extra field');
  assert.ok(report.some((d) => d.includes('fields missing ImageCacheId: string')), 'missing field');
  assert.ok(report.some((d) => d.includes('ram-documents') && d.includes('missing')), 'missing call');
  assert.equal(report.length, 5, report.join('\n'));
});

const liveEnv = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...extra });
const runLive = (env: Record<string, string>, script = 'test/conformance/live.ts') =>
  spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/conformance/no-network.mjs', script], { env, encoding: 'utf8', timeout: 60_000 });

test('D5: test:live without its variables prints one line naming what it needs, exits 0 and opens no socket', () => {
  for (const env of [liveEnv(), liveEnv({ ECI_ACR_LIVE: '1', ECI_ACR_LIVE_REGION: 'cn-hangzhou' })]) {
    const res = runLive(env);
    assert.equal(res.status, 0, res.stderr);
    assert.doesNotMatch(res.stderr, /NETWORK ATTEMPT/);
    const lines = res.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1, res.stdout);
    assert.match(lines[0] ?? '', /^test:live did not run \(nothing was sent\): it needs .*ECI_ACR_LIVE_IMAGE/);
  }
  // The hook is live: the same process does die on a connection attempt.
  const control = spawnSync(process.execPath, ['--import', './test/conformance/no-network.mjs', '-e', "require('node:net').connect(1, '127.0.0.1')"], { env: liveEnv(), encoding: 'utf8' });
  assert.equal(control.status, 99, 'the no-network hook catches a socket');
});

test('D5: the cost estimate counts the image cache snapshots the scenarios build', () => {
  const caches = SCENARIOS.reduce((n, s) => n + s.imageCaches, 0);
  assert.equal(caches, 10);
  assert.match(costEstimate(SCENARIOS), /^estimated cost: 10 image caches of 20 GiB/);
  assert.equal(REQUIRED_VARS.filter((v) => v.includes('SECRET')).length, 2, 'two accounts\' secrets');
});

test('D5: a failing scenario still cleans up what it created; the guard sees resources under the prefix that are not the run\'s', async () => {
  const emulator = await startConformanceEmulator();
  try {
    const run = new ConformanceRun(emulatorSetup(emulator));
    await run.identify();
    const failing = {
      id: 'fails-midway',
      title: 'creates a role and a cache, then fails',
      imageCaches: 0,
      async run(r: ConformanceRun) {
        const trust = JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['eci.aliyuncs.com'] } }] });
        await r.call('A', 'ram', 'CreateRole', { RoleName: r.name('left-behind'), AssumeRolePolicyDocument: trust });
        r.undo('A', 'ram', 'DeleteRole', { RoleName: r.name('left-behind') });
        throw new Error('scenario failed after creating');
      },
    };
    const outcomes = await runScenarios(run, [failing]);
    assert.deepEqual(outcomes.map((o) => o.ok), [false]);
    assert.equal(run.pendingCleanups, 0);
    const gone = await run.call('A', 'ram', 'GetRole', { RoleName: run.name('left-behind') }, { record: false });
    assert.equal(gone.code, 'EntityNotExist.Role', 'the role created before the failure was deleted');

    assert.deepEqual(await foreignResources(run), []);
    const trust = JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['eci.aliyuncs.com'] } }] });
    await run.call('B', 'ram', 'CreateRole', { RoleName: run.name('someone-elses'), AssumeRolePolicyDocument: trust }, { record: false });
    assert.deepEqual(await foreignResources(run), ['B Role conf-emu-someone-elses']);
  } finally {
    await emulator.stop();
  }
});
