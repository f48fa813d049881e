// The live state the diff consumes: one entry per desired Account, as observe() read it.
// Kept as plain arrays (not maps keyed by cloud names) so it serialises as JSON and a name such as
// `__proto__` can never collide with an object's prototype.
import type { ErrorClass } from '../model/errors.js';
import type { ObservedImageCache, ObservedPolicy, ObservedPolicySummary, ObservedRole, ObservedRoleSummary } from '../model/observed.js';

/** A failure that is safe to print: already redacted by the cloud adapter. */
export interface ErrorInfo {
  message: string;
  code?: string;
  requestId?: string;
  classification?: ErrorClass;
}

export interface ObservedAccountState {
  accountName: string;
  /** The pinned accountId from the Account manifest. */
  accountId: string;
  /** Set when observe or account pinning failed: nothing in this account is planned or written. */
  error?: ErrorInfo;
  /** Every role of the account; detailed (trust + attachments) only where observe needed it. */
  roles: (ObservedRoleSummary | ObservedRole)[];
  /** Every custom policy; detailed (versions) only where observe needed it. */
  policies: (ObservedPolicySummary | ObservedPolicy)[];
  /** Regions whose owned image caches were listed. */
  regions: string[];
  /** Image caches carrying our managed-by tag, in `regions`. */
  imageCaches: ObservedImageCache[];
}

export interface ObservedState {
  accounts: ObservedAccountState[];
}

export const isDetailedRole = (r: ObservedRoleSummary | ObservedRole): r is ObservedRole =>
  typeof (r as ObservedRole).trustDocument === 'string' && Array.isArray((r as ObservedRole).attachedPolicies);

export const isDetailedPolicy = (p: ObservedPolicySummary | ObservedPolicy): p is ObservedPolicy =>
  Array.isArray((p as ObservedPolicy).versions);

export function emptyAccountState(accountName: string, accountId: string): ObservedAccountState {
  return { accountName, accountId, roles: [], policies: [], regions: [], imageCaches: [] };
}
