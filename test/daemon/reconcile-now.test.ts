import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, startHttpServer } from '../../src/daemon/http-server.js';
import { bearerMatches, keysOfTarget, readAdminToken } from '../../src/daemon/reconcile-now.js';
import type { DesiredState } from '../../src/model/desired.js';

test('admin token: read trimmed from its file; empty or missing files are refused; only the exact bearer token matches', () => {
  const dir = mkdtempSync(join(tmpdir(), 'token-'));
  try {
    writeFileSync(join(dir, 't'), '  s3cret-token\n');
    assert.equal(readAdminToken(join(dir, 't')), 's3cret-token');
    writeFileSync(join(dir, 'empty'), '\n');
    assert.throws(() => readAdminToken(join(dir, 'empty')), /is empty/);
    assert.throws(() => readAdminToken(join(dir, 'absent')), /cannot read --admin-token-file .*ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(bearerMatches('Bearer s3cret-token', 's3cret-token'), true);
  for (const header of [undefined, '', 'Bearer', 'Bearer s3cret-toke', 'Bearer s3cret-token2', 'Basic s3cret-token', 's3cret-token']) {
    assert.equal(bearerMatches(header, 's3cret-token'), false, String(header));
  }
});

const origin = (kind: 'RamRole' | 'RamPolicy' | 'ImageCache' | 'AcrPullAccess', name: string) => ({ kind, name });
const desired = {
  accounts: [{ name: 'main', accountId: '1000' }, { name: 'empty', accountId: '2000' }],
  roles: [
    { account: 'main', accountId: '1000', roleName: 'ci', origin: origin('RamRole', 'ci') },
    { account: 'main', accountId: '1000', roleName: 'eci-pull', origin: origin('AcrPullAccess', 'registry') },
  ],
  policies: [{ account: 'main', accountId: '1000', policyName: 'pull', origin: origin('AcrPullAccess', 'registry') }],
  imageCaches: [{ account: 'main', accountId: '1000', regionId: 'cn-hangzhou', origin: origin('ImageCache', 'web') }],
} as unknown as DesiredState;

test('reconcile targets: Kind/name of a manifest → its queue keys (an AcrPullAccess its expansion, an Account all of it)', () => {
  assert.deepEqual(keysOfTarget('RamRole/ci', desired), ['role/1000/ci']);
  assert.deepEqual(keysOfTarget('AcrPullAccess/registry', desired), ['role/1000/eci-pull', 'policy/1000/pull']);
  assert.deepEqual(keysOfTarget('ImageCache/web', desired), ['imagecache/1000/cn-hangzhou/web']);
  assert.equal(keysOfTarget('Account/main', desired)?.length, 4);
  assert.deepEqual(keysOfTarget('Account/empty', desired), []);
  for (const unknown of ['RamRole/absent', 'Account/absent', 'ci', 'RamPolicy/ci']) assert.equal(keysOfTarget(unknown, desired), undefined, unknown);
});

test('http server: POST reaches only the write routes; GET-only paths answer 405 to POST, unknown paths 404', async () => {
  const server = await startHttpServer({ host: '127.0.0.1', port: 0 }, { '/status': () => json(200, {}) }, { '/reconcile': (r) => json(202, { target: r.url.searchParams.get('target') }) });
  try {
    const base = `http://127.0.0.1:${server.address.port}`;
    const posted = await fetch(`${base}/reconcile?target=RamRole/ci`, { method: 'POST' });
    assert.equal(posted.status, 202);
    assert.deepEqual(await posted.json(), { target: 'RamRole/ci' });
    assert.equal((await fetch(`${base}/reconcile`)).status, 405, 'GET of a write route');
    assert.equal((await fetch(`${base}/status`, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${base}/other`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${base}//reconcile`, { method: 'POST' })).status, 404, 'a doubled slash is a path, not a host');
  } finally {
    await server.close();
  }
});
