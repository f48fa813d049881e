// The benchmark's smoke test: `npm run bench -- --quick` runs end to end. Timings are printed,
// never asserted (the machine is shared); the one behaviour checked is that a no-op pass writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

interface BenchJson {
  cases: { name: string; problem?: string; calls: { writes: number; total: number } }[];
}

function runQuickBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// It takes 15–30 s; the timeout leaves room for a loaded machine, since timing is not what is tested.
test('bench --quick completes, ends with the JSON line, and its no-op pass makes 0 writes', { timeout: 90_000 }, async () => {
  const { code, stdout, stderr } = await runQuickBench();
  const lastLine = stdout.trimEnd().split('\n').at(-1) ?? '';
  const summary = JSON.parse(lastLine) as BenchJson;
  const failed = summary.cases.filter((c) => c.problem).map((c) => `${c.name}: ${c.problem}`);
  assert.deepEqual(failed, [], `${stdout}\n${stderr}`);
  assert.equal(code, 0);
  const noop = summary.cases.find((c) => c.name === 'noop');
  assert.ok(noop && noop.calls.total > 0, 'the no-op pass ran and made calls');
  assert.equal(noop.calls.writes, 0);
});
