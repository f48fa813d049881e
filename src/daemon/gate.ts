// A full pass and single-key reconciles must not touch the same resource at once: a pass takes
// the gate exclusively, key reconciles share it. Writers are preferred so a steady stream of
// key retries cannot postpone a pass forever.
export class Gate {
  private readers = 0;
  private writer = false;
  private waitingWriters: (() => void)[] = [];
  private waitingReaders: (() => void)[] = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writer || this.waitingWriters.length > 0) await new Promise<void>((r) => this.waitingReaders.push(r));
    else this.readers += 1;
    try {
      return await fn();
    } finally {
      this.readers -= 1;
      this.wake();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writer || this.readers > 0) await new Promise<void>((r) => this.waitingWriters.push(r));
    else this.writer = true;
    try {
      return await fn();
    } finally {
      this.writer = false;
      this.wake();
    }
  }

  // Hands the gate over directly, so a woken waiter never races a newcomer.
  private wake(): void {
    if (this.writer || this.readers > 0) return;
    const writer = this.waitingWriters.shift();
    if (writer) {
      this.writer = true;
      return writer();
    }
    const readers = this.waitingReaders;
    this.waitingReaders = [];
    this.readers += readers.length;
    for (const reader of readers) reader();
  }
}
