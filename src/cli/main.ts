import { readFileSync } from 'node:fs';
import { EndpointError } from '../cloud/alibaba/endpoint.js';
import { helpLine, setting } from './settings.js';
import { ExitCode, InterruptedError, UsageError, type CliIo, type Command } from './io.js';

// Commands load lazily: `emulator` must not pay for the reconciler's SDK clients and vice versa. This
// table is the one place a command's name and summary are written.
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: { summary: 'parse, schema-check and lint manifests offline', load: async () => (await import('./commands/validate.js')).command },
  plan: { summary: 'read live state and print the diff; changes nothing', load: async () => (await import('./commands/plan.js')).command },
  run: { summary: 'reconcile: a daemon by default, one pass with --once', load: async () => (await import('./commands/run.js')).command },
  emulator: { summary: 'serve the local RAM/STS/ECI cloud', load: async () => (await import('./commands/emulator.js')).command },
  outputs: { summary: 'print the AcrRegistryInfo parameters and ACK annotations', load: async () => (await import('./commands/outputs.js')).command },
  doctor: { summary: 'why can ECI not pull this image? walks the live chain, read-only', load: async () => (await import('./commands/doctor.js')).command },
};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    'usage: eci-acr-reconciler <command> [flags]',
    '',
    'commands:',
    ...lines,
    '',
    'flags every command reading manifests takes (see `<command> --help` for the rest):',
    ...['endpoint', 'log-level', 'help'].map((flag) => helpLine(setting(flag))),
    '',
    'exit codes: 0 done/in sync, 1 cloud or runtime failure, 2 changes pending (plan --detailed-exitcode), 3 invalid input',
    '',
  ].join('\n');
}

/** package.json sits two folders above this file in src/cli and in the built dist/cli alike. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? ExitCode.invalidInput : ExitCode.ok;
  }
  if (name === '--version') {
    io.stdout(`eci-acr-reconciler ${packageVersion()}\n`);
    return ExitCode.ok;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr(`error: unknown command "${name}"\n\n${usage()}`);
    return ExitCode.invalidInput;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    const code = exitCodeFor(error);
    if (code === undefined) throw error;
    if (!(error instanceof UsageError && error.reported) && !(error instanceof InterruptedError)) {
      // Each problem on its own `error:` line; indented lines continue the one above.
      for (const line of (error as Error).message.split('\n')) io.stderr(/^\s/.test(line) ? `${line}\n` : `error: ${line}\n`);
    }
    return code;
  }
}

/**
 * The one place an error becomes an exit code: input mistakes (flags, manifests, an endpoint that
 * cannot be used) exit 3, an interruption 1; anything else is a programming error for main().
 */
function exitCodeFor(error: unknown): number | undefined {
  if (error instanceof UsageError || error instanceof EndpointError) return ExitCode.invalidInput;
  if ((error as { code?: string } | undefined)?.code?.startsWith('ERR_PARSE_ARGS')) return ExitCode.invalidInput;
  if (error instanceof InterruptedError) return ExitCode.failure;
  return undefined;
}

/** Process entry: wires real IO and signals, then exits with the command's code. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    // The first signal asks commands to wind down; the second exits at once.
    if (signals > 1) process.exit(130);
    controller.abort(new Error(`received ${sig}`));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // `plan | head` closes the pipe early: that is the reader's choice, not a failure worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const io: CliIo = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTty: Boolean(process.stdout.isTTY),
    signal: controller.signal,
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (error) {
    // Only programming errors get here; user mistakes became exit codes in runCli (exitCodeFor).
    process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = ExitCode.failure;
  }
}

// Allows `node --import tsx src/cli/main.ts ...` during development.
if (import.meta.url === `file://${process.argv[1]}`) void main();
