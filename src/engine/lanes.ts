// Per account × service lanes with a small window, served lowest rank first. Without them every ready
// task queues in the adapter's FIFO limiter at once, so in a registry account all CreatePolicy calls
// run before any CreateRole, and all attachments come last: no pull chain completes until the
// account's whole RAM budget is spent, and the caches waiting on those chains pile up at the end.
// Served by rank (the first cache that needs the task), chains complete one after another and caches
// flow at the ECI limit from the start. The window stays above what the limiter can keep busy.
import { Semaphore } from '../runtime/semaphore.js';

export const LANE_WIDTH = 8;

export class Lanes {
  private readonly lanes = new Map<string, Semaphore>();

  constructor(private readonly width = LANE_WIDTH) {}

  /** Resolves with a release function once the lane has room and no lower-ranked task is waiting. */
  acquire(lane: string, rank: number): Promise<() => void> {
    let slots = this.lanes.get(lane);
    if (!slots) this.lanes.set(lane, (slots = new Semaphore(this.width)));
    return slots.acquire(rank);
  }
}
