// The emulator's request log: what the admin API's GET /_emulator/requests returns. A ring of
// REQUEST_LOG_SIZE entries, so an emulator left running (the `emulator` command behind a daemon)
// holds a bounded log; the oldest entries make room and are counted in `dropped`.
import type { ServiceName } from './contracts.js';

export interface RequestLogEntry {
  service: ServiceName | null;
  action: string | null;
  accountId: string | null;
  statusCode: number;
  code: string | null;
}

/** Room for the benchmark's largest case (three full daemon passes over the default fleet: ~6,600 calls) several times over; ~150 bytes an entry. */
export const REQUEST_LOG_SIZE = 50_000;

export class RequestLog {
  private ring: RequestLogEntry[] = [];
  /** Where the oldest entry sits once the ring is full. */
  private oldest = 0;
  private droppedCount = 0;

  constructor(readonly capacity = REQUEST_LOG_SIZE) {}

  /** Entries pushed out by newer ones since the last clear. */
  get dropped(): number {
    return this.droppedCount;
  }

  get length(): number {
    return this.ring.length;
  }

  /** Logs `entry`; the caller may still fill in its fields (the gateway does as the call proceeds). */
  push(entry: RequestLogEntry): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(entry);
      return;
    }
    this.ring[this.oldest] = entry;
    this.oldest = (this.oldest + 1) % this.capacity;
    this.droppedCount += 1;
  }

  /** The entries held, oldest first. */
  entries(): RequestLogEntry[] {
    return [...this.ring.slice(this.oldest), ...this.ring.slice(0, this.oldest)];
  }

  clear(): void {
    this.ring = [];
    this.oldest = 0;
    this.droppedCount = 0;
  }
}
