// The logger every part of the reconciler receives (never imports as a global). Messages are
// static and details go in a metadata object, so lines group in log tools. Every message and
// every metadata value passes through redaction before it is formatted: SDK errors quote request
// URLs whose query may hold signatures and tokens.
import { Writable } from 'node:stream';
import winston from 'winston';
import type { Clock } from './clock.js';
import { redactText, redactValue } from './redact.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const logLevels: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export type LogMeta = Record<string, unknown>;

export interface Logger {
  error(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
  /** A logger that adds `meta` to every line. */
  child(meta: LogMeta): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  /** `json`: one JSON object per line (containers); `text`: readable lines (a terminal). */
  format: 'json' | 'text';
  write: (line: string) => void;
  clock?: Clock;
}

export function isLogLevel(value: string): value is LogLevel {
  return (logLevels as readonly string[]).includes(value);
}

/** Hands each formatted line to a function, so the CLI's IO (and tests) receive the output. */
function lineTransport(writeLine: (line: string) => void): winston.transport {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      writeLine(chunk.toString());
      callback();
    },
  });
  return new winston.transports.Stream({ stream, eol: '\n' });
}

const errorDetailKeys = ['code', 'requestId', 'classification', 'service', 'action', 'resource', 'statusCode'] as const;

/** An Error as loggable fields: its message plus the Alibaba code and RequestId a CloudError carries. */
export function errorFields(error: unknown): LogMeta {
  if (!(error instanceof Error)) return { message: String(error) };
  const details = (error as { details?: unknown }).details;
  const source = { code: (error as { code?: unknown }).code, ...(typeof details === 'object' && details !== null ? details : {}) };
  const out: LogMeta = { name: error.name, message: error.message };
  for (const key of errorDetailKeys) {
    const value = (source as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const redactFormat = winston.format((info) => {
  info.message = redactText(String(info.message));
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'message') continue;
    const value = info[key] instanceof Error ? errorFields(info[key]) : info[key];
    // Redacting `{ [key]: value }` drops the entry when the key itself names a secret.
    const redacted = redactValue({ [key]: value }) as LogMeta;
    if (key in redacted) info[key] = redacted[key];
    else delete info[key];
  }
  return info;
});

function textLine(info: winston.Logform.TransformableInfo): string {
  const { level, message, timestamp, ...meta } = info;
  const pairs = Object.entries(meta).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [String(timestamp), level.toUpperCase().padEnd(5), String(message), ...pairs].join(' ');
}

export function createLogger(options: LoggerOptions): Logger {
  const clock = options.clock;
  const timestamp = winston.format.timestamp(clock ? { format: () => new Date(clock.now()).toISOString() } : {});
  const formats =
    options.format === 'json'
      ? [timestamp, redactFormat(), winston.format.json()]
      : [timestamp, redactFormat(), winston.format.printf(textLine)];
  const base = winston.createLogger({
    level: options.level,
    levels: { error: 0, warn: 1, info: 2, debug: 3 },
    format: winston.format.combine(...formats),
    transports: [lineTransport(options.write)],
  });
  return wrap(base, {});
}

function wrap(base: winston.Logger, bound: LogMeta): Logger {
  const log = (level: LogLevel) => (message: string, meta?: LogMeta) => {
    base.log(level, message, { ...bound, ...meta });
  };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: (meta) => wrap(base, { ...bound, ...meta }),
  };
}

/** A logger that drops everything: for code paths whose caller did not ask for logs. */
export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};
