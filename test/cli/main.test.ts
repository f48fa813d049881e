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

test('plan and run --once refuse unset credential variables as invalid input (exit 3), naming each one', async () => {
  for (const argv of [['plan'], ['run', '--once']]) {
    const io = captureIo({ env: { ECI_ACCESS_KEY_ID: 'LTAI5tRootA000000000001' } });
    // Port 1 on loopback: if any call were attempted it would fail as a cloud error (exit 1), not 3.
    const code = await runCli([...argv, '--manifests', 'manifests/examples/cross-account', '--endpoint', '127.0.0.1:1'], io);
    assert.equal(code, 3, `${argv.join(' ')} exits 3`);
    assert.match(io.err(), /Account eci: environment variable ECI_ACCESS_KEY_SECRET is not set/);
    assert.match(io.err(), /Account acr: environment variable ACR_ACCESS_KEY_ID is not set/);
    assert.doesNotMatch(io.err(), /ECI_ACCESS_KEY_ID is not set/, 'a variable that is set is not reported');
  }
});
