import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
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
  assert.deepEqual([parsed.valid, parsed.errors, parsed.warnings], [false, 4, 1]);
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
