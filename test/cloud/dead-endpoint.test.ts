// Issue 14, finding 3: `plan --endpoint 127.0.0.1:PORT` with nothing listening was silent for ~14 s
// (eight attempts with backoff per account), then printed the error once per resource, with two
// messages run together ("…8099POST http://127.0.0.1:8099/ failed."). Now the first call of an
// account fails it after one attempt, and the account is reported once, with its endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { observe } from '../../src/engine/observe.js';
import { loadManifests } from '../../src/manifests/load.js';
import { plan } from '../../src/plan/plan.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { runCli } from '../../src/cli/main.js';
import { toCloudError, isUnreachable } from '../../src/cloud/classify.js';
import { captureIo } from '../helpers/io.js';
import { provider, type Recorded } from './fixture.js';

const EXAMPLE = 'manifests/examples/cross-account';
const KEYS = { ECI_ACCESS_KEY_ID: 'LTAI5tRootA000000000001', ECI_ACCESS_KEY_SECRET: 's', ACR_ACCESS_KEY_ID: 'LTAI5tRootB000000000001', ACR_ACCESS_KEY_SECRET: 's' };

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A loopback port where nothing listens: bound, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function desired() {
  const loaded = loadManifests([EXAMPLE], undefined, { emulatorMode: true });
  assert.ok(loaded.state, 'the example loads');
  return loaded.state;
}

/** The plan text for a provider pointed at `endpoint`, and the retries the runner announced. */
async function planAgainst(endpoint: string, timeouts?: { connectTimeoutMs: number; readTimeoutMs: number }) {
  const state = desired();
  const recorded: Recorded = { calls: [], retries: [] };
  // The CLI's policy (8 attempts); the clock's sleeps return at once, so backoff costs no wall time.
  const cloud = provider({ accounts: state.accounts, env: KEYS, endpoint, retry: { attempts: 8 }, ...(timeouts ? { timeouts } : {}) }, recorded);
  const observed = await observe(state, cloud);
  let text = '';
  renderPlanText(plan(state, observed), (t) => void (text += t));
  return { text, recorded };
}

test('finding 3: connection refused on the first call fails each account after one attempt, reported once per account with the endpoint', async () => {
  const port = await deadPort();
  const { text, recorded } = await planAgainst(`127.0.0.1:${port}`);
  assert.deepEqual(recorded.retries, [], 'no retry of a refused first call');
  assert.deepEqual(
    recorded.calls.map((c) => `${c.accountName} ${c.action} ${c.code}`).sort(),
    ['acr GetCallerIdentity ECONNREFUSED', 'eci GetCallerIdentity ECONNREFUSED'],
    'one attempt per account, then nothing',
  );
  const problems = text.split('\n').filter((l) => l.includes('!'));
  assert.deepEqual(problems, [
    `  ! account not read, 2 resources not planned: sts GetCallerIdentity account eci: ECONNREFUSED: no answer from http://127.0.0.1:${port}/ (connection refused) (ECONNREFUSED)`,
    `  ! account not read, 2 resources not planned: sts GetCallerIdentity account acr: ECONNREFUSED: no answer from http://127.0.0.1:${port}/ (connection refused) (ECONNREFUSED)`,
  ]);
  assert.doesNotMatch(text, /\d(POST|GET) http/, 'no messages run together');
});

test('finding 3: an endpoint that accepts but never answers fails the account after one timeout, not eight', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket));
  const port = await listen(silent);
  try {
    const { text, recorded } = await planAgainst(`127.0.0.1:${port}`, { connectTimeoutMs: 300, readTimeoutMs: 300 });
    assert.deepEqual(recorded.retries, [], 'no retry of a first call that timed out');
    assert.equal(recorded.calls.length, 2, `one attempt per account: ${JSON.stringify(recorded.calls)}`);
    assert.equal(text.split('\n').filter((l) => l.includes('! account not read')).length, 2, text);
    assert.match(text, new RegExp(`RequestTimeout: no answer from http://127\\.0\\.0\\.1:${port}/ \\(timed out\\)`));
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('finding 3: unknown hosts and refused connections are "unreachable", with the HTTP layer\'s suffix turned into the endpoint', () => {
  const ctx = { service: 'ram' as const, action: 'ListRoles' };
  const dns = toCloudError(Object.assign(new Error('getaddrinfo ENOTFOUND ram.example.invalidPOST https://ram.example.invalid/?x=1 failed.'), { code: 'ENOTFOUND' }), ctx);
  assert.equal(isUnreachable(dns), true);
  assert.equal(dns.message, 'ram ListRoles: ENOTFOUND: no answer from https://ram.example.invalid/ (host name not found)');
  const refused = toCloudError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1POST http://127.0.0.1:1/ failed.'), { code: 'ECONNREFUSED' }), ctx);
  assert.equal(refused.message, 'ram ListRoles: ECONNREFUSED: no answer from http://127.0.0.1:1/ (connection refused)');
  const answered = toCloudError(Object.assign(new Error('busy'), { code: 'ServiceUnavailable', statusCode: 503 }), ctx);
  assert.equal(isUnreachable(answered), false, 'an HTTP answer is not an unreachable endpoint');
});

test('finding 3: plan and run --once against a dead endpoint print one line per account and exit 1', async () => {
  const port = await deadPort();
  for (const argv of [['plan'], ['run', '--once']]) {
    const io = captureIo({ env: KEYS });
    const code = await runCli([...argv, '--endpoint', `127.0.0.1:${port}`, EXAMPLE], io);
    assert.equal(code, 1, io.out() + io.err());
    const mentions = io.out().split('\n').filter((l) => l.includes(`no answer from http://127.0.0.1:${port}/ (connection refused)`));
    assert.equal(mentions.length, 2, `${argv.join(' ')}: one line per account:\n${io.out()}`);
    assert.ok(mentions.some((l) => l.includes('account eci')) && mentions.some((l) => l.includes('account acr')), io.out());
  }
});
