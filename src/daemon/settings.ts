// The daemon's settings, already checked: `run` reads them from its flags (src/cli/setting-values.ts),
// tests build them directly.
import type { LogLevel } from '../runtime/logger.js';
import type { ListenAddress } from './http-server.js';
import type { LeaderElectionSettings } from './leader/settings.js';

export interface DaemonSettings {
  listen: ListenAddress;
  resyncMs: number;
  /** `--deep-resync`: how old the last deep pass may get before a resync reads everything in detail again. */
  deepResyncMs?: number;
  shutdownTimeoutMs: number;
  concurrency: number;
  cachePollMs: number;
  /** How long a read must stay unchanged before --prune deletes what it no longer declares. */
  pruneConfirmMs: number;
  /** `--background-quota-share` as a fraction (0, 1]: what resyncs and cache polls may use of each rate limit. */
  backgroundShare: number;
  logLevel: LogLevel;
  /** `--leader-elect`: absent when off. */
  leaderElection?: LeaderElectionSettings;
}
