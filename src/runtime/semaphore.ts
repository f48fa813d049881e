// A counting semaphore whose waiters are served lowest rank first, in arrival order within a rank.
// The client-side limiter (src/cloud/limiter.ts, all ranks equal: FIFO) and the engine's lanes
// (src/engine/lanes.ts, ranked by the first cache that needs a task) share it.

interface Waiter {
  rank: number;
  go: () => void;
}

export class Semaphore {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly max: number) {}

  /** Resolves with a release function once a slot is free and no lower-ranked waiter is ahead. */
  async acquire(rank = 0): Promise<() => void> {
    if (this.active < this.max && this.waiting.length === 0) this.active += 1;
    else await new Promise<void>((go) => this.enqueue({ rank, go }));
    return () => this.release();
  }

  private enqueue(waiter: Waiter): void {
    // Behind every waiter of the same or a lower rank: arrival order within a rank.
    const at = this.waiting.findIndex((w) => w.rank > waiter.rank);
    this.waiting.splice(at === -1 ? this.waiting.length : at, 0, waiter);
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next.go();
    else this.active -= 1;
  }
}
