import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { containerNodeOptions } from '../../bench/container.js';

test('the benchmark reads NODE_OPTIONS from the Dockerfile, quoted or not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-dockerfile-'));
  const plain = join(dir, 'plain');
  const quoted = join(dir, 'quoted');
  const none = join(dir, 'none');
  writeFileSync(plain, 'FROM node:22\nENV NODE_OPTIONS=--max-old-space-size=128\n');
  writeFileSync(quoted, 'FROM node:22\nENV NODE_OPTIONS="--max-old-space-size=96 --enable-source-maps"\n');
  writeFileSync(none, 'FROM node:22\nENV NODE_ENV=production\n');
  assert.equal(containerNodeOptions(pathToFileURL(plain)), '--max-old-space-size=128');
  assert.equal(containerNodeOptions(pathToFileURL(quoted)), '--max-old-space-size=96 --enable-source-maps');
  assert.equal(containerNodeOptions(pathToFileURL(none)), undefined);
});

test("the project's Dockerfile caps the heap, which the daemon's RSS budget relies on", () => {
  assert.match(containerNodeOptions() ?? '', /--max-old-space-size=\d+/);
});
