// A CLI process for the crash test: loads everything first (the SDK clients take seconds), says
// "ready", then runs the argv/env it is sent on stdin through runCli, so the parent can SIGKILL it
// at a chosen moment of the apply instead of during module loading.
import { createInterface } from 'node:readline';
import '@alicloud/ram20150501';
import '@alicloud/eci20180808';
import '@alicloud/sts20150401';
import { runCli } from '../../src/cli/main.js';
import '../../src/cli/commands/run.js';
import '../../src/cli/commands/plan.js';
import { loadManifests } from '../../src/manifests/index.js';

// Compiles the manifest schemas once, before the parent starts the clock.
loadManifests(['manifests/examples/cross-account-explicit']);

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  const { argv, env } = JSON.parse(line) as { argv: string[]; env: Record<string, string> };
  const code = await runCli(argv, {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env,
    cwd: process.cwd(),
    isTty: false,
    signal: new AbortController().signal,
  });
  process.exit(code);
}
