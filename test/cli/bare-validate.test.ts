// Issue 14, finding 8: a bare `validate` in a fresh clone exited 3, because the default ./manifests
// holds every example and the examples reused Account names. The clone is stood in for by the tracked
// files under manifests/ copied to an empty folder, so local, untracked manifests cannot hide the bug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

test('finding 8: a bare validate in a fresh clone (default ./manifests, every example) exits 0', async () => {
  const clone = mkdtempSync(join(tmpdir(), 'eci-acr-fresh-clone-'));
  const tracked = execFileSync('git', ['ls-files', '-z', 'manifests'], { encoding: 'utf8' }).split('\0').filter(Boolean);
  assert.ok(tracked.some((f) => f.endsWith('.yaml')), `manifests/ holds tracked YAML files: ${tracked.join(', ')}`);
  for (const file of tracked) {
    mkdirSync(join(clone, dirname(file)), { recursive: true });
    cpSync(file, join(clone, file));
  }
  const io = captureIo({ cwd: clone });
  const code = await runCli(['validate'], io);
  assert.equal(code, 0, io.err());
  assert.match(io.out(), /^valid: \d+ files/m);
});
