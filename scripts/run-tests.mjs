#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's built-in runner through the tsx loader.
// Node 20's --test does not expand globs, so the file list is collected here.
// The environment is scrubbed so no developer credentials, CLI profiles or ECS metadata calls leak in.
import { readdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : collect(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const filter = process.argv.slice(2);
const files = collect('test').filter((f) => filter.length === 0 || filter.some((p) => f.includes(p))).sort();
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ALIBABA_CLOUD_')));
Object.assign(env, {
  HOME: mkdtempSync(join(tmpdir(), 'eci-acr-test-home-')),
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
  ECI_ACR_RECONCILER_ENDPOINT: '',
});
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
