// The emulator over HTTPS (issue 12, Deliver 1): a generated CA and loopback certificate, or given
// ones; the CLI's listening line names the CA file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../src/cli/main.js';
import { generateLoopbackTls } from '../../src/emulator/tls/certificates.js';
import { captureIo } from '../helpers/io.js';
import { startTestEmulator, twoAccountSeed } from '../helpers/emulator.js';
import { httpsRequest } from '../helpers/tls.js';
import { waitFor } from '../helpers/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-tls-'));

async function untilListening(io: ReturnType<typeof captureIo>): Promise<string> {
  await waitFor(() => io.out().includes('listening on'), 'the listening line', 15_000);
  return io.out();
}

test('in-process tls: true serves HTTPS for 127.0.0.1, localhost and ::1 under the returned CA, and only under it', async () => {
  const emu = await startTestEmulator(twoAccountSeed(), { tls: true, host: '::' });
  try {
    assert.match(emu.url, /^https:\/\//, 'the URL says https');
    assert.ok(emu.caCert?.includes('BEGIN CERTIFICATE'), 'the generated CA is returned as PEM');
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      const reply = await httpsRequest(`https://${host}:${emu.port}/_emulator/requests`, emu.caCert);
      assert.equal(reply.status, 200, host);
    }
    await assert.rejects(httpsRequest(`https://127.0.0.1:${emu.port}/_emulator/requests`, undefined), (error: NodeJS.ErrnoException) => {
      assert.match(error.code ?? '', /CERT|SIGNATURE|ISSUER/, 'a client without the CA refuses the certificate');
      return true;
    });
  } finally {
    await emu.stop();
  }
});

test('emulator --tls writes the CA to --tls-ca-file and names it on the listening line', async () => {
  const caFile = join(dir, 'ca.pem');
  const controller = new AbortController();
  const io = captureIo({ signal: controller.signal });
  const running = runCli(['emulator', '--port', '0', '--tls', '--tls-ca-file', caFile], io);
  const out = await untilListening(io);
  const match = /^listening on (https:\/\/127\.0\.0\.1:\d+) \(CA: (.+)\)\n$/.exec(out);
  assert.ok(match, `listening line: ${out}`);
  assert.equal(match[2], caFile);
  const reply = await httpsRequest(`${match[1]}/_emulator/requests`, readFileSync(caFile, 'utf8'));
  assert.equal(reply.status, 200);
  controller.abort();
  assert.equal(await running, 0);
});

test('emulator --tls-cert/--tls-key serves the given certificate', async () => {
  const material = generateLoopbackTls();
  writeFileSync(join(dir, 'cert.pem'), material.cert);
  writeFileSync(join(dir, 'key.pem'), material.key);
  const controller = new AbortController();
  const io = captureIo({ signal: controller.signal });
  const running = runCli(['emulator', '--port', '0', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')], io);
  const out = await untilListening(io);
  const match = /^listening on (https:\/\/127\.0\.0\.1:\d+)\n$/.exec(out);
  assert.ok(match, `listening line: ${out}`);
  const reply = await httpsRequest(`${match[1]}/_emulator/requests`, material.caCert);
  assert.equal(reply.status, 200);
  controller.abort();
  assert.equal(await running, 0);
});

test('TLS flag mistakes are usage errors (exit 3)', async () => {
  writeFileSync(join(dir, 'junk.pem'), 'not a certificate');
  for (const argv of [['--tls-cert', 'x.pem'], ['--tls-ca-file', 'ca.pem'], ['--tls-cert', join(dir, 'missing.pem'), '--tls-key', 'k'], ['--tls-cert', join(dir, 'junk.pem'), '--tls-key', join(dir, 'junk.pem')]]) {
    const io = captureIo();
    assert.equal(await runCli(['emulator', '--port', '0', ...argv], io), 3, argv.join(' '));
    assert.match(io.err(), /^error: /, argv.join(' '));
  }
});
