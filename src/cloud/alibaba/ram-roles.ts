// RAM roles and their attachments.
import * as $Ram from '@alicloud/ram20150501';
import type { PolicyAttachment } from '../../model/desired.js';
import type { ObservedRole, ObservedRoleSummary } from '../../model/observed.js';
import type { CreateRoleInput, UpdateRoleInput } from '../provider.js';
import { tolerate } from './call.js';
import { roleResource, tagList, tagRecord, type AccountContext } from './context.js';
import { listTags } from './ram-tags.js';

const PAGE = 1000;

export async function listRoles(c: AccountContext): Promise<ObservedRoleSummary[]> {
  const out: ObservedRoleSummary[] = [];
  let marker: string | undefined;
  do {
    const req = new $Ram.ListRolesRequest({ maxItems: PAGE, ...(marker ? { marker } : {}) });
    const ctx = { service: 'ram' as const, action: 'ListRoles' };
    const body = (await c.run(ctx, () => c.ram().listRoles(req))).body;
    for (const r of body?.roles?.role ?? []) {
      c.checkArn(r.arn, ctx);
      out.push({
        roleName: r.roleName ?? '',
        arn: r.arn ?? '',
        description: r.description ?? '',
        maxSessionDuration: r.maxSessionDuration ?? 3600,
        tags: tagRecord(r.tags?.tag),
        ...(r.updateDate ? { updateDate: r.updateDate } : {}),
      });
    }
    marker = body?.isTruncated ? body.marker || undefined : undefined;
  } while (marker);
  return out;
}

export async function getRole(c: AccountContext, roleName: string, summary?: ObservedRoleSummary): Promise<ObservedRole | undefined> {
  const read = await readRoleAndAttachments(c, roleName);
  if (!read) return undefined;
  const { role, attached } = read;
  const tags = summary?.tags ?? (await listTags(c, 'role', roleName));
  return {
    roleName: role.roleName ?? roleName,
    arn: role.arn ?? '',
    description: role.description ?? '',
    maxSessionDuration: role.maxSessionDuration ?? 3600,
    tags,
    // GetRole's own date: read with the trust it dates, so it is never newer than what was read.
    ...(role.updateDate ? { updateDate: role.updateDate } : summary?.updateDate ? { updateDate: summary.updateDate } : {}),
    trustDocument: role.assumeRolePolicyDocument ?? '',
    attachedPolicies: attached,
  };
}

/**
 * GetRole and ListPoliciesForRole, the ARN cross-checked (pinning); undefined when the role does not
 * exist, or was deleted between the two calls (absent rather than half-read). Shared by the engine's
 * observation and doctor's read-only walk.
 */
export async function readRoleAndAttachments(c: AccountContext, roleName: string): Promise<{ role: $Ram.GetRoleResponseBodyRole; attached: PolicyAttachment[] } | undefined> {
  const resource = roleResource(c, roleName);
  const notFound = (code: string) => code === 'EntityNotExist.Role';
  const getCtx = { service: 'ram' as const, action: 'GetRole', resource };
  const got = await tolerate(c.run(getCtx, () => c.ram().getRole(new $Ram.GetRoleRequest({ roleName }))), notFound, undefined);
  const role = got?.body?.role;
  if (!role) return undefined;
  c.checkArn(role.arn, getCtx);
  const listed = await tolerate(
    c.run({ service: 'ram', action: 'ListPoliciesForRole', resource }, () => c.ram().listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName }))),
    notFound,
    undefined,
  );
  if (!listed) return undefined;
  const attached = (listed.body?.policies?.policy ?? []).map((p): PolicyAttachment => ({
    policyType: p.policyType === 'System' ? 'System' : 'Custom',
    policyName: p.policyName ?? '',
  }));
  return { role, attached };
}

export async function createRole(c: AccountContext, input: CreateRoleInput): Promise<void> {
  const req = new $Ram.CreateRoleRequest({
    roleName: input.roleName,
    assumeRolePolicyDocument: input.trustDocument,
    // RAM takes a Description of 1–1024 characters or none: an empty one is InvalidParameter.Description.Length.
    ...(input.description !== '' ? { description: input.description } : {}),
    maxSessionDuration: input.maxSessionDuration,
    tag: tagList(input.tags).map((t) => new $Ram.CreateRoleRequestTag(t)),
  });
  // EntityAlreadyExists.Role stays a CloudError (already-exists): the engine re-reads and compares.
  const ctx = { service: 'ram' as const, action: 'CreateRole', resource: roleResource(c, input.roleName) };
  const created = await c.run(ctx, () => c.ram().createRole(req));
  c.checkArn(created.body?.role?.arn, ctx);
}

export async function updateRole(c: AccountContext, input: UpdateRoleInput): Promise<void> {
  const req = new $Ram.UpdateRoleRequest({
    roleName: input.roleName,
    ...(input.trustDocument !== undefined ? { newAssumeRolePolicyDocument: input.trustDocument } : {}),
    ...(input.description !== undefined ? { newDescription: input.description } : {}),
    ...(input.maxSessionDuration !== undefined ? { newMaxSessionDuration: input.maxSessionDuration } : {}),
  });
  await c.run({ service: 'ram', action: 'UpdateRole', resource: roleResource(c, input.roleName) }, () => c.ram().updateRole(req));
}

/** Idempotent: a role that is already gone counts as deleted. */
export async function deleteRole(c: AccountContext, roleName: string): Promise<void> {
  await tolerate(
    c.run({ service: 'ram', action: 'DeleteRole', resource: roleResource(c, roleName) }, () => c.ram().deleteRole(new $Ram.DeleteRoleRequest({ roleName }))),
    (code) => code === 'EntityNotExist.Role',
    undefined,
  );
}

const attachment = (roleName: string, p: PolicyAttachment) => ({ roleName, policyName: p.policyName, policyType: p.policyType });

export async function attachPolicy(c: AccountContext, roleName: string, policy: PolicyAttachment): Promise<void> {
  const req = new $Ram.AttachPolicyToRoleRequest(attachment(roleName, policy));
  const resource = `${roleResource(c, roleName)} policy ${policy.policyType}/${policy.policyName}`;
  await tolerate(
    c.run({ service: 'ram', action: 'AttachPolicyToRole', resource }, () => c.ram().attachPolicyToRole(req)),
    (code) => code === 'EntityAlreadyExists.Role.Policy',
    undefined,
  );
}

const DETACHED = new Set(['EntityNotExist', 'EntityNotExist.Role', 'EntityNotExist.Policy', 'EntityNotExist.Role.Policy']);

export async function detachPolicy(c: AccountContext, roleName: string, policy: PolicyAttachment): Promise<void> {
  const req = new $Ram.DetachPolicyFromRoleRequest(attachment(roleName, policy));
  const resource = `${roleResource(c, roleName)} policy ${policy.policyType}/${policy.policyName}`;
  await tolerate(
    c.run({ service: 'ram', action: 'DetachPolicyFromRole', resource }, () => c.ram().detachPolicyFromRole(req)),
    (code) => DETACHED.has(code),
    undefined,
  );
}
