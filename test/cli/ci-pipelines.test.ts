// Issue 14, Deliver 3: the CI pipelines of docs/ci.md are real files (docs/ci/*.yml), and their
// eci-acr-reconciler commands work as written. Each file is parsed, its run/script commands are taken
// in order, and the reconciler's are run in-process against the emulator (the endpoint comes from
// ECI_ACR_RECONCILER_ENDPOINT, as a CI job would get it from its environment), in a folder laid out
// like the manifests repository: the pull-request commands (validate, plan to a comment and a
// saved plan), then the merge commands (apply of that saved plan), checking exit codes and writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { clearRequests, e2eEmulator, reconcilerEnv, removeDir, writesOf } from '../e2e/harness.js';
import type { TestEmulator } from '../helpers/emulator.js';

interface Pipeline {
  file: string;
  /** Shell lines of the pull-request jobs, then of the merge jobs, each in order. */
  review: string[];
  merge: string[];
}

const lines = (script: unknown): string[] => (Array.isArray(script) ? script : [script]).flatMap((s) => (typeof s === 'string' ? s.split('\n') : []));

function githubActions(file: string): Pipeline {
  const doc = parse(readFileSync(file, 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
  const runs = (job: string) => doc.jobs[job]!.steps.flatMap((s) => lines(s.run));
  return { file, review: runs('plan'), merge: runs('apply') };
}

function gitlabCi(file: string): Pipeline {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, { script?: string[]; before_script?: string[]; stage?: string }>;
  const before = lines(doc['default']?.before_script);
  const job = (name: string) => [...before, ...lines(doc[name]!.script)];
  return { file, review: [...job('validate'), ...job('plan')], merge: job('apply') };
}

/** `npx eci-acr-reconciler ARGS [> FILE]` → its arguments and the file stdout goes to. */
function reconcilerCommand(line: string): { argv: string[]; stdoutTo?: string } | undefined {
  const match = /^\s*-?\s*npx eci-acr-reconciler (.*)$/.exec(line);
  if (!match) return undefined;
  const [command, redirect] = match[1]!.split(/\s+>\s+/);
  assert.ok(!/[|&;$`"']/.test(command!), `keep reconciler commands plain (the test runs them as words): ${line}`);
  return { argv: command!.trim().split(/\s+/), ...(redirect ? { stdoutTo: redirect.trim() } : {}) };
}

async function runAll(emulator: TestEmulator, cwd: string, shell: string[]): Promise<{ argv: string[]; code: number; err: string }[]> {
  const results = [];
  for (const line of shell) {
    const command = reconcilerCommand(line);
    if (!command) continue;
    const io = captureIo({ env: reconcilerEnv(emulator), cwd });
    const code = await runCli(command.argv, io);
    if (command.stdoutTo) writeFileSync(join(cwd, command.stdoutTo), io.out());
    results.push({ argv: command.argv, code, err: io.err() });
  }
  return results;
}

for (const pipeline of [githubActions('docs/ci/github-actions.yml'), gitlabCi('docs/ci/gitlab-ci.yml')]) {
  test(`${pipeline.file}: validate and plan on review, apply of the reviewed plan on merge, against the emulator`, async () => {
    const emulator = await e2eEmulator();
    const repo = mkdtempSync(join(tmpdir(), 'ci-pipeline-'));
    try {
      cpSync('manifests/examples/cross-account', join(repo, 'manifests'), { recursive: true });
      assert.ok(pipeline.review.some((l) => /npm ci/.test(l)) && pipeline.merge.some((l) => /npm ci/.test(l)), 'every job installs with npm ci');

      const review = await runAll(emulator, repo, pipeline.review);
      assert.deepEqual(review.map((r) => r.argv[0]), ['validate', 'plan'], 'review runs validate, then plan');
      for (const r of review) assert.equal(r.code, 0, `${r.argv.join(' ')}: ${r.err}`);
      const comment = readFileSync(join(repo, 'plan.md'), 'utf8');
      assert.match(comment, /^\*\*\+\d+ ~\d+ -\d+\*\*/m, 'the comment starts with the summary line');
      assert.match(comment, /<details>/);
      assert.ok(pipeline.review.some((l) => /plan\.md/.test(l) && !/eci-acr-reconciler/.test(l)), 'the plan.md the plan wrote is what gets posted');
      assert.ok(existsSync(join(repo, 'plan.json')), 'the saved plan is written for the merge job');
      const steps = (JSON.parse(readFileSync(join(repo, 'plan.json'), 'utf8')) as { plan: { steps: unknown[] } }).plan.steps.length;

      await clearRequests(emulator);
      const merge = await runAll(emulator, repo, pipeline.merge);
      assert.deepEqual(merge.map((r) => r.argv.slice(0, 3)), [['run', '--once', '--wait']], 'merge applies the saved plan');
      assert.ok(merge[0]!.argv.includes('--plan') && merge[0]!.argv.includes('plan.json'), 'the merge job applies plan.json');
      assert.equal(merge[0]!.code, 0, merge[0]!.err);
      assert.equal(writesOf(await emulator.requests()).length, steps, 'apply-after-plan makes exactly the planned writes');

      await clearRequests(emulator);
      const again = await runAll(emulator, repo, pipeline.merge);
      assert.equal(again[0]!.code, 1, 'the same plan applied twice is stale the second time');
      assert.deepEqual(writesOf(await emulator.requests()), []);
    } finally {
      removeDir(repo);
    }
  });
}
