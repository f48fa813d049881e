// The links a walk has met so far. A walk stops at the first broken or unreadable link: what ECI
// would meet after it cannot be judged until it is fixed.
import type { LinkName, LinkResult } from './types.js';

export class Trail {
  readonly links: LinkResult[] = [];

  ok(link: LinkName, detail: string): void {
    this.links.push({ link, status: 'ok', detail });
  }

  /** Passes, but wider than it should be (a trust admitting the whole account). */
  warn(link: LinkName, detail: string): void {
    this.links.push({ link, status: 'warning', detail });
  }

  broken(link: LinkName, detail: string): Stop {
    this.links.push({ link, status: 'broken', detail });
    return STOP;
  }

  unreadable(link: LinkName, reason: string): Stop {
    this.links.push({ link, status: 'unreadable', detail: reason });
    return STOP;
  }

  get firstBroken(): LinkResult | undefined {
    return this.links.find((l) => l.status === 'broken' || l.status === 'unreadable');
  }
}

/** Returned by a step that ended the walk. */
export const STOP = Symbol('stop');
export type Stop = typeof STOP;
