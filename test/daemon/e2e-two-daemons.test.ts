// Issue 16 item 7: two daemons WITHOUT leader election on the same manifests and one emulator must be
// safe. Two daemon processes resync every 300 ms (so their passes overlap) while 10 seeded rounds edit
// the manifests (images of the cache, the pull policy's document, a standalone policy's action);
// after each round: converged (plan clean, the cache Ready), 0 duplicate caches, at most 5 versions of
// every policy. At the end, further passes of both daemons make no write at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, ROOT_B, cli, e2eSeed, state } from '../e2e/harness.js';
import { mulberry32 } from '../../src/emulator/faults/prng.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';
import { spawnDaemon, type DaemonProcess } from './process-harness.js';

const repo = resolve(import.meta.dirname, '../..');
const ROUNDS = 10;
const WRITE = /^(Create|Update|Delete|Attach|Detach|SetDefault|Tag|Untag)/;
// Tags the demo seed's ACR instance holds, so every cache can become Ready.
const IMAGES = ['registry.acme.example/eci_test/nginx:1.0', 'registry.acme.example/eci_test/nginx:latest'];
const ACTIONS = ['cr:GetRepository', 'cr:ListRepository', 'cr:GetRepositoryTag'];

const standalonePolicy = (action: string) => `apiVersion: eci-acr-reconciler/v1alpha1
kind: RamPolicy
metadata: {name: shared-extra}
spec:
  account: acr
  description: two daemons
  document:
    Version: "1"
    Statement:
      - {Effect: Allow, Action: ["${action}"], Resource: ["*"]}
`;

function manifests(base: string, random: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const images = IMAGES.filter(() => random() < 0.5);
  const list = (images.length > 0 ? images : [pick(IMAGES)]).map((i) => `    - ${i}`).join('\n');
  return base
    .replace(/^# yaml-language-server.*$/m, '')
    .replace(/  images:\n    - registry\.acme\.example\/eci_test\/nginx:1\.0/, `  images:\n${list}`)
    .replace(/pullPolicy: minimal/, `pullPolicy: ${pick(['minimal', 'documented'])}`);
}

test('two daemons without leader election: 10 seeded rounds of edits under overlapping passes: converged, 0 duplicate caches, at most 5 policy versions, no writes in the final no-op passes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'two-daemons-'));
  const base = await readFile(join(repo, 'manifests/examples/cross-account/manifests.yaml'), 'utf8');
  assert.match(base, /pullPolicy: minimal/, 'the example still has the fields the rounds edit');
  const emulator = await startTestEmulator(e2eSeed());
  const daemons: DaemonProcess[] = [];
  const env = { ECI_ACCESS_KEY_ID: ROOT_A.accessKeyId, ECI_ACCESS_KEY_SECRET: ROOT_A.accessKeySecret, ACR_ACCESS_KEY_ID: ROOT_B.accessKeyId, ACR_ACCESS_KEY_SECRET: ROOT_B.accessKeySecret };
  const args = ['--manifests', dir, '--endpoint', emulator.url, '--resync', '300ms', '--cache-poll-interval', '200ms'];
  try {
    await writeFile(join(dir, 'manifests.yaml'), manifests(base, mulberry32(0)));
    await writeFile(join(dir, 'extra.yaml'), standalonePolicy(ACTIONS[0]!));
    daemons.push(...(await Promise.all(['a', 'b'].map((name) => spawnDaemon({ name, args, env })))));
    for (let round = 1; round <= ROUNDS; round++) {
      const random = mulberry32(round);
      await writeFile(join(dir, 'manifests.yaml'), manifests(base, random));
      await writeFile(join(dir, 'extra.yaml'), standalonePolicy(ACTIONS[Math.floor(random() * ACTIONS.length)]!));
      await waitFor(async () => (await converged(emulator, dir)) || undefined, `round ${round} (seed ${round}) to converge`, 60_000, 200).catch((error) => {
        throw new Error(`${(error as Error).message}\nlast plan:\n${lastPlan}\ndaemon a:\n${daemons[0]!.output().slice(-3000)}`);
      });
      const world = await state(emulator);
      const caches = world.accounts[ACCOUNT_A].eci.imageCaches.filter((c: any) => c.ImageCacheName === 'nginx-cross-account');
      assert.equal(caches.length, 1, `round ${round} (seed ${round}): one cache, not ${caches.length}`);
      for (const accountId of [ACCOUNT_A, ACCOUNT_B]) {
        for (const p of world.accounts[accountId].ram.policies) assert.ok(p.versions.length <= 5, `round ${round}: policy ${p.policyName} has ${p.versions.length} versions`);
      }
    }
    // The no-op pass: both daemons pass twice more over the unchanged manifests and write nothing.
    // A pass in flight when convergence was seen may have observed the cloud before the other
    // daemon's last write and repeat it (same content: a race of two writers, not a flap), so the
    // window starts once each daemon has finished one more pass.
    const inFlight = await Promise.all(daemons.map(passCount));
    await waitFor(async () => (await Promise.all(daemons.map(passCount))).every((n, i) => n >= inFlight[i]! + 1), 'the passes in flight to finish', 20_000);
    await emulator.admin('DELETE', '/_emulator/requests');
    const logStart = daemons.map((d) => d.output().length);
    const passes = await Promise.all(daemons.map(passCount));
    await waitFor(async () => (await Promise.all(daemons.map(passCount))).every((n, i) => n >= passes[i]! + 2), 'two more passes of each daemon', 20_000);
    const writes = (await emulator.requests()).filter((r) => r.action !== null && WRITE.test(r.action)).map((r) => `${r.action} ${r.statusCode} ${r.code ?? ''}`.trim());
    // On failure, the daemons' own account of why they wrote: their "resource changed" lines in the window.
    const why = daemons.map((d, i) => `daemon ${d.name}:\n${changedLines(d.output().slice(logStart[i]))}`).join('\n');
    assert.deepEqual(writes, [], `no writes in the final no-op passes\n${why}\nplan at convergence:\n${lastPlan}`);
  } finally {
    await Promise.all(daemons.map((d) => d.stop()));
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

let lastPlan = '';

/**
 * The plan over `dir` is clean (exit 0) and there is one cache, Ready. Two daemons that loaded
 * different revisions create two caches (their ClientTokens differ); until the one kept is built the
 * plan shows the other as pending, not as a change, so a clean plan alone is not convergence.
 */
async function converged(emulator: TestEmulator, dir: string): Promise<boolean> {
  const plan = await cli(emulator, ['plan', '--manifests', dir, '--detailed-exitcode']);
  lastPlan = plan.out + plan.err;
  if (plan.code !== 0) return false;
  const caches = (await state(emulator)).accounts[ACCOUNT_A].eci.imageCaches.filter((c: any) => c.ImageCacheName === 'nginx-cross-account');
  return caches.length === 1 && caches[0].Status === 'Ready';
}

function changedLines(log: string): string {
  return log.split('\n').filter((line) => /resource changed|reconcile pass finished|error/.test(line)).join('\n');
}

async function passCount(d: DaemonProcess): Promise<number> {
  const text = await (await fetch(`${d.base}/metrics`)).text();
  return [...text.matchAll(/^eci_acr_reconciler_reconcile_passes_total\{result="\w+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}
