// Per account × service lanes with a small window, served lowest rank first. Without them every ready
// task queues in the adapter's FIFO limiter at once, so in a registry account all CreatePolicy calls
// run before any CreateRole, and all attachments come last: no pull chain completes until the
// account's whole RAM budget is spent, and the caches waiting on those chains pile up at the end.
// Served by rank (the first cache that needs the task), chains complete one after another and caches
// flow at the ECI limit from the start. The window stays above what the limiter can keep busy.
export const LANE_WIDTH = 8;

interface Lane {
  active: number;
  waiting: { rank: number; seq: number; go: () => void }[];
}

export class Lanes {
  private readonly lanes = new Map<string, Lane>();
  private seq = 0;

  constructor(private readonly width = LANE_WIDTH) {}

  /** Resolves with a release function once the lane has room and no lower-ranked task is waiting. */
  async acquire(lane: string, rank: number): Promise<() => void> {
    const l = this.lanes.get(lane) ?? { active: 0, waiting: [] };
    this.lanes.set(lane, l);
    if (l.active < this.width && l.waiting.length === 0) {
      l.active += 1;
    } else {
      await new Promise<void>((go) => {
        const entry = { rank, seq: (this.seq += 1), go };
        const at = l.waiting.findIndex((w) => w.rank > rank || (w.rank === rank && w.seq > entry.seq));
        l.waiting.splice(at === -1 ? l.waiting.length : at, 0, entry);
      });
    }
    return () => this.release(l);
  }

  private release(l: Lane): void {
    const next = l.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next.go();
    else l.active -= 1;
  }
}
