import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { waitFor } from '../helpers/wait.js';
import { assertGolden } from './golden.js';

test('validate on a valid folder exits 0', async () => {
  const io = captureIo();
  assert.equal(await runCli(['validate', '--manifests', 'manifests/examples/cross-account-explicit'], io), 0);
  assert.equal(io.out(), 'valid: 4 files\n');
});

test('validate reports every problem with a caret snippet and exits 3 (golden)', async () => {
  const io = captureIo();
  assert.equal(await runCli(['validate', '--manifests', 'test/fixtures/manifests/invalid'], io), 3);
  assertGolden('validate-invalid.txt', io.out());
  assert.doesNotMatch(io.out() + io.err(), /\n\s+at /);
});

test('validate --output json lists the diagnostics as data', async () => {
  const io = captureIo();
  assert.equal(await runCli(['validate', 'test/fixtures/manifests/invalid', '--output', 'json'], io), 3);
  const parsed = JSON.parse(io.out()) as { valid: boolean; errors: number; warnings: number; diagnostics: { code: string; line: number; column: number }[] };
  assert.deepEqual([parsed.valid, parsed.errors, parsed.warnings], [false, 6, 1]);
  assert.deepEqual(parsed.diagnostics[0], {
    code: 'WRONG_TYPE',
    severity: 'error',
    file: 'test/fixtures/manifests/invalid/manifests.yaml',
    line: 5,
    column: 14,
    path: 'spec.accountId',
    message: 'accountId must be a string, not number 1000000000000001',
    hint: 'quote the value: YAML reads unquoted digits as a number',
  });
});

test('warnings alone exit 0; --strict turns them into errors (exit 3)', async () => {
  const args = ['validate', '--manifests', 'test/fixtures/manifests/cross-region'];
  const lax = captureIo();
  assert.equal(await runCli(args, lax), 0);
  assert.match(lax.out(), /valid: 1 file \(0 errors, 1 warning\)/);
  const strict = captureIo();
  assert.equal(await runCli([...args, '--strict'], strict), 3);
  assert.match(strict.out(), /error LINT_UNRESTRICTED_SAME_ACCOUNT/);
});

test('YAML syntax errors are diagnostics, not stack traces', async () => {
  const io = captureIo();
  assert.equal(await runCli(['validate', 'test/fixtures/manifests/broken.yaml'], io), 3);
  assert.match(io.out(), /broken\.yaml:\d+:\d+: error YAML_SYNTAX/);
});

test('a bad --output value is a usage error (exit 3); a missing folder is PATH_NOT_FOUND (exit 3)', async () => {
  const io = captureIo();
  assert.equal(await runCli(['validate', '--output', 'xml'], io), 3);
  assert.match(io.err(), /--output must be text or json/);
  const missing = captureIo({ cwd: '/nonexistent-dir-for-test' });
  assert.equal(await runCli(['validate'], missing), 3);
  assert.match(missing.out(), /^manifests:1:1: error PATH_NOT_FOUND/);
});

// Observes the real CLI from inside its process without changing it: writes a file once main() has
// installed its SIGTERM handler, so the test signals a process that is validating, not one still
// starting up (whose default action would kill it before the CLI's handler exists).
const SIGNAL_READY = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; const t = setInterval(() => { if (process.listenerCount('SIGTERM') > 0) { writeFileSync(process.env.SIGNAL_READY_FILE, 'ready'); clearInterval(t); } }, 2); t.unref();",
)}`;

test('A5: SIGTERM to a real validate process over 60,000 documents stops it at a document boundary: exit 1, INTERRUPTED, no stack trace', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'validate-sigterm-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const dir = join(work, 'manifests');
  mkdirSync(dir);
  const H = 'apiVersion: eci-acr-reconciler/v1alpha1\n';
  writeFileSync(join(dir, 'accounts.yaml'), `${H}kind: Account\nmetadata: {name: eci}\nspec: {accountId: "1000000000000001", regionId: cn-hangzhou}\n`);
  for (let f = 0; f < 600; f += 1) {
    const docs = Array.from({ length: 100 }, (_, k) => `${H}kind: RamRole\nmetadata: {name: role-${f}-${k}}\nspec:\n  account: eci\n  trust: {services: [eci.aliyuncs.com]}\n  unknownField: 1\n`);
    writeFileSync(join(dir, `gen-${String(f).padStart(3, '0')}.yaml`), docs.join('---\n'));
  }
  const ready = join(work, 'ready');
  const main = resolve(import.meta.dirname, '../../src/cli/main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', SIGNAL_READY, main, 'validate', '--manifests', dir], {
    env: { ...process.env, SIGNAL_READY_FILE: ready },
  });
  t.after(() => void child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (err += b));
  let exit: { code: number | null } | undefined;
  child.on('close', (code) => (exit = { code }));
  await waitFor(() => existsSync(ready) || exit !== undefined, 'the CLI to install its SIGTERM handler', 30_000);
  assert.equal(exit, undefined, `the CLI finished before it was signalled: ${out}${err}`);
  child.kill('SIGTERM');
  const { code } = await waitFor(() => exit, 'validate to exit after SIGTERM', 30_000);
  assert.equal(code, 1, out + err);
  assert.match(out, /: error INTERRUPTED validation interrupted \(received SIGTERM\); nothing was decided/);
  assert.match(out, /^1 error, 0 warnings$/m, `only the INTERRUPTED diagnostic, not the 60,000 unknown fields: ${out.slice(-300)}`);
  assert.doesNotMatch(out + err, /\n\s+at |internal error/, 'no stack trace');
});
