import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSTIC_CODES } from '../../src/manifests/index.js';

// The acceptance bar: every code is asserted somewhere at an exact `line:column`.
test('every diagnostic code has a test asserting its exact line and column', () => {
  const dir = 'test/manifests';
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const untested = Object.keys(DIAGNOSTIC_CODES).filter((code) => !new RegExp(`\\d+:\\d+ ${code}\\b`).test(texts));
  assert.deepEqual(untested, []);
});
