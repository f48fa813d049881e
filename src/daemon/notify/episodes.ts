// Deduplication by episode: the first sighting of a problem is notified, later sightings are not
// (a failing resource is seen on every pass and every retry), except one reminder per interval
// while it lasts. The episode ends when the daemon reports the problem resolved. Time is the
// injected clock's.
import type { Clock } from '../../runtime/clock.js';

export type Sighting = { notify: false } | { notify: true; reminder: boolean; since: number };

export class Episodes {
  private readonly open = new Map<string, { since: number; lastNotified: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly reminderMs: number,
  ) {}

  /** Records a sighting of `key`; says whether (and as what) to notify. */
  seen(key: string): Sighting {
    const now = this.clock.now();
    const episode = this.open.get(key);
    if (!episode) {
      this.open.set(key, { since: now, lastNotified: now });
      return { notify: true, reminder: false, since: now };
    }
    if (this.reminderMs > 0 && now - episode.lastNotified >= this.reminderMs) {
      episode.lastNotified = now;
      return { notify: true, reminder: true, since: episode.since };
    }
    return { notify: false };
  }

  /** Ends the episode of `key`; true when one was open. */
  close(key: string): boolean {
    return this.open.delete(key);
  }
}
