// Incremental observation (issue 15): the daemon's resync lists each account (ListRoles, ListPolicies
// Custom and System, the tag-filtered DescribeImageCaches per region) and reads in detail only what
// the lists show moved since the last pass, from the ObservationMemory (memory.ts):
//   - a role whose UpdateDate moved, or that was read in the same second as its last change → GetRole
//     + ListPoliciesForRole;
//   - a policy whose DefaultVersion or UpdateDate moved → ListPolicyVersions;
//   - a policy (ours or not, custom or system) whose AttachmentCount moved → ListEntitiesForPolicy,
//     then the remembered roles whose attachments disagree with it are read again;
//   - anything needed in detail and not remembered (new in the manifests, new in the cloud) → read.
// A deep pass reads everything in detail, as observe() does, plus the system policy list, and
// rebuilds the memory; it runs on start and every --deep-resync. GetCallerIdentity runs only when an
// account's memory is (re)built: a deep pass, new credentials (a rebuilt provider), or after a failure;
// in between, every ARN ListRoles returns still goes through the pinning cross-check.
// Which change each level detects: docs/reconciler.md, "Incremental and deep resyncs".
import type { AccountCloud, CloudProvider } from '../cloud/provider.js';
import type { DesiredAccount, DesiredState } from '../model/desired.js';
import type { ObservedPolicy, ObservedPolicySummary, ObservedRole, ObservedRoleSummary } from '../model/observed.js';
import { emptyAccountState, type ObservedAccountState, type ObservedState } from '../plan/observed-state.js';
import { errorInfo } from './errors.js';
import {
  countKey,
  freshPolicy,
  freshRole,
  listedCounts,
  movedCounts,
  needsRecheck,
  ObservationMemory,
  policyDetailValid,
  roleDetailValid,
  rolesDisagreeing,
  type AccountMemory,
  type RememberedRole,
} from './memory.js';
import { needsDetail, observeCaches, type ObserveOptions } from './observe.js';
import { reconcileAll, type EngineOptions, type PassReport } from './reconcile.js';

export type ObserveMode = 'deep' | 'incremental';

/** What one account's observation read in detail, and why: for logs, tests and the benchmark. */
export interface AccountReads {
  accountName: string;
  mode: ObserveMode;
  roles: string[];
  policies: string[];
  /** Policies whose AttachmentCount moved (ListEntitiesForPolicy was called for each). */
  attachmentChecks: string[];
}

export interface TrackedObserveOptions extends ObserveOptions {
  mode: ObserveMode;
  /** Now, on a clock close to the cloud's: decides the same-second recheck (memory.ts). */
  now: () => number;
  /** Only these accounts (the re-read after writes); all desired accounts when absent. */
  accounts?: string[];
  onReads?: (reads: AccountReads) => void;
}

export async function observeTracked(desired: DesiredState, provider: CloudProvider, memory: ObservationMemory, options: TrackedObserveOptions): Promise<ObservedState> {
  memory.retain(desired.accounts.map((a) => a.name));
  const accounts = desired.accounts.filter((a) => options.accounts === undefined || options.accounts.includes(a.name));
  return { accounts: await Promise.all(accounts.map((a) => observeAccountTracked(a, desired, provider, memory, options))) };
}

async function observeAccountTracked(
  account: DesiredAccount,
  desired: DesiredState,
  provider: CloudProvider,
  memory: ObservationMemory,
  options: TrackedObserveOptions,
): Promise<ObservedAccountState> {
  const state = emptyAccountState(account.name, account.accountId);
  try {
    const cloud = provider.account(account.name);
    const remembered = memory.get(account.name);
    const usable = options.mode === 'incremental' && remembered !== undefined && sameAccountCloud(remembered.cloud, cloud) && remembered.accountId === account.accountId ? remembered : undefined;
    if (!usable) {
      memory.forget(account.name);
      const caller = await cloud.callerAccountId();
      if (caller !== account.accountId) {
        const message = `account pinning: the credentials of Account ${account.name} resolve to account ${caller}, not ${account.accountId}; nothing is written to it`;
        return { ...state, error: { message, code: 'AccountMismatch', classification: 'terminal' } };
      }
    }
    const [roleList, customList, systemList, caches] = await Promise.all([
      cloud.listRoles(),
      cloud.listCustomPolicies(),
      cloud.listSystemPolicies(),
      observeCaches(cloud, account, desired, { prune: options.prune === true }),
    ]);
    const reads: AccountReads = { accountName: account.name, mode: usable ? 'incremental' : 'deep', roles: [], policies: [], attachmentChecks: [] };
    const counts = listedCounts(customList, systemList);
    const suspects = usable ? await attachmentSuspects(cloud, usable, counts, reads) : new Set<string>();
    const wantedRoles = new Map(desired.roles.filter((r) => r.account === account.name).map((r) => [r.roleName, r]));
    const wantedPolicies = new Map(desired.policies.filter((p) => p.account === account.name).map((p) => [p.policyName, p]));
    const detailRole = (s: ObservedRoleSummary) => needsDetail(s.roleName, s.tags, wantedRoles, undefined, options.prune, account.ownerId);
    const detailPolicy = (s: ObservedPolicySummary) => needsDetail(s.policyName, s.tags, wantedPolicies, undefined, options.prune, account.ownerId);
    const [roles, policies] = await Promise.all([
      Promise.all(roleList.map((s) => (detailRole(s) ? roleDetail(cloud, s, usable?.roles.get(s.roleName), suspects, reads, options) : { summary: s }))),
      Promise.all(customList.map((s) => (detailPolicy(s) ? policyDetail(cloud, s, usable?.policies.get(s.policyName), reads) : s))),
    ]);
    const next: AccountMemory = { cloud, accountId: account.accountId, roles: new Map(), policies: new Map(), counts };
    for (const r of roles) if ('remember' in r && r.remember) next.roles.set(r.remember.detail.roleName, r.remember);
    for (const p of policies) if (p && 'versions' in p) next.policies.set(p.policyName, p);
    memory.set(account.name, next);
    options.onReads?.(reads);
    return {
      ...state,
      roles: roles.map((r) => ('summary' in r ? r.summary : r.role)).filter((r): r is ObservedRole | ObservedRoleSummary => r !== undefined),
      policies: policies.filter((p): p is ObservedPolicy | ObservedPolicySummary => p !== undefined),
      ...caches,
    };
  } catch (error) {
    memory.forget(account.name);
    return { ...state, error: errorInfo(error) };
  }
}

