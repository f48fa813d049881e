// `run --once --prune` applies the daemon's prune confirmation rule (src/daemon/prune-confirm.ts)
// to one run: the manifests the run acts on are read again after a short interval, and the run
// deletes only when both reads agree file for file (same digests, neither torn). A file caught
// mid-copy or mid-save would otherwise shrink the desired state for the one read that counts.
import { cwdFs } from '../manifests/fs.js';
import { loadForCli } from './manifest-flags.js';
import type { Values } from './settings.js';
import { digestRead, type DigestedRead } from '../manifests/digest.js';
import type { LoadResult } from '../manifests/load.js';
import { PruneConfirmation } from '../daemon/prune-confirm.js';
import type { Clock } from '../runtime/clock.js';
import type { CliIo } from './io.js';

export interface SecondReadOptions {
  /** The read whose desired state the run acts on, and when it finished. */
  first: DigestedRead;
  firstAt: number;
  /** Reads the manifests again; undefined when they are no longer valid. */
  reread: () => DigestedRead | undefined | Promise<DigestedRead | undefined>;
  clock: Clock;
  intervalMs: number;
  signal: AbortSignal;
}

export type SecondReadResult = { confirmed: true } | { confirmed: false; reason: string };

export async function confirmBySecondRead(options: SecondReadOptions): Promise<SecondReadResult> {
  const rule = new PruneConfirmation(options.intervalMs);
  const first = rule.observe({ at: options.firstAt, ...options.first });
  if (first.confirmed) return first;
  // A torn first read starts no window: waiting for a second read could not confirm it.
  if (options.first.changedWhileRead.length > 0) return { confirmed: false, reason: first.reason };
  try {
    await options.clock.sleep(first.retryInMs, options.signal);
  } catch {
    return { confirmed: false, reason: 'interrupted before the confirming read' };
  }
  const again = await options.reread();
  if (!again) return { confirmed: false, reason: 'the manifests were no longer valid when read again' };
  const second = rule.observe({ at: options.clock.now(), ...again });
  return second.confirmed ? second : { confirmed: false, reason: second.reason };
}

/** The digests of what a CLI load read, for the confirmation. */
export function digestLoad(loaded: Pick<LoadResult, 'files' | 'sources'>, io: CliIo): DigestedRead {
  return digestRead(loaded.files, loaded.sources, cwdFs(io.cwd));
}

/** Reads the manifests under `paths` again, as the first read did; undefined when they do not validate. */
export async function rereadForCli(paths: string[], io: CliIo, load: ReadOptions): Promise<DigestedRead | undefined> {
  const loaded = await loadForCli(paths, io, load.limits, { emulatorMode: load.emulatorMode });
  return loaded.state ? digestLoad(loaded, io) : undefined;
}

/** How the first read was made: the limit flags and emulator mode. */
export interface ReadOptions {
  limits: Values;
  emulatorMode: boolean;
}
