// What the incremental observer remembers of the last observation of each account, and the pure
// rules that decide, from a new set of list pages, what must be read in detail again (issue 15).
// A detail (trust + attachments of a role, versions of a policy) is reused only while the marks the
// lists carry for it have not moved; everything the lists carry in full (names, descriptions,
// session durations, tags, image caches) is always taken fresh from the lists.
import type { AccountCloud } from '../cloud/provider.js';
import type { PolicyAttachment } from '../model/desired.js';
import type { ObservedPolicy, ObservedPolicySummary, ObservedRole, ObservedRoleSummary } from '../model/observed.js';

/**
 * RAM dates are whole seconds: a change made in the same second as our read, after it, leaves
 * `UpdateDate` where we saw it. A role whose `UpdateDate` was less than this old when we read it is
 * read again on the next pass (1 s of the date's own granularity + 1 s for the clocks' disagreement).
 */
export const SAME_SECOND_WINDOW_MS = 2_000;

export interface RememberedRole {
  detail: ObservedRole;
  /** Read again next pass: the read may have missed a change made later in the same second. */
  recheck: boolean;
}

export interface AccountMemory {
  /** The client the memory was built through: a rebuilt provider (new credentials) starts over. */
  cloud: AccountCloud;
  accountId: string;
  roles: Map<string, RememberedRole>;
  policies: Map<string, ObservedPolicy>;
  /** `System:Name` / `Custom:Name` → AttachmentCount as last listed (custom and system policies). */
  counts: Map<string, number>;
}

/** The last observation of each account, by Account manifest name. One per daemon (per provider). */
export class ObservationMemory {
  private readonly accounts = new Map<string, AccountMemory>();

  get(accountName: string): AccountMemory | undefined {
    return this.accounts.get(accountName);
  }

  set(accountName: string, memory: AccountMemory): void {
    this.accounts.set(accountName, memory);
  }

  /** After a failed observation the account is read in full again (GetCallerIdentity included). */
  forget(accountName: string): void {
    this.accounts.delete(accountName);
  }

  /** Accounts no longer in the manifests are dropped, so memory never outgrows the desired state. */
  retain(accountNames: string[]): void {
    for (const name of [...this.accounts.keys()]) if (!accountNames.includes(name)) this.accounts.delete(name);
  }
}

export const countKey = (p: PolicyAttachment): string => `${p.policyType}:${p.policyName}`;

const parseKey = (key: string): PolicyAttachment => {
  const [type, ...name] = key.split(':');
  return { policyType: type === 'System' ? 'System' : 'Custom', policyName: name.join(':') };
};

/** AttachmentCount of every listed policy, custom and system. */
export function listedCounts(custom: ObservedPolicySummary[], system: ObservedPolicySummary[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of custom) counts.set(countKey({ policyType: 'Custom', policyName: p.policyName }), p.attachmentCount ?? 0);
  for (const p of system) counts.set(countKey({ policyType: 'System', policyName: p.policyName }), p.attachmentCount ?? 0);
  return counts;
}

/**
 * Policies whose AttachmentCount moved since the last pass: an attach or detach somewhere in the
 * account, ours or not. A policy that appeared counts from 0; one that vanished goes to 0.
 */
export function movedCounts(before: Map<string, number>, now: Map<string, number>): PolicyAttachment[] {
  const keys = new Set([...before.keys(), ...now.keys()]);
  return [...keys].filter((k) => (before.get(k) ?? 0) !== (now.get(k) ?? 0)).sort().map(parseKey);
}

/** The role's detail may be reused: it is remembered, its UpdateDate has not moved and no recheck is due. */
export function roleDetailValid(listed: ObservedRoleSummary, remembered: RememberedRole | undefined): remembered is RememberedRole {
  if (!remembered || remembered.recheck) return false;
  // Without a date the list cannot vouch for the detail: read it.
  return listed.updateDate !== undefined && listed.updateDate === remembered.detail.updateDate;
}

/** The policy's versions may be reused: its DefaultVersion and UpdateDate are as when they were read. */
export function policyDetailValid(listed: ObservedPolicySummary, remembered: ObservedPolicy | undefined): remembered is ObservedPolicy {
  if (!remembered || listed.updateDate === undefined) return false;
  return listed.updateDate === remembered.updateDate && listed.defaultVersion === remembered.defaultVersion;
}

/** A remembered detail with the fields the list carries in full taken from the list. */
export function freshRole(listed: ObservedRoleSummary, detail: ObservedRole): ObservedRole {
  return { ...detail, ...listed };
}

export function freshPolicy(listed: ObservedPolicySummary, detail: ObservedPolicy): ObservedPolicy {
  return { ...detail, ...listed };
}

/** Whether a role read at `readAt` with this UpdateDate may have missed a later change in the same second. */
export function needsRecheck(updateDate: string | undefined, readAt: number): boolean {
  const date = updateDate === undefined ? Number.NaN : Date.parse(updateDate);
  return !Number.isFinite(date) || readAt < date + SAME_SECOND_WINDOW_MS;
}

/**
 * Roles to read again because an attachment count moved: those whose remembered attachments
 * disagree with what ListEntitiesForPolicy now says (`holders`: role names; undefined when the policy is gone).
 */
export function rolesDisagreeing(policy: PolicyAttachment, holders: string[] | undefined, remembered: Iterable<[string, ObservedRole]>): string[] {
  const now = new Set(holders ?? []);
  const out: string[] = [];
  for (const [name, detail] of remembered) {
    const had = detail.attachedPolicies.some((a) => a.policyName === policy.policyName && a.policyType === policy.policyType);
    if (had !== now.has(name)) out.push(name);
  }
  return out;
}
