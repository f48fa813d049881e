// AttachPolicyToRole, DetachPolicyFromRole, ListPoliciesForRole, ListEntitiesForPolicy (§3.16–3.19).
// One attachment record feeds all three views, so AttachDate and AttachmentCount always agree.
import { ApiError, type ActionHandler } from '../contracts.js';
import type { World } from '../world.js';
import { attachmentsOf, authorizeOn, authorizeOnPolicy, findPolicy, findRole, ramCall, type RamCall } from './common.js';
import { ramTime } from './state.js';
import { SYSTEM_POLICIES } from './system-policies.js';
import { policyName, policyType, roleName } from './validate.js';

function target(call: RamCall) {
  const type = policyType(call.params);
  const policy = policyName(call.params);
  const role = roleName(call.params);
  authorizeOn(call, 'role', role);
  authorizeOnPolicy(call, policy, type);
  return { type, policy: findPolicy(call, policy, type), role: findRole(call, role) };
}

function attach(world: World, call: RamCall): Record<string, unknown> {
  const { type, policy, role } = target(call);
  const name = policy.policy.policyName;
  if (role.attachments.some((a) => a.policyName === name && a.policyType === type)) {
    throw new ApiError('EntityAlreadyExists.Role.Policy', 409, `The policy is already attached to the role: ${name}.`);
  }
  const { quotas } = world.seed.options;
  const limit = type === 'System' ? quotas.systemPoliciesPerRole : quotas.customPoliciesPerRole;
  if (role.attachments.filter((a) => a.policyType === type).length >= limit) {
    throw new ApiError('LimitExceeded.Role.Policy', 409, `The maximum number of ${type.toLowerCase()} policies attached to a role (${limit}) is exceeded.`);
  }
  role.attachments.push({ policyName: name, policyType: type, attachDate: call.ctx.now });
  return {};
}

function detach(call: RamCall): Record<string, unknown> {
  const { type, policy, role } = target(call);
  const name = policy.policy.policyName;
  const index = role.attachments.findIndex((a) => a.policyName === name && a.policyType === type);
  if (index < 0) throw new ApiError('EntityNotExist.Role.Policy', 404, `The policy is not attached to the role: ${name}.`);
  role.attachments.splice(index, 1);
  return {};
}

export function attachmentActions(world: World): Record<string, ActionHandler> {
  return {
    AttachPolicyToRole: (ctx) => attach(world, ramCall(world, ctx)),
    DetachPolicyFromRole: (ctx) => detach(ramCall(world, ctx)),
    ListPoliciesForRole: (ctx) => {
      const call = ramCall(world, ctx);
      const name = roleName(call.params);
      authorizeOn(call, 'role', name);
      const role = findRole(call, name);
      const items = role.attachments.map((a) => {
        const policy = a.policyType === 'System' ? SYSTEM_POLICIES.get(a.policyName) : call.account.policies.get(a.policyName);
        return { PolicyName: a.policyName, PolicyType: a.policyType, Description: policy?.description ?? '', DefaultVersion: policy?.defaultVersion ?? 'v1', AttachDate: ramTime(a.attachDate) };
      });
      return { Policies: { Policy: items } };
    },
    ListEntitiesForPolicy: (ctx) => {
      const call = ramCall(world, ctx);
      const name = policyName(call.params);
      const type = policyType(call.params);
      authorizeOnPolicy(call, name, type);
      findPolicy(call, name, type);
      const { roles, users } = attachmentsOf(call.account, name, type);
      return {
        Groups: { Group: [] },
        Roles: { Role: roles.map(({ role, attachDate }) => ({ RoleId: role.roleId, RoleName: role.roleName, Arn: role.arn, Description: role.description, AttachDate: ramTime(attachDate) })) },
        Users: { User: users.map(({ user, attachDate }) => ({ UserId: user.userId, UserName: user.userName, DisplayName: user.userName, AttachDate: ramTime(attachDate) })) },
      };
    },
  };
}
