// Lookups and authorisation shared by the RAM actions.
import { ApiError, type ActionContext } from '../contracts.js';
import type { SeedTag } from '../seed-types.js';
import type { World } from '../world.js';
import type { AnyPolicy } from './format.js';
import { ramResource, type RamAccount, type RoleState } from './state.js';
import { SYSTEM_POLICIES } from './system-policies.js';

export interface RamCall {
  world: World;
  ctx: ActionContext;
  account: RamAccount;
  params: Record<string, string>;
}

export function ramCall(world: World, ctx: ActionContext): RamCall {
  const account = world.account(ctx.caller.accountId);
  // Verified callers always belong to a seeded account; this guards programming errors only.
  if (!account) throw new ApiError('InternalError', 500, 'The caller account is unknown.');
  return { world, ctx, account, params: ctx.params };
}

export function authorizeOn(call: RamCall, kind: 'role' | 'policy' | 'user', name: string): void {
  call.ctx.authorize(`ram:${call.ctx.action}`, ramResource(call.account.accountId, kind, name));
}

/** System policies are resources of the pseudo-account `system`. */
export function authorizeOnPolicy(call: RamCall, name: string, type: 'System' | 'Custom'): void {
  const resource = type === 'System' ? `acs:ram:*:system:policy/${name}` : ramResource(call.account.accountId, 'policy', name);
  call.ctx.authorize(`ram:${call.ctx.action}`, resource);
}

export function findRole(call: RamCall, roleName: string): RoleState {
  const role = call.account.roles.get(roleName);
  if (!role) throw new ApiError('EntityNotExist.Role', 404, `The role does not exist: ${roleName}.`);
  return role;
}

export function findPolicy(call: RamCall, policyName: string, type: 'System' | 'Custom'): AnyPolicy {
  if (type === 'System') {
    const policy = SYSTEM_POLICIES.get(policyName);
    if (policy) return { type, policy };
  } else {
    const policy = call.account.policies.get(policyName);
    if (policy) return { type, policy };
  }
  throw new ApiError('EntityNotExist.Policy', 404, `The policy does not exist: ${policyName}.`);
}

export function findCustomPolicy(call: RamCall, policyName: string) {
  const found = findPolicy(call, policyName, 'Custom');
  if (found.type !== 'Custom') throw new ApiError('EntityNotExist.Policy', 404, `The policy does not exist: ${policyName}.`);
  return found.policy;
}

/** Holders of a policy in this account: roles and users with an attachment to it. */
export function attachmentsOf(account: RamAccount, policyName: string, type: 'System' | 'Custom') {
  const match = (a: { policyName: string; policyType: string }) => a.policyName === policyName && a.policyType === type;
  const roles = [...account.roles.values()].flatMap((role) => role.attachments.filter(match).map((a) => ({ role, attachDate: a.attachDate })));
  const users = [...account.users.values()].flatMap((user) => user.attachments.filter(match).map((a) => ({ user, attachDate: a.attachDate })));
  return { roles, users };
}

/** ListRoles/ListPolicies `Tag` filter: every filter tag must be present (a missing Value matches any). */
export function matchesTagFilter(tags: SeedTag[], filter: { Key?: unknown; Value?: unknown }[] | undefined): boolean {
  if (!filter) return true;
  return filter.every((f) => tags.some((t) => t.key === f.Key && (f.Value === undefined || f.Value === '' || t.value === f.Value)));
}

/** Replace-or-append by key, as TagResources does. */
export function mergeTags(existing: SeedTag[], added: SeedTag[]): SeedTag[] {
  const merged = existing.map((t) => ({ ...t }));
  for (const tag of added) {
    const found = merged.find((t) => t.key === tag.key);
    if (found) found.value = tag.value;
    else merged.push({ ...tag });
  }
  return merged;
}
