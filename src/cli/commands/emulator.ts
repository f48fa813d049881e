// `eci-acr-reconciler emulator`: serve the local RAM/STS/ECI cloud until SIGTERM.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSeedFile, SeedError } from '../../emulator/seed.js';
import { startEmulator } from '../../emulator/server.js';
import { ExitCode, UsageError, type Command } from '../io.js';

/** The built-in demo seed (keys and registries documented in src/emulator/README.md). */
export const DEMO_SEED_PATH = fileURLToPath(new URL('../../../seeds/demo-seed.yaml', import.meta.url));

const HELP = `usage: eci-acr-reconciler emulator [--port N] [--seed FILE] [--host ADDR]

Serves RAM 2015-05-01, STS 2015-04-01 and ECI 2018-08-08 on one port, plus the admin API under
/_emulator/. Prints "listening on http://HOST:PORT" once ready; stops on SIGTERM.

  --port N      port to listen on (default 0: a free port)
  --seed FILE   seed YAML (default: the built-in demo seed, seeds/demo-seed.yaml)
  --host ADDR   address to bind (default 127.0.0.1)
`;

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
function isLoopback(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i.test(host);
}

function readFlags(argv: string[]): { port: number; seed: string; host: string; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, seed: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  const portText = values.port ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${portText}"`);
  return { port, seed: values.seed ?? DEMO_SEED_PATH, host: values.host ?? '127.0.0.1', help: values.help ?? false };
}

export const command: Command = {
  async run(argv, io) {
    const flags = readFlags(argv);
    if (flags.help) {
      io.stdout(HELP);
      return ExitCode.ok;
    }
    let emulator;
    try {
      emulator = await startEmulator({ seed: loadSeedFile(flags.seed), host: flags.host, port: flags.port, log: (line) => io.stderr(`${line}\n`) });
    } catch (error) {
      if (error instanceof SeedError) {
        io.stderr(`error: ${flags.seed}: ${error.message}\n`);
        return ExitCode.invalidInput;
      }
      const code = (error as NodeJS.ErrnoException).code;
      // A --host that is no valid name or names no address is a flag mistake (exit 3), not a failure to listen.
      if (code === 'ENOTFOUND' || code === 'EINVAL') {
        io.stderr(`error: --host "${flags.host}" does not resolve to an address (${code})\n`);
        return ExitCode.invalidInput;
      }
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        io.stderr(`error: cannot listen on ${flags.host}:${flags.port}: ${code}\n`);
        return ExitCode.failure;
      }
      throw error;
    }
    io.stdout(`listening on ${emulator.url}\n`);
    if (!isLoopback(flags.host)) {
      io.stderr(
        `warning: the emulator listens on ${flags.host}, not a loopback address: anyone who can reach it can use its unsigned admin API ` +
          `(only requests with Host ${emulator.endpoint} are served) and the seed's access keys\n`,
      );
    }
    if (!io.signal.aborted) await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
    await emulator.stop();
    return ExitCode.ok;
  },
};
