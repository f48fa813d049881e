// The daemon's own flags, parsed and checked in one place; `run` passes them through.
import { isLogLevel, type LogLevel } from '../runtime/logger.js';
import { parseListen, type ListenAddress } from './http-server.js';

/** node:util parseArgs options for the daemon-only flags, spread into `run`'s own. */
export const daemonFlagSpec = {
  listen: { type: 'string' },
  resync: { type: 'string' },
  'shutdown-timeout': { type: 'string' },
  concurrency: { type: 'string' },
  'cache-poll-interval': { type: 'string' },
  'prune-confirm': { type: 'string' },
} as const;

export interface DaemonSettings {
  listen: ListenAddress;
  resyncMs: number;
  shutdownTimeoutMs: number;
  concurrency: number;
  cachePollMs: number;
  /** How long a read must stay unchanged before --prune deletes what it no longer declares. */
  pruneConfirmMs: number;
  logLevel: LogLevel;
}

export const daemonDefaults = { listen: '127.0.0.1:8080', resync: '5m', shutdownTimeout: '20s', concurrency: 4, cachePollInterval: '10s', pruneConfirm: '30s' };

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `5m`, `1h`, `1m30s`; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(?:\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(value) * units[unit!]!;
  return Math.round(total);
}

export type RawDaemonFlags = Partial<Record<keyof typeof daemonFlagSpec | 'log-level', string | undefined>>;

/** Checks the flags; returns the settings or a one-line message for the user. */
export function daemonSettings(raw: RawDaemonFlags): DaemonSettings | { error: string } {
  const listen = parseListen(raw.listen ?? daemonDefaults.listen);
  if (!listen) return { error: `--listen must be HOST:PORT, got "${raw.listen}"` };
  const resyncMs = parseDuration(raw.resync ?? daemonDefaults.resync);
  if (resyncMs === undefined || resyncMs < 100) return { error: `--resync must be a duration such as 5m or 30s, got "${raw.resync}"` };
  const shutdownTimeoutMs = parseDuration(raw['shutdown-timeout'] ?? daemonDefaults.shutdownTimeout);
  if (shutdownTimeoutMs === undefined) return { error: `--shutdown-timeout must be a duration such as 20s, got "${raw['shutdown-timeout']}"` };
  const concurrency = Number(raw.concurrency ?? daemonDefaults.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) return { error: `--concurrency must be an integer from 1 to 64, got "${raw.concurrency}"` };
  const cachePollMs = parseDuration(raw['cache-poll-interval'] ?? daemonDefaults.cachePollInterval);
  if (cachePollMs === undefined || cachePollMs < 100) return { error: `--cache-poll-interval must be a duration of at least 100ms, got "${raw['cache-poll-interval']}"` };
  const pruneConfirmMs = parseDuration(raw['prune-confirm'] ?? daemonDefaults.pruneConfirm);
  if (pruneConfirmMs === undefined) return { error: `--prune-confirm must be a duration such as 30s (0s turns the confirmation off), got "${raw['prune-confirm']}"` };
  const logLevel = raw['log-level'] ?? 'info';
  if (!isLogLevel(logLevel)) return { error: `--log-level must be error, warn, info or debug, got "${logLevel}"` };
  return { listen, resyncMs, shutdownTimeoutMs, concurrency, cachePollMs, pruneConfirmMs, logLevel };
}

/** The daemon's lines for `run --help` (for run.ts to append to its own). */
export const daemonHelp = `daemon (run without --once):
  --listen HOST:PORT            health, readiness, metrics and status server (default ${daemonDefaults.listen})
  --resync DUR                  periodic full pass that corrects drift, jittered ±10% (default ${daemonDefaults.resync})
  --shutdown-timeout DUR        after SIGTERM, how long in-flight calls may finish (default ${daemonDefaults.shutdownTimeout})
  --concurrency N               resources reconciled at once by per-resource retries (default ${daemonDefaults.concurrency})
  --cache-poll-interval DUR     how often a Creating/Updating image cache is looked at (default ${daemonDefaults.cachePollInterval})
  --prune-confirm DUR           with --prune, delete only what two reads of unchanged files at least
                                DUR apart no longer declare (default ${daemonDefaults.pruneConfirm}; 0s turns it off)
`;
