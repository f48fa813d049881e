// The prune confirmation rule (docs/reconciler.md, "Prune confirmation"). Deleting is the one
// action a wrong read cannot undo, and a read can be wrong for a moment: an editor or a copy
// truncates a file before writing it, a sync writes half a file. So the daemon deletes only what
// is absent from a read that another read confirms: the same files with the same digests, read at
// least `confirmMs` apart, neither changing while it was read. Any change restarts the wait, so
// an empty or half-written file counts only if it stays so for the whole interval. Pure: time
// comes in with each read.
import { changedFiles, type FileDigests } from '../manifests/digest.js';

export interface ManifestRead {
  /** When the read finished, on the daemon's clock. */
  at: number;
  /** Display path → content digest of every file the read parsed. */
  digests: FileDigests;
  /** Files that changed on disk while they were being read. */
  changedWhileRead: readonly string[];
}

export type PruneDecision =
  | { confirmed: true; since: number }
  | { confirmed: false; reason: string; /** From the read's time until a new read could confirm it. */ retryInMs: number };

export class PruneConfirmation {
  /** The content seen unchanged since `since`. */
  private window: { digests: FileDigests; since: number } | undefined;

  /** `confirmMs` 0 turns the rule off: every valid read may prune. */
  constructor(readonly confirmMs: number) {}

  /** A read that cannot count (manifest errors, a loader failure): the next valid read starts over. */
  reset(): void {
    this.window = undefined;
  }

  observe(read: ManifestRead): PruneDecision {
    if (this.confirmMs === 0) return { confirmed: true, since: read.at };
    if (read.changedWhileRead.length > 0) {
      this.window = undefined;
      return this.wait(`${names(read.changedWhileRead)} changed while being read`, this.confirmMs);
    }
    const window = this.window;
    if (!window) {
      this.window = { digests: read.digests, since: read.at };
      return this.wait('first read of these manifests', this.confirmMs);
    }
    const changed = changedFiles(window.digests, read.digests);
    if (changed.length > 0) {
      this.window = { digests: read.digests, since: read.at };
      return this.wait(`${names(changed)} changed since the previous read`, this.confirmMs);
    }
    const unchangedMs = read.at - window.since;
    if (unchangedMs >= this.confirmMs) return { confirmed: true, since: window.since };
    return this.wait(`unchanged for ${seconds(unchangedMs)} of the ${seconds(this.confirmMs)} needed`, this.confirmMs - unchangedMs);
  }

  private wait(why: string, retryInMs: number): PruneDecision {
    return { confirmed: false, reason: `deletions wait for a confirming read: ${why}`, retryInMs };
  }
}

function names(files: readonly string[]): string {
  const shown = files.slice(0, 3).join(', ');
  return files.length > 3 ? `${shown} and ${files.length - 3} more file(s)` : shown;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;
