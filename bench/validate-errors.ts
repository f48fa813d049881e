// `npm run bench:validate -- --errors [N]`: the CLI's `validate` over N documents (default 100,000)
// with one error each, on disk: wall time, CPU, peak RSS and the size of what it printed. Target (issue 10): under 10 s on 2 cores and under 1 GB. Before the line index was built
// once per file, 8,000 such documents took 73 s.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCli } from './build.js';
import { childEnvironment, runChild } from './spawn.js';

const PER_FILE = 100;
const H = 'apiVersion: eci-acr-reconciler/v1alpha1\n';
const ACCOUNT = `${H}kind: Account\nmetadata: {name: eci}\nspec: {accountId: "1000000000000001", regionId: cn-hangzhou}\n`;

// Each a RamRole with one unknown field: the error the schema stage reports, at its own line.
const document = (i: number): string =>
  `${H}kind: RamRole\nmetadata: {name: role-${i}}\nspec:\n  account: eci\n  trust: {services: [eci.aliyuncs.com]}\n  unknownField${i}: 1\n`;

/**
 * Runs the CLI as the user would (esbuild bundle, plain node, bench/child.mjs reporting its own
 * peak RSS and CPU), so the figures are the validating process alone, without tsx's transpiling.
 */
export async function benchValidateErrors(documents: number): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'eci-acr-bench-errors-'));
  try {
    const dir = join(work, 'manifests');
    mkdirSync(dir);
    writeFileSync(join(dir, 'accounts.yaml'), ACCOUNT);
    for (let f = 0; f * PER_FILE < documents; f += 1) {
      const count = Math.min(PER_FILE, documents - f * PER_FILE);
      const text = Array.from({ length: count }, (_, k) => document(f * PER_FILE + k)).join('---\n');
      writeFileSync(join(dir, `gen-${String(f).padStart(5, '0')}.yaml`), text);
    }
    mkdirSync(join(work, 'build'));
    const built = await bundleCli(join(work, 'build', 'dist'));
    if (built.cliDir === undefined) throw new Error(`bundling the CLI failed: ${built.output}`);
    const run = await runChild(['validate', '--manifests', dir], {
      cli: { dir: built.cliDir, loader: 'node' },
      env: childEnvironment({}, work),
      workDir: work,
      label: 'validate-errors',
      timeoutMs: 600_000,
    });
    const out = readFileSync(run.stdoutPath, 'utf8');
    const r = run.report;
    const rssMb = r.maxRssKb / 1024;
    console.log(`validate ${documents} documents with one error each (${Math.ceil(documents / PER_FILE)} files on disk), bundled CLI: exit ${r.exitCode}, "${out.trimEnd().split('\n').at(-1)}"`);
    console.log(`  pass ${(r.passMs / 1000).toFixed(2)} s, process ${(r.processMs / 1000).toFixed(2)} s, CPU ${(r.cpuMs / 1000).toFixed(2)} s, peak RSS ${rssMb.toFixed(0)} MB, peak heap used ${(r.peakHeapUsedKb / 1024).toFixed(0)} MB, printed ${out.length} characters`);
    console.log(`  target < 10 s and < 1 GB: ${r.processMs < 10_000 && rssMb < 1024 ? 'met' : 'MISSED'} (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
