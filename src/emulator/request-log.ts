// The emulator's request log: what the admin API's GET /_emulator/requests returns. A ring of
// REQUEST_LOG_SIZE entries, so an emulator left running (the `emulator` command behind a daemon)
// holds a bounded log; the oldest entries make room and are counted in `dropped`.
import type { ServiceName } from './contracts.js';

/** What signed a call: a seeded AccessKey (root or RAM user), or the `STS.` key of an issued session. */
export type KeyKind = 'access-key' | 'sts-session';

export interface RequestLogEntry {
  service: ServiceName | null;
  action: string | null;
  accountId: string | null;
  statusCode: number;
  code: string | null;
  /**
   * The AccessKeyId whose signature verified (an AccessKeyId names a key; it is no secret, and the
   * secret and security token never enter the log). Null for anonymous actions (AssumeRoleWithOIDC)
   * and for calls refused before the signature verified.
   */
  accessKeyId: string | null;
  keyKind: KeyKind | null;
  /** A successful AssumeRole/AssumeRoleWithOIDC: the AccessKeyId of the session it issued. */
  issuedAccessKeyId: string | null;
  /** When the request arrived, in emulated ms since the epoch: what a server-side quota window sees (per-second call rates). */
  at: number;
}

/** A fresh entry arriving at `at`: nothing known yet but a success status the gateway overwrites on failure. */
export const newLogEntry = (at: number): RequestLogEntry => ({ service: null, action: null, accountId: null, statusCode: 200, code: null, accessKeyId: null, keyKind: null, issuedAccessKeyId: null, at });

/** Records the verified signer; anonymous callers have no key. */
export function logSigner(entry: RequestLogEntry, key: { accessKeyId: string; securityToken?: string }): void {
  if (key.accessKeyId === '') return;
  entry.accessKeyId = key.accessKeyId;
  entry.keyKind = key.securityToken === undefined ? 'access-key' : 'sts-session';
}

/** Records the session an STS action issued, read from its response's `Credentials`. */
export function logIssued(entry: RequestLogEntry, result: Record<string, unknown>): void {
  const issued = (result.Credentials as { AccessKeyId?: unknown } | undefined)?.AccessKeyId;
  if (typeof issued === 'string') entry.issuedAccessKeyId = issued;
}

/** Room for the benchmark's largest case (three full daemon passes over the default fleet: ~6,600 calls) several times over; ~250 bytes an entry. */
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
