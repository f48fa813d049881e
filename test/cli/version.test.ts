// --version is package.json's version, not a copy of it (issue 17 item 6: main.ts hard-coded 0.1.0).
// The built layout (dist/cli, two folders below package.json as well) is checked by
// test/packaging/production-install.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

test('17.6: --version prints the version package.json declares', async () => {
  const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const io = captureIo();
  assert.equal(await runCli(['--version'], io), 0);
  assert.equal(io.out(), `eci-acr-reconciler ${version}\n`);
});
