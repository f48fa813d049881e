// Real daemon processes (`node src/cli/main.ts run`) for tests that need several at once or a real
// SIGTERM: each is spawned with its own environment (its own AccessKey, its own kubeconfig) and found
// through the port its start line names. Always stop() them in a finally block. They run the
// bundled CLI (helpers/cli-bundle.ts): the same sources, without the tsx loader's start-up cost.
import { spawn, type ChildProcess } from 'node:child_process';
import { cliBundle } from '../helpers/cli-bundle.js';
import { waitFor } from '../helpers/wait.js';

export interface DaemonProcess {
  name: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Real time the process exited, once it has. */
  exitedAt: () => number | undefined;
  base: string;
  json: (path: string) => Promise<any>;
  status: (path: string) => Promise<number>;
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<number | null>;
}

export interface SpawnOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
}

export async function spawnDaemon(options: SpawnOptions): Promise<DaemonProcess> {
  const child = spawn(process.execPath, [await cliBundle(), 'run', '--listen', '127.0.0.1:0', ...options.args], {
    env: { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true', ...options.env },
  });
  let out = '';
  let exitedAt: number | undefined;
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((done) =>
    child.on('close', (code) => {
      exitedAt = Date.now();
      done(code);
    }),
  );
  const port = await Promise.race([
    waitFor(() => /"listen":"127\.0\.0\.1:(\d+)"/.exec(out)?.[1], `${options.name} to listen`, 90_000),
    exited.then((code) => Promise.reject(new Error(`${options.name} exited ${code}: ${out}`))),
  ]).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    name: options.name,
    child,
    output: () => out,
    exited,
    exitedAt: () => exitedAt,
    base,
    json: async (path) => (await fetch(`${base}${path}`)).json(),
    status: async (path) => (await fetch(`${base}${path}`)).status,
    stop: async () => {
      if (exitedAt === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}
