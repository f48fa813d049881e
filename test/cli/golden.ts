// Golden files for rendered text. UPDATE_GOLDEN=1 rewrites them; review the diff before committing.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = 'test/fixtures/manifests/golden';

export function assertGolden(name: string, actual: string): void {
  const path = join(DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${path} differs (UPDATE_GOLDEN=1 to rewrite)`);
}
