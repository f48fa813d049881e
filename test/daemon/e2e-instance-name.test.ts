// Issue 13, Deliver 3 in the daemon: an AcrPullAccess that names its instance by instanceName is
// looked up in ACR (ListInstance) at start-up and on deep resyncs, and the daemon builds what the
// instanceId form builds; incremental resyncs reuse the id (no ListInstance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startDaemon, waitFor } from './harness.js';

const repo = resolve(import.meta.dirname, '../..');
const ROOTS = { ECI_ACCESS_KEY_ID: 'LTAI5tRootA000000000001', ECI_ACCESS_KEY_SECRET: 'root-secret-a', ACR_ACCESS_KEY_ID: 'LTAI5tRootB000000000001', ACR_ACCESS_KEY_SECRET: 'root-secret-b' };

test('daemon: instanceName is looked up in ACR at start-up, the chain converges with its id, and incremental resyncs send no ListInstance', async () => {
  const seed = await readFile(resolve(repo, 'seeds/demo-seed.yaml'), 'utf8');
  const manifests = (await readFile(resolve(repo, 'manifests/examples/cross-account/manifests.yaml'), 'utf8'))
    .replace(/^# yaml-language-server.*$/m, '')
    .replace('instanceId: cri-aaaa0000000000001', 'instanceName: acme');
  assert.match(manifests, /instanceName: acme/, 'the example still names its instance where the test expects');
  const d = await startDaemon({ seed, files: { 'manifests.yaml': manifests }, env: ROOTS, args: ['--resync', '300ms', '--cache-poll-interval', '300ms'] });
  try {
    const states = async () => ((await d.json('/status')).resources as { key: string; state: string }[]).map((r) => r.state);
    await waitFor(async () => {
      const s = await states();
      return s.length === 4 && s.every((x) => x === 'ready');
    }, 'the two roles, the pull policy and the cache to be ready', 30_000).catch(async (error) => {
      throw new Error(`${(error as Error).message}\nstatus: ${JSON.stringify((await d.json('/status')).resources)}\n${d.output().slice(-3000)}`);
    });
    const requests = await d.emulator.requests();
    assert.ok(requests.some((r) => r.action === 'ListInstance' && r.statusCode === 200), 'the name was looked up with ListInstance');
    const world = (await d.emulator.admin('GET', '/_emulator/state')).body;
    const cache = world.accounts['1000000000000001'].eci.imageCaches.find((c: { ImageCacheName: string }) => c.ImageCacheName === 'nginx-cross-account');
    assert.equal(cache?.Status, 'Ready', 'the cache built with the looked-up InstanceId pulls from the custom domain');
    await d.emulator.admin('DELETE', '/_emulator/requests');
    const passes = await d.passes();
    await waitFor(async () => (await d.passes()) >= passes + 2, 'two incremental resyncs', 20_000);
    const lookups = (await d.emulator.requests()).filter((r) => r.action === 'ListInstance');
    assert.deepEqual(lookups, [], 'incremental resyncs reuse the instance id');
  } finally {
    assert.equal(await d.stop(), 0);
  }
});

test('daemon: an instanceName ACR does not know makes the manifests invalid at that line, and nothing is written', async () => {
  const seed = await readFile(resolve(repo, 'seeds/demo-seed.yaml'), 'utf8');
  const manifests = (await readFile(resolve(repo, 'manifests/examples/cross-account/manifests.yaml'), 'utf8'))
    .replace(/^# yaml-language-server.*$/m, '')
    .replace('instanceId: cri-aaaa0000000000001', 'instanceName: no-such-instance');
  const d = await startDaemon({ seed, files: { 'manifests.yaml': manifests }, env: ROOTS, args: ['--resync', '10m'] });
  try {
    const ready = await waitFor(async () => {
      const r = await d.get('/readyz');
      return r.status === 503 && /INSTANCE_NAME_UNKNOWN/.test(r.text) ? r.text : undefined;
    }, '/readyz to report the unknown name', 30_000);
    assert.match(ready, /no ACR Enterprise instance named \\"no-such-instance\\" in account acr \(1000000000000002\), region cn-hangzhou/);
    const writes = (await d.emulator.requests()).filter((r) => r.action !== null && /^(Create|Update|Delete|Attach|Detach|SetDefault|Tag|Untag)/.test(r.action));
    assert.deepEqual(writes, [], 'nothing is written while the manifests are invalid');
  } finally {
    assert.equal(await d.stop(), 0);
  }
});
