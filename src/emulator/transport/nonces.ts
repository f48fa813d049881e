// Remembers nonces for the replay window. Bounded: entries leave after the window, and beyond
// `capacity` the oldest go first (a flood of fresh nonces cannot grow memory without limit).

export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number, private readonly capacity = 200_000) {}

  /** True if the nonce is new (and now remembered); false if it was used within the window. */
  remember(key: string, nowMs: number): boolean {
    this.prune(nowMs);
    const at = this.seen.get(key);
    if (at !== undefined && nowMs - at < this.windowMs) return false;
    this.seen.delete(key);
    this.seen.set(key, nowMs);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value as string);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  // Insertion order is arrival order, so expired entries are at the front.
  private prune(nowMs: number): void {
    for (const [key, at] of this.seen) {
      if (nowMs - at < this.windowMs) return;
      this.seen.delete(key);
    }
  }
}
