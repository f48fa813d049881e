// The real daemon (`run` without --once, the same flags and wiring) in-process on a ManualClock, so
// timing rules (liveness, reminders, "never delays a pass") are measured on the clock the daemon
// uses, against a real emulator or any endpoint the test starts.
import { runDaemonCommand } from '../../src/cli/daemon-mode.js';
import { parseCommandArgs } from '../../src/cli/settings.js';
import type { ListenAddress } from '../../src/daemon/http-server.js';
import type { ManualClock } from '../../src/runtime/clock.js';
import { ROOT_A } from '../helpers/emulator.js';
import { captureIo } from '../helpers/io.js';
import { waitFor } from '../helpers/wait.js';

/**
 * waitFor that moves the daemon's clock `stepMs` at each look: the cloud adapter's rate limiter and
 * in-call backoff sleep on it, so a pass on a ManualClock only proceeds while time moves.
 */
export function driven<T>(clock: ManualClock, probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000, stepMs = 200): Promise<T> {
  return waitFor(
    () => {
      clock.advance(stepMs);
      return probe();
    },
    what,
    timeoutMs,
    10,
  );
}

export interface OpsDaemon {
  base: string;
  clock: ManualClock;
  logs: () => any[];
  get: (path: string) => Promise<{ status: number; body: any }>;
  post: (path: string, token?: string) => Promise<{ status: number; body: any }>;
  /** reconcile_passes_total summed over results. */
  passes: () => Promise<number>;
  stop: () => Promise<number>;
}

export async function startOpsDaemon(clock: ManualClock, args: string[], cwd: string, env: Record<string, string> = {}): Promise<OpsDaemon> {
  const controller = new AbortController();
  const io = captureIo({ env: { A_ID: ROOT_A.accessKeyId, A_SECRET: ROOT_A.accessKeySecret, ...env }, signal: controller.signal, cwd });
  let address: ListenAddress | undefined;
  const argv = ['--listen', '127.0.0.1:0', '--log-level', 'info', ...args];
  const exit = runDaemonCommand(parseCommandArgs('run', argv), io, { clock, onListening: (a) => (address = a) });
  const failed = exit.then((code) => Promise.reject(new Error(`daemon exited ${code}: ${io.out()}${io.err()}`)));
  failed.catch(() => undefined);
  const listening = await Promise.race([waitFor(() => address, 'the daemon to listen', 30_000), failed]);
  const base = `http://127.0.0.1:${listening.port}`;
  const call = async (path: string, init?: RequestInit) => {
    // A real-time bound, so a daemon that stops answering fails the test instead of stalling it.
    const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };
  return {
    base,
    clock,
    logs: () =>
      io
        .out()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l)),
    get: (path) => call(path),
    post: (path, token) => call(path, { method: 'POST', ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }) }),
    passes: async () => {
      const text = (await call('/metrics')).body as string;
      return [...text.matchAll(/^eci_acr_reconciler_reconcile_passes_total\{result="\w+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    },
    stop: async () => {
      controller.abort(new Error('received SIGTERM'));
      let code: number | undefined;
      void exit.then((c) => (code = c));
      return driven(clock, () => code, 'the daemon to stop');
    },
  };
}
