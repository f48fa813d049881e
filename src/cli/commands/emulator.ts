// `eci-acr-reconciler emulator`: serve the local RAM/STS/ECI cloud until SIGTERM.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSeedFile, SeedError } from '../../emulator/seed.js';
import { startEmulator } from '../../emulator/server.js';
import { ExitCode, UsageError, type CliIo, type Command } from '../io.js';
import { flagsHelp, tableCommand, type Values } from '../settings.js';
import { countSetting, flagOn, settingText, givenText } from '../setting-values.js';

/** The built-in demo seed (keys and registries documented in src/emulator/README.md). */
export const DEMO_SEED_PATH = fileURLToPath(new URL('../../../seeds/demo-seed.yaml', import.meta.url));

export const HELP = `usage: eci-acr-reconciler emulator [--port N] [--seed FILE] [--host ADDR] [--tls [--tls-ca-file FILE] | --tls-cert FILE --tls-key FILE]

Serves RAM 2015-05-01, STS 2015-04-01 and ECI 2018-08-08 on one port, plus the admin API under
/_emulator/. Prints "listening on http://HOST:PORT" once ready; stops on SIGTERM.
${flagsHelp('emulator')}`;

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
function isLoopback(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i.test(host);
}

interface Flags {
  port: number;
  seed: string;
  host: string;
  tls: 'off' | 'generate' | { certFile: string; keyFile: string };
  caFile: string | undefined;
}

function tlsMode(values: Values): Flags['tls'] {
  const cert = givenText(values, 'tls-cert');
  const key = givenText(values, 'tls-key');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (cert !== undefined && key !== undefined) {
    if (values['tls-ca-file'] !== undefined) throw new UsageError('--tls-ca-file applies to --tls (a generated CA), not to --tls-cert');
    return { certFile: cert, keyFile: key };
  }
  if (values['tls-ca-file'] !== undefined && !flagOn(values, 'tls')) throw new UsageError('--tls-ca-file needs --tls');
  return flagOn(values, 'tls') ? 'generate' : 'off';
}

function readFlags(values: Values): Flags {
  return {
    port: countSetting(values, 'port', 0, 65535),
    seed: givenText(values, 'seed') ?? DEMO_SEED_PATH,
    host: settingText(values, 'host') ?? '127.0.0.1',
    tls: tlsMode(values),
    caFile: givenText(values, 'tls-ca-file'),
  };
}

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function tlsOption(flags: Flags): boolean | { cert: string; key: string } {
  if (flags.tls === 'off') return false;
  if (flags.tls === 'generate') return true;
  return { cert: readPem(flags.tls.certFile, '--tls-cert'), key: readPem(flags.tls.keyFile, '--tls-key') };
}

/** The listening line; with a generated CA, writes it to a file first and names that file. */
function listeningLine(flags: Flags, url: string, port: number, caCert: string | undefined): string {
  if (caCert === undefined) return `listening on ${url}\n`;
  const file = flags.caFile ?? join(tmpdir(), `eci-acr-reconciler-emulator-${process.pid}-${port}-ca.pem`);
  writeFileSync(file, caCert);
  return `listening on ${url} (CA: ${file})\n`;
}

/**
 * A start that failed: seed and flag mistakes throw UsageError (exit 3); a port that cannot be had
 * is a failure (exit 1); anything else is not ours to explain.
 */
function startFailure(error: unknown, flags: Flags, io: CliIo): number {
  if (error instanceof SeedError) throw new UsageError(`${flags.seed}: ${error.message}`);
  const code = (error as NodeJS.ErrnoException).code;
  if ((code ?? '').startsWith('ERR_OSSL')) throw new UsageError(`--tls-cert/--tls-key: not a usable PEM certificate and key (${code})`);
  // A --host that is no valid name or names no address is a flag mistake (exit 3), not a failure to listen.
  if (code === 'ENOTFOUND' || code === 'EINVAL') throw new UsageError(`--host "${flags.host}" does not resolve to an address (${code})`);
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    io.stderr(`error: cannot listen on ${flags.host}:${flags.port}: ${code}\n`);
    return ExitCode.failure;
  }
  throw error;
}

export const command: Command = tableCommand('emulator', HELP, async ({ values }, io) => {
  const flags = readFlags(values);
  let emulator;
  try {
    emulator = await startEmulator({ seed: loadSeedFile(flags.seed), host: flags.host, port: flags.port, tls: tlsOption(flags), log: (line) => io.stderr(`${line}\n`) });
  } catch (error) {
    return startFailure(error, flags, io);
  }
  io.stdout(listeningLine(flags, emulator.url, emulator.port, emulator.caCert));
  if (!isLoopback(flags.host)) {
    io.stderr(
      `warning: the emulator listens on ${flags.host}, not a loopback address: anyone who can reach it can use its unsigned admin API ` +
        `(only requests with Host ${emulator.endpoint} are served) and the seed's access keys\n`,
    );
  }
  if (!io.signal.aborted) await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
  await emulator.stop();
  return ExitCode.ok;
});
