// `npm start`: the whole reconciler against the built-in emulator, offline, in under a minute.
// For each example folder: a fresh in-process emulator with the demo seed, then
//   plan → run --once --wait → outputs → a second `run --once` that must make no write call.
// Exits 0 only if every example converged and every second pass was clean.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/main.js';
import type { CliIo } from '../cli/io.js';
import { loadSeedFile } from '../emulator/seed.js';
import { startEmulator } from '../emulator/server.js';

const SEED = 'seeds/demo-seed.yaml';
const EXAMPLES = 'manifests/examples';

/** The deployer users of the demo seed; the example Account manifests name these variables. */
const DEMO_CREDENTIALS = {
  ECI_ACCESS_KEY_ID: 'LTAI5tDeployerA00000001',
  ECI_ACCESS_KEY_SECRET: 'deployer-secret-a',
  ACR_ACCESS_KEY_ID: 'LTAI5tDeployerB00000001',
  ACR_ACCESS_KEY_SECRET: 'deployer-secret-b',
};

const write = (text: string) => void process.stdout.write(text);

async function runExample(dir: string): Promise<boolean> {
  const emulator = await startEmulator({ seed: loadSeedFile(SEED), log: () => undefined });
  try {
    let captured = '';
    const io: CliIo = {
      stdout: (t) => {
        captured += t;
        write(t);
      },
      stderr: (t) => void process.stderr.write(t),
      env: { ...process.env, ...DEMO_CREDENTIALS, ECI_ACR_RECONCILER_ENDPOINT: emulator.url, ECI_ACR_RECONCILER_CACHE_POLL_INTERVAL: '250ms' },
      cwd: process.cwd(),
      isTty: Boolean(process.stdout.isTTY),
      signal: new AbortController().signal,
    };
    const step = async (title: string, argv: string[]) => {
      write(`\n── ${title}: eci-acr-reconciler ${argv.join(' ')}\n`);
      captured = '';
      return runCli(argv, io);
    };
    const planned = await step('plan', ['plan', '--manifests', dir, '--detailed-exitcode']);
    const applied = await step('apply', ['run', '--once', '--wait', '--wait-timeout', '60s', '--manifests', dir]);
    await step('outputs', ['outputs', '--manifests', dir]);
    const again = await step('second pass (expect no changes)', ['run', '--once', '--manifests', dir]);
    const clean = again === 0 && /; 0 write calls\.$/m.test(captured);
    const ok = planned === 2 && applied === 0 && clean;
    write(`\n${ok ? '✔' : '✘'} ${dir}: plan exit ${planned}, run exit ${applied}, second pass ${clean ? 'made no changes' : `exit ${again}, not clean`}\n`);
    return ok;
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  write(`eci-acr-reconciler demo: the examples in ${EXAMPLES}/ against the emulator (seed ${SEED})\n`);
  const folders = readdirSync(EXAMPLES)
    .map((name) => join(EXAMPLES, name))
    .filter((path) => statSync(path).isDirectory())
    .sort();
  const results: boolean[] = [];
  for (const folder of folders) {
    write(`\n════ example ${folder}\n`);
    results.push(await runExample(folder));
  }
  const failed = results.filter((ok) => !ok).length;
  write(`\n${failed === 0 ? 'All examples converged; second passes made no changes.' : `${failed} example(s) did not converge.`}\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
