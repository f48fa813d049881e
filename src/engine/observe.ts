// observe(desired): the live state the diff needs, with the fewest calls (issue 5 §3):
//   STS GetCallerIdentity once per account (pinning: a mismatch fails the account before any write);
//   ListRoles (tags included) → GetRole + ListPoliciesForRole only for desired roles that are ours or
//   adopted (and, with prune, for ours that left the manifests);
//   ListPolicies(Custom) → ListPolicyVersions likewise for policies;
//   DescribeImageCaches filtered by our managed-by tag, per region where caches are desired (plus the
//   account's default region, where removed caches are found for prune); an account that declares no
//   image cache is sent no ECI call at all unless the pass prunes (issue 14, finding 4: a registry-only
//   account needs only RAM permissions; docs/reconciler.md, "Accounts without image caches").
// Accounts are observed in parallel; the adapter bounds concurrency and rate per account and service.
// Same-name roles/policies we do not own and the manifest does not adopt are not read in detail:
// they are reported as conflicts and left alone, so reading them would be wasted calls.
import type { AccountCloud, CloudProvider } from '../cloud/provider.js';
import type { DesiredAccount, DesiredState } from '../model/desired.js';
import type { ObservedPolicy, ObservedPolicySummary, ObservedRole, ObservedRoleSummary, Tags } from '../model/observed.js';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../model/ownership.js';
import { emptyAccountState, type ObservedAccountState, type ObservedState } from '../plan/observed-state.js';
import { ownershipOf } from '../plan/tags.js';
import { errorInfo } from './errors.js';

/** Restricts observation to what one resource key needs (reconcileKey). */
export interface ObserveScope {
  accountName: string;
  roleNames: string[];
  policyNames: string[];
  regions: string[];
}

export interface ObserveOptions {
  scope?: ObserveScope;
  /** Read owned resources that left the manifests in detail (prune needs their attachments/versions). */
  prune?: boolean;
}

export async function observe(desired: DesiredState, provider: CloudProvider, options: ObserveOptions = {}): Promise<ObservedState> {
  const { scope } = options;
  const accounts = scope ? desired.accounts.filter((a) => a.name === scope.accountName) : desired.accounts;
  return { accounts: await Promise.all(accounts.map((a) => observeAccount(a, desired, provider, options))) };
}

async function observeAccount(account: DesiredAccount, desired: DesiredState, provider: CloudProvider, options: ObserveOptions): Promise<ObservedAccountState> {
  const state = emptyAccountState(account.name, account.accountId);
  try {
    const cloud = provider.account(account.name);
    const caller = await cloud.callerAccountId();
    if (caller !== account.accountId) {
      const message = `account pinning: the credentials of Account ${account.name} resolve to account ${caller}, not ${account.accountId}; nothing is written to it`;
      // Terminal like the cross-check in cloud/alibaba/pinning.ts: retrying cannot change whose keys these are.
      return { ...state, error: { message, code: 'AccountMismatch', classification: 'terminal' } };
    }
    const [roles, policies, caches] = await Promise.all([
      observeRoles(cloud, account, desired, options),
      observePolicies(cloud, account, desired, options),
      observeCaches(cloud, account, desired, options),
    ]);
    return { ...state, roles, policies, ...caches };
  } catch (error) {
    return { ...state, error: errorInfo(error) };
  }
}

async function observeRoles(cloud: AccountCloud, account: DesiredAccount, desired: DesiredState, options: ObserveOptions): Promise<(ObservedRoleSummary | ObservedRole)[]> {
  const wanted = new Map(desired.roles.filter((r) => r.account === account.name).map((r) => [r.roleName, r]));
  const summaries = await cloud.listRoles();
  const worthReading = (s: ObservedRoleSummary) => needsDetail(s.roleName, s.tags, wanted, options.scope?.roleNames, options.prune, account.ownerId);
  const read = await Promise.all(summaries.map(async (s) => (worthReading(s) ? await cloud.getRole(s.roleName, s) : s)));
  // undefined: deleted between ListRoles and GetRole; it is simply absent now.
  return read.filter((r): r is ObservedRoleSummary | ObservedRole => r !== undefined);
}

async function observePolicies(cloud: AccountCloud, account: DesiredAccount, desired: DesiredState, options: ObserveOptions): Promise<(ObservedPolicySummary | ObservedPolicy)[]> {
  const wanted = new Map(desired.policies.filter((p) => p.account === account.name).map((p) => [p.policyName, p]));
  const summaries = await cloud.listCustomPolicies();
  const worthReading = (s: ObservedPolicySummary) => needsDetail(s.policyName, s.tags, wanted, options.scope?.policyNames, options.prune, account.ownerId);
  const read = await Promise.all(summaries.map(async (s) => (worthReading(s) ? await cloud.getPolicy(s.policyName, s) : s)));
  return read.filter((p): p is ObservedPolicySummary | ObservedPolicy => p !== undefined);
}

/**
 * Whether a listed role or policy is read in detail: only within the scope, and then when it is
 * desired and ours, unclaimed or adopted, or ours (this set's ownerId) and gone from the manifests
 * while pruning. Another set's resource is never read in detail: it is a conflict at most.
 */
export function needsDetail(name: string, tags: Tags, wanted: Map<string, { adopt: boolean }>, scope: string[] | undefined, prune: boolean | undefined, ownerId: string): boolean {
  if (scope && !scope.includes(name)) return false;
  const want = wanted.get(name);
  const owner = ownershipOf(tags, ownerId).kind;
  if (want === undefined) return owner === 'ours' && prune === true;
  return owner === 'ours' || owner === 'unclaimed' || (owner === 'unmanaged' && want.adopt);
}

export async function observeCaches(cloud: AccountCloud, account: DesiredAccount, desired: DesiredState, options: ObserveOptions) {
  const regions = options.scope ? options.scope.regions : cacheRegions(account, desired, options.prune === true);
  const lists = await Promise.all(regions.map((r) => cloud.listImageCaches(r, { [MANAGED_BY_TAG]: MANAGED_BY_VALUE })));
  return { regions, imageCaches: lists.flat() };
}

/**
 * Where an account's caches are listed: the regions of its declared caches and its default region.
 * None when it declares no cache and the pass does not prune: nothing of ours there could change, and
 * the account may hold only the registry, with no ECI permission at all. Pruning looks in the default
 * region, where caches it stopped declaring are found by our managed-by and owner tags.
 */
export function cacheRegions(account: DesiredAccount, desired: DesiredState, prune: boolean): string[] {
  const declared = desired.imageCaches.filter((c) => c.account === account.name).map((c) => c.regionId);
  if (declared.length === 0 && !prune) return [];
  return [...new Set([account.regionId, ...declared])].sort();
}
