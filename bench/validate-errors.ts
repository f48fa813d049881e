// `npm run bench:validate -- --errors [N]`: the CLI's `validate` over N documents (default 100,000)
// with one error each, on disk, in this process: wall time, CPU, peak RSS and the size of what it
// printed. Target (issue 10): under 10 s on 2 cores and under 1 GB. Before the line index was built
// once per file, 8,000 such documents took 73 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCli } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';

const PER_FILE = 100;
const H = 'apiVersion: eci-acr-reconciler/v1alpha1\n';
const ACCOUNT = `${H}kind: Account\nmetadata: {name: eci}\nspec: {accountId: "1000000000000001", regionId: cn-hangzhou}\n`;

// Each a RamRole with one unknown field: the error the schema stage reports, at its own line.
const document = (i: number): string =>
  `${H}kind: RamRole\nmetadata: {name: role-${i}}\nspec:\n  account: eci\n  trust: {services: [eci.aliyuncs.com]}\n  unknownField${i}: 1\n`;

export async function benchValidateErrors(documents: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'eci-acr-bench-errors-'));
  try {
    writeFileSync(join(dir, 'accounts.yaml'), ACCOUNT);
    for (let f = 0; f * PER_FILE < documents; f += 1) {
      const count = Math.min(PER_FILE, documents - f * PER_FILE);
      const text = Array.from({ length: count }, (_, k) => document(f * PER_FILE + k)).join('---\n');
      writeFileSync(join(dir, `gen-${String(f).padStart(5, '0')}.yaml`), text);
    }
    let printed = 0;
    let lastLine = '';
    const io: CliIo = {
      stdout: (t) => {
        printed += t.length;
        lastLine = t.trimEnd().split('\n').at(-1) ?? lastLine;
      },
      stderr: (t) => void (printed += t.length),
      env: {},
      cwd: process.cwd(),
      isTty: false,
      signal: new AbortController().signal,
    };
    const cpu = process.cpuUsage();
    const start = performance.now();
    const code = await runCli(['validate', '--manifests', dir], io);
    const wall = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(`validate ${documents} documents with one error each (${Math.ceil(documents / PER_FILE)} files on disk): exit ${code}, "${lastLine}"`);
    console.log(`  wall ${wall.toFixed(2)} s, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s, peak RSS ${rssMb.toFixed(0)} MB (this process), printed ${printed} characters`);
    console.log(`  target < 10 s and < 1 GB: ${wall < 10 && rssMb < 1024 ? 'met' : 'MISSED'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
