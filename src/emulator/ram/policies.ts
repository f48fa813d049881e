// CreatePolicy, GetPolicy, UpdatePolicyDescription, DeletePolicy, ListPolicies.
import { ApiError, type ActionHandler } from '../contracts.js';
import { bool, jsonList, optional } from '../params.js';
import type { World } from '../world.js';
import { attachmentsOf, authorizeOnPolicy, findCustomPolicy, findPolicy, matchesTagFilter, mergeTags, ramCall, type RamCall } from './common.js';
import { defaultDocument, policySummary, tagsBody, type AnyPolicy } from './format.js';
import { ramSerialised } from './reserialise.js';
import { markerPage, pageFields } from './paging.js';
import { caseClash, ramTime, type CustomPolicy } from './state.js';
import { SYSTEM_POLICIES } from './system-policies.js';
import { description, limitExceeded, permissionDocument, policyName, policyType, tags } from './validate.js';
import { invalid } from '../params.js';

function attachmentCount(call: RamCall, p: AnyPolicy): number {
  const { roles, users } = attachmentsOf(call.account, p.policy.policyName, p.type);
  return roles.length + users.length;
}

function allPolicies(call: RamCall, type: string | undefined): (AnyPolicy & { seq: number })[] {
  const system = [...SYSTEM_POLICIES.values()].map((policy) => ({ type: 'System' as const, policy, seq: policy.seq }));
  const custom = [...call.account.policies.values()].map((policy) => ({ type: 'Custom' as const, policy, seq: policy.seq }));
  if (type === 'System') return system;
  if (type === 'Custom') return custom;
  return [...system, ...custom];
}

function deletePolicy(call: RamCall): Record<string, unknown> {
  const name = policyName(call.params);
  const cascading = bool(call.params, 'CascadingDelete');
  authorizeOnPolicy(call, name, 'Custom');
  const policy = findCustomPolicy(call, name);
  const { roles, users } = attachmentsOf(call.account, name, 'Custom');
  // §10 #6: no document names the code for a policy still attached to a role.
  if (roles.length > 0) throw new ApiError('DeleteConflict.Role.Policy', 409, `The policy is still attached to ${roles.length} role(s): ${name}.`);
  if (users.length > 0) throw new ApiError('DeleteConflict.Policy.User', 409, `The policy is still attached to ${users.length} user(s): ${name}.`);
  if (policy.versions.length > 1 && !cascading) throw new ApiError('DeleteConflict.Policy.Version', 409, `The policy has non-default versions: ${name}.`);
  call.account.policies.delete(name);
  return {};
}

export function policyActions(world: World): Record<string, ActionHandler> {
  return {
    CreatePolicy: (ctx) => {
      const call = ramCall(world, ctx);
      const name = policyName(call.params);
      const { text } = permissionDocument(call.params);
      const desc = description(call.params, 'Description') ?? '';
      const policyTags = tags(call.params, 'Tag', world.seed.options.quotas.tagsPerResource) ?? [];
      authorizeOnPolicy(call, name, 'Custom');
      if (caseClash(call.account.policies, name) !== undefined || caseClash(SYSTEM_POLICIES as Map<string, unknown>, name) !== undefined) {
        throw new ApiError('EntityAlreadyExists.Policy', 409, 'The policy does already EXIST.');
      }
      if (call.account.policies.size >= world.seed.options.quotas.customPolicies) throw limitExceeded('LimitExceeded.Policy', 'The maximum number of custom policies is exceeded.');
      const policy: CustomPolicy = {
        seq: world.nextSeq(), policyName: name, description: desc, createDate: ctx.now, updateDate: ctx.now, defaultVersion: 'v1',
        versions: [{ versionId: 'v1', document: text, createDate: ctx.now }], nextVersion: 2, tags: mergeTags([], policyTags),
      };
      call.account.policies.set(name, policy);
      const { UpdateDate: _omit, ...summary } = policySummary({ type: 'Custom', policy });
      return { Policy: summary };
    },
    GetPolicy: (ctx) => {
      const call = ramCall(world, ctx);
      const name = policyName(call.params);
      const type = policyType(call.params);
      authorizeOnPolicy(call, name, type);
      const found = findPolicy(call, name, type);
      const { document: stored, createDate } = defaultDocument(found);
      const document = ramSerialised(stored);
      return {
        Policy: { ...policySummary(found), PolicyDocument: document, AttachmentCount: attachmentCount(call, found) },
        DefaultPolicyVersion: { VersionId: found.policy.defaultVersion, IsDefaultVersion: true, PolicyDocument: document, CreateDate: ramTime(createDate) },
      };
    },
    UpdatePolicyDescription: (ctx) => {
      const call = ramCall(world, ctx);
      const name = policyName(call.params);
      const desc = description(call.params, 'NewDescription') ?? '';
      authorizeOnPolicy(call, name, 'Custom');
      const policy = findCustomPolicy(call, name);
      policy.description = desc;
      policy.updateDate = ctx.now;
      return { Policy: policySummary({ type: 'Custom', policy }) };
    },
    DeletePolicy: (ctx) => deletePolicy(ramCall(world, ctx)),
    ListPolicies: (ctx) => {
      const call = ramCall(world, ctx);
      const type = optional(call.params, 'PolicyType');
      if (type !== undefined && type !== 'System' && type !== 'Custom') throw invalid('InvalidParameter.PolicyType', 'The parameter PolicyType must be "System" or "Custom".');
      const filter = jsonList<{ Key?: unknown; Value?: unknown }>(call.params, 'Tag');
      authorizeOnPolicy(call, '*', 'Custom');
      const candidates = allPolicies(call, type).filter((p) => matchesTagFilter(p.type === 'Custom' ? p.policy.tags : [], filter));
      const page = markerPage(candidates, call.params);
      const items = page.items.map((p) => ({ ...policySummary(p), AttachmentCount: attachmentCount(call, p), Tags: tagsBody(p.type === 'Custom' ? p.policy.tags : []) }));
      return { ...pageFields(page), Policies: { Policy: items } };
    },
  };
}

