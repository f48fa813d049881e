// Runs the real daemon (`run` without --once) in-process against an in-process emulator, with
// manifests in a temporary folder; tests poll its HTTP endpoints and the emulator with deadlines.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { waitFor } from '../helpers/wait.js';
import { ACCOUNT_A, ROOT_A, startTestEmulator, twoAccountSeed, type TestEmulator, type TestSeed } from '../helpers/emulator.js';

export const accountDoc = (secretEnv = 'A_SECRET', extra = '') => `apiVersion: eci-acr-reconciler/v1alpha1
kind: Account
metadata: {name: main}
spec:
  accountId: "${ACCOUNT_A}"
  regionId: cn-hangzhou
  credentials: {source: env, accessKeyIdEnv: A_ID, accessKeySecretEnv: ${secretEnv}${extra}}
`;

export const policyDoc = (name: string, action = 'cr:GetRepository', account = 'main') => `apiVersion: eci-acr-reconciler/v1alpha1
kind: RamPolicy
metadata: {name: ${name}}
spec:
  account: ${account}
  policyName: ${name}
  description: daemon e2e
  document:
    Version: "1"
    Statement:
      - {Effect: Allow, Action: ["${action}"], Resource: ["*"]}
`;

// The daemon tests import waitFor from here; it lives with the other waits.
export { waitFor };

export interface RunningDaemon {
  dir: string;
  emulator: TestEmulator;
  base: string;
  exit: Promise<number>;
  output: () => string;
  write: (file: string, text: string) => Promise<void>;
  get: (path: string) => Promise<{ status: number; text: string }>;
  json: (path: string) => Promise<any>;
  policies: () => Promise<{ policyName: string; versions: { document: string }[]; defaultVersion: string }[]>;
  /** Counter value of reconcile_passes_total summed over results. */
  passes: () => Promise<number>;
  stop: () => Promise<number>;
}

export interface DaemonSetup {
  files?: Record<string, string>;
  args?: string[];
  env?: Record<string, string>;
  seed?: TestSeed;
}

export async function startDaemon(setup: DaemonSetup = {}): Promise<RunningDaemon> {
  const dir = await mkdtemp(join(tmpdir(), 'daemon-e2e-'));
  for (const [file, text] of Object.entries(setup.files ?? {})) await writeFile(join(dir, file), text);
  const emulator = await startTestEmulator(setup.seed ?? twoAccountSeed());
  const controller = new AbortController();
  const io = captureIo({
    env: { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret, ...setup.env },
    signal: controller.signal,
    cwd: dir,
  });
  const exit = runCli(['run', '--manifests', dir, '--endpoint', emulator.url, '--listen', '127.0.0.1:0', ...(setup.args ?? [])], io);
  // --listen 127.0.0.1:0 picks a free port; the daemon logs it in its start line. Start-up includes
  // loading the SDK modules, slow on a busy machine: a generous deadline, and no leak on failure.
  const listening = waitFor(async () => /"listen":"127\.0\.0\.1:(\d+)"/.exec(io.out())?.[1], 'the daemon to listen', 30_000);
  let port: string;
  try {
    port = await Promise.race([listening, exit.then((code) => Promise.reject(new Error(`daemon exited ${code}: ${io.out()}${io.err()}`)))]);
  } catch (error) {
    controller.abort(new Error('test setup failed'));
    await exit.catch(() => undefined);
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const base = `http://127.0.0.1:${port}`;
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, text: await res.text() };
  };
  const daemon: RunningDaemon = {
    dir,
    emulator,
    base,
    exit,
    output: () => io.out() + io.err(),
    write: (file, text) => writeFile(join(dir, file), text),
    get,
    json: async (path) => JSON.parse((await get(path)).text),
    policies: async () => (await emulator.admin('GET', '/_emulator/state')).body.accounts[ACCOUNT_A].ram.policies,
    passes: async () => {
      const text = (await get('/metrics')).text;
      return [...text.matchAll(/^eci_acr_reconciler_reconcile_passes_total\{result="\w+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    },
    stop: async () => {
      controller.abort(new Error('received SIGTERM'));
      const code = await exit;
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
      return code;
    },
  };
  return daemon;
}

/** The policy's default-version document, parsed. */
export function defaultDocument(policy: { versions: { versionId?: string; document: string }[]; defaultVersion: string }): any {
  const version = policy.versions.find((v) => v.versionId === policy.defaultVersion) ?? policy.versions.at(-1)!;
  return JSON.parse(version.document);
}
