// RAM response shapes: PascalCase, wrapper objects, documents as JSON text in
// RAM's own serialisation (reserialise.ts).
import type { SeedTag } from '../seed-types.js';
import { ramSerialised } from './reserialise.js';
import { ramTime, type CustomPolicy, type PolicyVersion, type RoleState, type SystemPolicy } from './state.js';

export function tagsBody(tags: SeedTag[]): Record<string, unknown> {
  return { Tag: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) };
}

export function roleBody(role: RoleState, withUpdateDate = true): Record<string, unknown> {
  return {
    RoleId: role.roleId,
    RoleName: role.roleName,
    Arn: role.arn,
    Description: role.description,
    AssumeRolePolicyDocument: ramSerialised(role.trust),
    MaxSessionDuration: role.maxSessionDuration,
    CreateDate: ramTime(role.createDate),
    ...(withUpdateDate ? { UpdateDate: ramTime(role.updateDate) } : {}),
  };
}

export function roleListItem(role: RoleState): Record<string, unknown> {
  return {
    RoleId: role.roleId,
    RoleName: role.roleName,
    Arn: role.arn,
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    CreateDate: ramTime(role.createDate),
    UpdateDate: ramTime(role.updateDate),
    Tags: tagsBody(role.tags),
  };
}

export type AnyPolicy = { type: 'Custom'; policy: CustomPolicy } | { type: 'System'; policy: SystemPolicy };

export function policySummary(p: AnyPolicy): Record<string, unknown> {
  return {
    PolicyName: p.policy.policyName,
    PolicyType: p.type,
    Description: p.policy.description,
    DefaultVersion: p.policy.defaultVersion,
    CreateDate: ramTime(p.policy.createDate),
    UpdateDate: ramTime(p.policy.updateDate),
  };
}

export function defaultDocument(p: AnyPolicy): { document: string; createDate: number } {
  if (p.type === 'System') return { document: p.policy.document, createDate: p.policy.createDate };
  const version = p.policy.versions.find((v) => v.versionId === p.policy.defaultVersion) as PolicyVersion;
  return { document: version.document, createDate: version.createDate };
}

export function versionBody(version: PolicyVersion, defaultVersion: string): Record<string, unknown> {
  return {
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === defaultVersion,
    PolicyDocument: ramSerialised(version.document),
    CreateDate: ramTime(version.createDate),
  };
}
