// Start an emulator in-process for a test, from a YAML seed or a seed object, and talk to its admin API.
import { after } from 'node:test';
import type { RequestLogEntry } from '../../src/emulator/request-log.js';
import { parseSeed } from '../../src/emulator/seed.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { httpsRequest, type HttpsReply } from './tls.js';

async function httpsOrHttp(url: string, ca: string | undefined, method: string, body: string | undefined): Promise<HttpsReply> {
  if (url.startsWith('https:')) return httpsRequest(url, ca, method, body);
  // The admin API takes only JSON bodies (F2); a string is sent as is, to test bad JSON.
  const res = await fetch(url, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });
  return { status: res.status, text: await res.text() };
}

export type TestSeed = string | object;

export interface TestEmulator extends RunningEmulator {
  /** Unsigned admin call; returns the parsed JSON body and status. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** The request log (`GET /_emulator/requests`). */
  requests(): Promise<RequestLogEntry[]>;
  /** Moves emulated time forward through the admin API. */
  advance(ms: number): Promise<void>;
}

export async function startTestEmulator(seed: TestSeed, options: Omit<EmulatorOptions, 'seed'> = {}): Promise<TestEmulator> {
  const running = await startEmulator({ ...options, seed: parseSeed(seed), log: options.log ?? (() => undefined) });
  const admin = async (method: string, path: string, body?: unknown) => {
    const text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
    // fetch cannot be told to trust one CA: a TLS emulator's admin API goes through node:https.
    const reply = await httpsOrHttp(`${running.url}${path}`, running.caCert, method, text);
    return { status: reply.status, body: reply.text === '' ? undefined : JSON.parse(reply.text) };
  };
  return {
    ...running,
    admin,
    requests: async () => (await admin('GET', '/_emulator/requests')).body.requests,
    advance: async (ms) => {
      const reply = await admin('POST', '/_emulator/clock', { advanceMs: ms });
      if (reply.status !== 200) throw new Error(`clock advance failed: ${JSON.stringify(reply.body)}`);
    },
  };
}

/**
 * Starts an emulator and stops it when the enclosing scope ends. Call it at the top level of a test
 * file (`const emu = await withEmulator(seed)`) or inside a test; inside a `before` hook node:test
 * runs the cleanup right after the hook, so use startTestEmulator + after(() => emu.stop()) there.
 */
export async function withEmulator(seed: TestSeed, options: Omit<EmulatorOptions, 'seed'> = {}): Promise<TestEmulator> {
  const emulator = await startTestEmulator(seed, options);
  after(() => emulator.stop());
  return emulator;
}

/** The two-account seed most emulator tests start from; callers may add to it. */
export const ACCOUNT_A = '1000000000000001';
export const ACCOUNT_B = '1000000000000002';
export const ROOT_A = { accessKeyId: 'LTAI5tRootA000000000001', accessKeySecret: 'root-secret-a' };
export const ROOT_B = { accessKeyId: 'LTAI5tRootB000000000001', accessKeySecret: 'root-secret-b' };

export function twoAccountSeed(extra: { usersA?: object[]; rolesA?: object[]; rolesB?: object[]; policiesA?: object[] } = {}): object {
  return {
    accounts: [
      { accountId: ACCOUNT_A, rootAccessKeys: [ROOT_A], users: extra.usersA ?? [], roles: extra.rolesA ?? [], policies: extra.policiesA ?? [] },
      { accountId: ACCOUNT_B, rootAccessKeys: [ROOT_B], roles: extra.rolesB ?? [] },
    ],
  };
}
