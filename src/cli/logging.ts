// The one logger of every command: winston through src/runtime/logger.ts, readable text when stdout
// is a terminal and JSON lines otherwise. The daemon logs to stdout (its logs are its output);
// one-shot commands log to stderr, because their stdout is the plan or the outcome lines.
import type { Clock } from '../runtime/clock.js';
import { createLogger, type Logger, type LogLevel } from '../runtime/logger.js';
import type { CliIo } from './io.js';

export function cliLogger(io: CliIo, level: LogLevel, stream: 'stdout' | 'stderr', clock?: Clock): Logger {
  return createLogger({ level, format: io.isTty ? 'text' : 'json', write: io[stream], ...(clock ? { clock } : {}) });
}
