// Policy versions: at most 5 per custom policy, numbering never
// reused (§10 #9), listed in creation order (§10 #10). System policies expose their one version.
import { ApiError, type ActionHandler } from '../contracts.js';
import { bool, invalid, optional } from '../params.js';
import type { World } from '../world.js';
import { authorizeOnPolicy, findCustomPolicy, findPolicy, ramCall, type RamCall } from './common.js';
import { defaultDocument, versionBody, type AnyPolicy } from './format.js';
import type { CustomPolicy, PolicyVersion } from './state.js';
import { limitExceeded, permissionDocument, policyName, policyType, versionId } from './validate.js';

const ROTATE = 'DeleteOldestNonDefaultVersionWhenLimitExceeded';

function versionsOf(p: AnyPolicy): PolicyVersion[] {
  if (p.type === 'Custom') return p.policy.versions;
  const { document, createDate } = defaultDocument(p);
  return [{ versionId: p.policy.defaultVersion, document, createDate }];
}

function findVersion(policy: CustomPolicy | AnyPolicy, id: string): PolicyVersion {
  const versions = 'type' in policy ? versionsOf(policy) : policy.versions;
  const found = versions.find((v) => v.versionId === id);
  if (!found) throw new ApiError('EntityNotExist.Policy.Version', 404, `The policy version does not exist: ${id}.`);
  return found;
}

function makeRoom(world: World, policy: CustomPolicy, rotate: boolean): void {
  if (policy.versions.length < world.seed.options.quotas.versionsPerPolicy) return;
  if (!rotate) throw limitExceeded('LimitExceeded.Policy.Version', 'The maximum number of policy versions is exceeded.');
  const oldest = policy.versions.find((v) => v.versionId !== policy.defaultVersion);
  if (oldest) policy.versions = policy.versions.filter((v) => v !== oldest);
}

function createVersion(world: World, call: RamCall): Record<string, unknown> {
  const name = policyName(call.params);
  const { text } = permissionDocument(call.params);
  const setAsDefault = bool(call.params, 'SetAsDefault');
  const strategy = optional(call.params, 'RotateStrategy') ?? 'None';
  if (strategy !== 'None' && strategy !== ROTATE) throw invalid('InvalidParameter.RotateStrategy', `The parameter RotateStrategy must be None or ${ROTATE}.`);
  authorizeOnPolicy(call, name, 'Custom');
  const policy = findCustomPolicy(call, name);
  makeRoom(world, policy, strategy === ROTATE);
  const version: PolicyVersion = { versionId: `v${policy.nextVersion}`, document: text, createDate: call.ctx.now };
  policy.nextVersion += 1;
  policy.versions.push(version);
  if (setAsDefault) policy.defaultVersion = version.versionId;
  policy.updateDate = call.ctx.now;
  return { PolicyVersion: versionBody(version, policy.defaultVersion) };
}

export function versionActions(world: World): Record<string, ActionHandler> {
  return {
    CreatePolicyVersion: (ctx) => createVersion(world, ramCall(world, ctx)),
    GetPolicyVersion: (ctx) => {
      const call = ramCall(world, ctx);
      const name = policyName(call.params);
      const type = policyType(call.params);
      const id = versionId(call.params);
      authorizeOnPolicy(call, name, type);
      const found = findPolicy(call, name, type);
      return { PolicyVersion: versionBody(findVersion(found, id), found.policy.defaultVersion) };
    },
    ListPolicyVersions: (ctx) => {
      const call = ramCall(world, ctx);
      const name = policyName(call.params);
      const type = policyType(call.params);
      authorizeOnPolicy(call, name, type);
      const found = findPolicy(call, name, type);
      return { PolicyVersions: { PolicyVersion: versionsOf(found).map((v) => versionBody(v, found.policy.defaultVersion)) } };
    },
    DeletePolicyVersion: (ctx) => {
      const call = ramCall(world, ctx);
      const name = policyName(call.params);
      const id = versionId(call.params);
      authorizeOnPolicy(call, name, 'Custom');
      const policy = findCustomPolicy(call, name);
      const version = findVersion(policy, id);
      if (version.versionId === policy.defaultVersion) throw new ApiError('DeleteConflict.Policy.Version.Default', 409, 'The default policy version cannot be deleted.');
      policy.versions = policy.versions.filter((v) => v !== version);
      // Every version change moves the policy's UpdateDate (a documented choice: RAM does not say).
      policy.updateDate = ctx.now;
      return {};
    },
    SetDefaultPolicyVersion: (ctx) => {
      const call = ramCall(world, ctx);
      const name = policyName(call.params);
      const id = versionId(call.params);
      authorizeOnPolicy(call, name, 'Custom');
      const policy = findCustomPolicy(call, name);
      policy.defaultVersion = findVersion(policy, id).versionId;
      policy.updateDate = ctx.now;
      return {};
    },
  };
}
