import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

test('--help lists every command and exits 0', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--help'], io), 0);
  for (const name of ['validate', 'plan', 'run', 'emulator', 'outputs']) assert.match(io.out(), new RegExp(`\\b${name}\\b`));
});

test('an unknown command is a usage error (exit 3) without a stack trace', async () => {
  const io = captureIo();
  assert.equal(await runCli(['frobnicate'], io), 3);
  assert.match(io.err(), /unknown command "frobnicate"/);
  assert.doesNotMatch(io.err(), /\n\s+at /);
});

test('run --once --dry-run rejects an unknown --output like plan does (exit 3, before any cloud call)', async () => {
  const io = captureIo();
  assert.equal(await runCli(['run', '--once', '--dry-run', '--output', 'xml'], io), 3);
  assert.match(io.err(), /--output must be text or json, not "xml"/);
});
