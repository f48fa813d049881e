// End-to-end harness: the emulator with the demo seed, plus in each account a RAM user `reconciler`
// holding ONLY docs/reconciler-ram-policy.json (the least-privilege policy is proven by every e2e
// test running with these keys), and the CLI driven in-process through runCli.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

export const ACCOUNT_A = '1000000000000001';
export const ACCOUNT_B = '1000000000000002';
export const RECONCILER_A = { accessKeyId: 'LTAI5tReconcilerA000001', accessKeySecret: 'reconciler-secret-a' };
export const RECONCILER_B = { accessKeyId: 'LTAI5tReconcilerB000001', accessKeySecret: 'reconciler-secret-b' };
export const ROOT_A = { accessKeyId: 'LTAI5tRootA000000000001', accessKeySecret: 'root-secret-a' };
export const ROOT_B = { accessKeyId: 'LTAI5tRootB000000000001', accessKeySecret: 'root-secret-b' };
const POLICY_NAME = 'EciAcrReconcilerLeastPrivilege';

export interface SeedExtras {
  rolesA?: object[];
  policiesA?: object[];
  imageCachesA?: object[];
  timing?: object;
}

export function e2eSeed(extra: SeedExtras = {}): Record<string, any> {
  const seed = parse(readFileSync('seeds/demo-seed.yaml', 'utf8')) as Record<string, any>;
  const document = readFileSync('docs/reconciler-ram-policy.json', 'utf8');
  const keys = [RECONCILER_A, RECONCILER_B];
  seed.accounts.forEach((account: Record<string, any>, i: number) => {
    account.policies = [...(account.policies ?? []), { policyName: POLICY_NAME, document }];
    account.users = [...(account.users ?? []), { name: 'reconciler', accessKeys: [keys[i]], policies: [{ policyName: POLICY_NAME, policyType: 'Custom' }] }];
  });
  const a = seed.accounts[0];
  a.roles = [...(a.roles ?? []), ...(extra.rolesA ?? [])];
  a.policies = [...a.policies, ...(extra.policiesA ?? [])];
  a.imageCaches = [...(a.imageCaches ?? []), ...(extra.imageCachesA ?? [])];
  seed.timing = extra.timing ?? { imageCachePreparingMs: 50, imageCacheCreatingMs: 150, imageCacheUpdatingMs: 100 };
  return seed;
}

/** Stopped when the enclosing test ends. Inside a `before` hook use startE2eEmulator + a describe-level after(). */
export async function e2eEmulator(extra: SeedExtras = {}): Promise<TestEmulator> {
  const emulator = await startE2eEmulator(extra);
  after(() => emulator.stop());
  return emulator;
}

export const startE2eEmulator = (extra: SeedExtras = {}): Promise<TestEmulator> => startTestEmulator(e2eSeed(extra));

export function reconcilerEnv(emulator: TestEmulator, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ECI_ACCESS_KEY_ID: RECONCILER_A.accessKeyId,
    ECI_ACCESS_KEY_SECRET: RECONCILER_A.accessKeySecret,
    ACR_ACCESS_KEY_ID: RECONCILER_B.accessKeyId,
    ACR_ACCESS_KEY_SECRET: RECONCILER_B.accessKeySecret,
    ECI_ACR_RECONCILER_ENDPOINT: emulator.url,
    ECI_ACR_RECONCILER_CACHE_POLL_INTERVAL: '100ms',
    ...overrides,
  };
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function cli(emulator: TestEmulator, argv: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const io = captureIo({ env: reconcilerEnv(emulator, env) });
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** A private copy of an example folder (tests edit their manifests). */
export function exampleCopy(name: string, options: { cleanup?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
  cpSync(join('manifests/examples', name), dir, { recursive: true });
  if (options.cleanup !== false) after(() => removeDir(dir));
  return dir;
}

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

export function editFile(path: string, edit: (text: string) => string): void {
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

const READ = /^(List|Get|Describe)/;
export const writesOf = (requests: { action: string | null }[]): string[] =>
  requests.map((r) => r.action ?? '').filter((a) => a !== '' && !READ.test(a));

export async function state(emulator: TestEmulator): Promise<any> {
  return (await emulator.admin('GET', '/_emulator/state')).body;
}

export async function clearRequests(emulator: TestEmulator): Promise<void> {
  await emulator.admin('DELETE', '/_emulator/requests');
}
