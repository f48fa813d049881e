// The `emulator` command: as a child process (listening line, SIGTERM) and in-process (flag and seed errors).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { waitFor } from '../helpers/wait.js';
import { stsClient } from '../helpers/sdk.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-command-'));

test('as a child process: prints the listening line on --port 0, serves the demo seed, exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within 20 s; stderr: ${err}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))\n/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited early with ${code}; stderr: ${err}`)));
  });
  const identity = await stsClient(new URL(url).host, { accessKeyId: 'LTAI5tRootA000000000001', accessKeySecret: 'root-secret-a' }).getCallerIdentity();
  assert.equal(identity.body?.accountId, '1000000000000001');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.equal(err, '');
});

test('in-process: stops when the signal aborts and returns 0', async () => {
  const controller = new AbortController();
  const io = captureIo({ signal: controller.signal });
  const running = runCli(['emulator', '--port', '0'], io);
  await waitFor(() => io.out().includes('listening on'), 'the listening line', 10_000);
  assert.match(io.out(), /^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  controller.abort();
  assert.equal(await running, 0);
});

test('bad flags are usage errors (exit 3)', async () => {
  for (const argv of [['--port', 'abc'], ['--port', '70000'], ['--bogus']]) {
    const io = captureIo();
    assert.equal(await runCli(['emulator', ...argv], io), 3, argv.join(' '));
    assert.match(io.err(), /^error: /);
  }
});

test('an invalid seed names every bad field with its path, without a stack trace (exit 3)', async () => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'accounts:\n  - accountId: 12\n    rootAccessKeys: [{accessKeyId: K}]\n    roles: [{roleName: "bad name", trust: {}}]\n');
  const io = captureIo();
  assert.equal(await runCli(['emulator', '--seed', file], io), 3);
  assert.match(io.err(), /accounts\[0\]\.accountId: "12" must be 16 digits/);
  assert.match(io.err(), /accounts\[0\]\.rootAccessKeys\[0\]\.accessKeySecret: is required/);
  assert.match(io.err(), /accounts\[0\]\.roles\[0\]\.roleName/);
  assert.doesNotMatch(io.err(), /\n\s+at /);
});

test('a bad faults block in the seed is a seed error too (exit 3)', async () => {
  const file = join(dir, 'bad-faults.yaml');
  writeFileSync(file, 'accounts: []\nfaults: {rules: [{probability: 2, code: Throttling.User}]}\n');
  const io = captureIo();
  assert.equal(await runCli(['emulator', '--seed', file], io), 3);
  assert.match(io.err(), /faults: .*probability/);
  assert.doesNotMatch(io.err(), /\n\s+at /);
});

test('a --host that is no valid host name is a one-line flag error (exit 3), found without any DNS query', async () => {
  const io = captureIo();
  const host = 'a'.repeat(300); // over DNS's 253-character limit: Node refuses it before any lookup
  assert.equal(await runCli(['emulator', '--port', '0', '--host', host], io), 3);
  assert.match(io.err(), /^error: --host "a+" does not resolve to an address \(EINVAL\)\n$/);
});

test('a missing seed file is reported plainly (exit 3)', async () => {
  const io = captureIo();
  assert.equal(await runCli(['emulator', '--seed', join(dir, 'missing.yaml')], io), 3);
  assert.match(io.err(), /cannot read seed file .*missing\.yaml: ENOENT/);
  assert.equal(io.err().trimEnd().split('\n').length, 1, `one line: ${io.err()}`);
});
