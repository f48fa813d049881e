// What the leader elector needs from a coordination.k8s.io/v1 Lease: read it, create it, replace it
// under optimistic concurrency (the resourceVersion it was read at). k8s-lease-store.ts implements it
// with the official client; the elector's timing logic is tested against the in-repo Lease server.

/** The Lease's spec fields client-go's leader election uses (times as RFC 3339 text). */
export interface LeaseRecord {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface StoredLease {
  record: LeaseRecord;
  resourceVersion: string;
}

export interface LeaseStore {
  /** Where the Lease lives, for logs: namespace/name. */
  readonly describe: string;
  /** The Lease, or undefined when it does not exist (404). */
  get(): Promise<StoredLease | undefined>;
  /** Creates it; rejects (409 AlreadyExists) when another candidate created it first. */
  create(record: LeaseRecord): Promise<StoredLease>;
  /** Replaces it if it is still at `resourceVersion`; rejects (409 Conflict) when someone wrote in between. */
  replace(record: LeaseRecord, resourceVersion: string): Promise<StoredLease>;
}
