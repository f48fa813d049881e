// What the model counts, from two sources that must agree: the fleet, expanded by hand along the
// decision table (the three cases of the README), and the desired state the manifests pipeline produces.
// The first lets the model run before (and independently of) the pipeline; the second is the truth
// the engine works from, and a test checks the two match.
import type { DesiredState } from '../src/model/desired.js';
import type { Fleet } from './fleet.js';
import type { AccountInventory, Inventory } from './model.js';

/** CreateRole (ECI side) → CreateRole (its trust names that role) → AttachPolicyToRole → CreateImageCache. */
const CROSS_ACCOUNT_DEPTH = 4;
/** CreateRole ∥ CreatePolicy → AttachPolicyToRole → CreateImageCache. */
const ROLE_DEPTH = 3;

export function inventoryFromFleet(fleet: Fleet): Inventory {
  const byName = new Map(fleet.accounts.map((a) => [a.name, emptyAccount(a.accountId, a.regionId)]));
  const registryOwner = new Map(fleet.registries.map((r) => [r.key, r.account]));
  const get = (name: string): AccountInventory => {
    const found = byName.get(name);
    if (!found) throw new Error(`inventory: unknown account ${name}`);
    return found;
  };
  for (const pull of fleet.pulls) {
    const eci = get(pull.eciAccount);
    eci.cachesByRegion[eci.regionId] = (eci.cachesByRegion[eci.regionId] ?? 0) + 1;
    if (pull.pullCase === 'cross-account') {
      // ECI side: trusted by eci.aliyuncs.com, holds AliyunSTSAssumeRoleAccess.
      addRole(eci, 0);
      // Registry side: trusts the ECI-side role, holds the minimal pull policy.
      addRole(get(registryOwner.get(pull.registry) ?? ''), 1);
    }
    if (pull.pullCase === 'restricted') addRole(eci, 1);
  }
  const kinds = new Set(fleet.pulls.map((p) => p.pullCase));
  const writeDepth = kinds.has('cross-account') ? CROSS_ACCOUNT_DEPTH : kinds.has('restricted') ? ROLE_DEPTH : 1;
  return { accounts: [...byName.values()], writeDepth };
}

export function inventoryFromDesired(desired: DesiredState): Inventory {
  const byId = new Map(desired.accounts.map((a) => [a.accountId, emptyAccount(a.accountId, a.regionId)]));
  const get = (accountId: string): AccountInventory => {
    let found = byId.get(accountId);
    if (!found) {
      found = emptyAccount(accountId, '');
      byId.set(accountId, found);
    }
    return found;
  };
  for (const role of desired.roles) {
    const a = get(role.accountId);
    a.roles += 1;
    a.attachments += role.policies.length;
  }
  for (const policy of desired.policies) get(policy.accountId).customPolicies += 1;
  for (const cache of desired.imageCaches) {
    const a = get(cache.accountId);
    a.cachesByRegion[cache.regionId] = (a.cachesByRegion[cache.regionId] ?? 0) + 1;
  }
  const crossAccount = desired.roles.some((role) => trustedRoleAccounts(role.trust).some((id) => id !== role.accountId));
  const writeDepth = crossAccount ? CROSS_ACCOUNT_DEPTH : desired.roles.length > 0 ? ROLE_DEPTH : 1;
  return { accounts: [...byId.values()].map((a) => (a.regionId ? a : { ...a, regionId: Object.keys(a.cachesByRegion)[0] ?? 'cn-hangzhou' })), writeDepth };
}

/** Account ids of the RAM roles a trust policy admits (`acs:ram::<id>:role/<name>`). */
function trustedRoleAccounts(trust: DesiredState['roles'][number]['trust']): string[] {
  return trust.Statement.flatMap((statement) => {
    const principal = statement.Principal;
    if (!principal || principal === '*') return [];
    const ram = principal.RAM === undefined ? [] : Array.isArray(principal.RAM) ? principal.RAM : [principal.RAM];
    return ram.flatMap((arn) => /^acs:ram::(\d+):role\//.exec(arn)?.[1] ?? []);
  });
}

function emptyAccount(accountId: string, regionId: string): AccountInventory {
  return { accountId, regionId, roles: 0, customPolicies: 0, attachments: 0, cachesByRegion: {} };
}

function addRole(account: AccountInventory, customPolicies: number): void {
  account.roles += 1;
  account.customPolicies += customPolicies;
  account.attachments += 1;
}

export function inventoryTotals(inventory: Inventory): { roles: number; customPolicies: number; attachments: number; imageCaches: number } {
  let roles = 0;
  let customPolicies = 0;
  let attachments = 0;
  let imageCaches = 0;
  for (const a of inventory.accounts) {
    roles += a.roles;
    customPolicies += a.customPolicies;
    attachments += a.attachments;
    imageCaches += Object.values(a.cachesByRegion).reduce((x, y) => x + y, 0);
  }
  return { roles, customPolicies, attachments, imageCaches };
}