/** For each policy whose AttachmentCount moved: ListEntitiesForPolicy, and the remembered roles it contradicts. */
async function attachmentSuspects(cloud: AccountCloud, remembered: AccountMemory, counts: Map<string, number>, reads: AccountReads): Promise<Set<string>> {
  const moved = movedCounts(remembered.counts, counts);
  const details = [...remembered.roles].map(([name, r]): [string, ObservedRole] => [name, r.detail]);
  const suspects = new Set<string>();
  await Promise.all(
    moved.map(async (policy) => {
      const key = countKey(policy);
      // A policy gone from the list is held by nobody: no call needed to know it.
      const holders = counts.has(key) ? await cloud.rolesOfPolicy(policy) : [];
      if (counts.has(key)) reads.attachmentChecks.push(key);
      for (const name of rolesDisagreeing(policy, holders, details)) suspects.add(name);
    }),
  );
  return suspects;
}

type RoleRead = { summary: ObservedRoleSummary } | { role: ObservedRole | undefined; remember?: RememberedRole };

async function roleDetail(
  cloud: AccountCloud,
  listed: ObservedRoleSummary,
  remembered: RememberedRole | undefined,
  suspects: Set<string>,
  reads: AccountReads,
  options: TrackedObserveOptions,
): Promise<RoleRead> {
  if (roleDetailValid(listed, remembered) && !suspects.has(listed.roleName)) {
    const role = freshRole(listed, remembered.detail);
    return { role, remember: { detail: role, recheck: false } };
  }
  reads.roles.push(listed.roleName);
  const role = await cloud.getRole(listed.roleName, listed);
  // undefined: deleted between ListRoles and GetRole; it is simply absent now.
  if (!role) return { role: undefined };
  return { role, remember: { detail: role, recheck: needsRecheck(role.updateDate, options.now()) } };
}

async function policyDetail(cloud: AccountCloud, listed: ObservedPolicySummary, remembered: ObservedPolicy | undefined, reads: AccountReads): Promise<ObservedPolicy | undefined> {
  if (policyDetailValid(listed, remembered)) return freshPolicy(listed, remembered);
  reads.policies.push(listed.policyName);
  return cloud.getPolicy(listed.policyName, listed);
}

export interface TrackedPassOptions extends EngineOptions {
  memory: ObservationMemory;
  mode: ObserveMode;
  /** Clock of the cloud's dates; the engine clock when absent. */
  now?: () => number;
  onReads?: (reads: AccountReads) => void;
}

/**
 * One pass with incremental (or deep) observation. After a pass that wrote, the accounts written to
 * are observed once more (incrementally: lists, then what moved, which includes what we wrote), so
 * the memory holds what our own writes made and the next pass sees only other people's changes.
 */
export async function reconcileTracked(desired: DesiredState, options: TrackedPassOptions): Promise<PassReport> {
  const now = options.now ?? (() => options.clock.now());
  const tracked = (mode: ObserveMode, accounts?: string[]) => (d: DesiredState, p: CloudProvider, o: ObserveOptions) =>
    observeTracked(d, p, options.memory, { ...o, mode, now, ...(accounts ? { accounts } : {}), ...(options.onReads ? { onReads: options.onReads } : {}) });
  const report = await reconcileAll(desired, { ...options, observer: tracked(options.mode) });
  const written = [...new Set(report.outcomes.filter((o) => o.writes > 0).map((o) => o.accountName))];
  if (written.length > 0 && !options.dryRun) await tracked('incremental', written)(desired, options.provider, { prune: options.prune ?? false });
  return report;
}

/** Two views of one account (foreground and background priority) share what was observed. */
function sameAccountCloud(a: AccountCloud, b: AccountCloud): boolean {
  return a === b || (a.identity !== undefined && a.identity === b.identity);
}
