// Readers of the settings in settings.ts: each turns a flag (or its environment variable, or its
// default) into a typed value, or throws UsageError with one line naming the flag — the CLI's one
// error style for input mistakes (runCli prints it and exits 3).
import { parseListen, type ListenAddress } from '../daemon/http-server.js';
import type { DaemonSettings } from '../daemon/settings.js';
import { isLogLevel, type LogLevel } from '../runtime/logger.js';
import { UsageError } from './io.js';
import { setting, type Values } from './settings.js';

/** Which `run` is asking: defaults differ between one pass and the daemon (settings.ts `daemonDefault`). */
export type Mode = 'once' | 'daemon';

/** The flag's text, else its environment variable, else its default for the mode. */
export function settingText(values: Values, flag: string, env: Record<string, string | undefined> = {}, mode: Mode = 'once'): string | undefined {
  const given = values[flag];
  if (typeof given === 'string') return given;
  const s = setting(flag);
  const fromEnv = s.env === undefined ? undefined : env[s.env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return mode === 'daemon' && s.daemonDefault !== undefined ? s.daemonDefault : s.default;
}

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `5m`, `1h`, `1m30s`; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(?:\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(value) * units[unit!]!;
  return Math.round(total);
}

const mustBe = (flag: string, what: string, text: string | undefined) => new UsageError(`--${flag} must be ${what}, not "${text}"`);

const DURATION_EXAMPLES: Record<string, string> = {
  resync: 'a duration such as 5m or 30s',
  'deep-resync': 'a duration such as 1h (0s: every pass is deep)',
  'shutdown-timeout': 'a duration such as 20s',
  'cache-poll-interval': 'a duration of at least 100ms',
  'prune-confirm': 'a duration such as 30s (0s turns the confirmation off)',
  'wait-timeout': 'a duration such as 90s or 10m',
};

/** A duration setting in milliseconds; `min` rejects intervals that would spin. */
export function durationSetting(values: Values, flag: string, options: { env?: Record<string, string | undefined>; mode?: Mode; min?: number } = {}): number {
  const text = settingText(values, flag, options.env, options.mode);
  const ms = text === undefined ? undefined : parseDuration(text);
  if (ms === undefined || ms < (options.min ?? 0)) throw mustBe(flag, DURATION_EXAMPLES[flag] ?? 'a duration such as 30s', text);
  return ms;
}

/** A whole number from `min` (to `max`); digits only, so `1e3` and ` 4` are mistakes. */
export function countSetting(values: Values, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = settingText(values, flag);
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n < min || n > max) {
    throw mustBe(flag, max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`, text);
  }
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

/** `1048576`, `512KiB`, `1MiB`, `2G` → bytes (binary units: the limits are about memory). */
export function sizeSetting(values: Values, flag: string): number {
  const text = settingText(values, flag) ?? '';
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()];
  if (match === null || unit === undefined || Number(match[1]) <= 0) throw mustBe(flag, 'a size such as 1048576, 512KiB or 1MiB', text);
  return Number(match[1]) * unit;
}

export function logLevelSetting(values: Values, mode: Mode): LogLevel {
  const text = settingText(values, 'log-level', {}, mode) ?? 'warn';
  if (!isLogLevel(text)) throw mustBe('log-level', 'one of error, warn, info, debug', text);
  return text;
}

export function outputSetting(values: Values): 'text' | 'json' {
  const text = settingText(values, 'output');
  if (text !== 'text' && text !== 'json') throw mustBe('output', 'text or json', text);
  return text;
}

export function listenSetting(values: Values): ListenAddress {
  const text = settingText(values, 'listen') ?? '';
  const listen = parseListen(text);
  if (!listen) throw mustBe('listen', 'HOST:PORT', text);
  return listen;
}

/** The flag's text as given on the command line (no variable, no default); undefined when absent. */
export const givenText = (values: Values, flag: string): string | undefined => (typeof values[flag] === 'string' ? values[flag] : undefined);
/** A boolean flag: given or not. */
export const flagOn = (values: Values, flag: string): boolean => values[flag] === true;

/** `25%` or `25` → 0.25; more than 0 and at most 100 %. */
export function shareSetting(values: Values, flag: string): number {
  const text = settingText(values, flag);
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(text ?? '');
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent > 0 && percent <= 100)) throw mustBe(flag, 'a percentage above 0 and at most 100, such as 25%', text);
  return percent / 100;
}

/** The daemon's settings (`run` without --once). */
export function daemonSettings(values: Values, env: Record<string, string | undefined> = {}): DaemonSettings {
  const daemon = { mode: 'daemon' as const, env };
  return {
    listen: listenSetting(values),
    resyncMs: durationSetting(values, 'resync', { ...daemon, min: 100 }),
    deepResyncMs: durationSetting(values, 'deep-resync', daemon),
    shutdownTimeoutMs: durationSetting(values, 'shutdown-timeout', daemon),
    concurrency: countSetting(values, 'concurrency', 1, 64),
    cachePollMs: durationSetting(values, 'cache-poll-interval', { ...daemon, min: 100 }),
    pruneConfirmMs: durationSetting(values, 'prune-confirm', daemon),
    backgroundShare: shareSetting(values, 'background-quota-share'),
    logLevel: logLevelSetting(values, 'daemon'),
  };
}
