// RAM state of one account. Documents are kept verbatim (§10 #4); times are emulated ms.
import type { SeedAccessKey, SeedTag } from '../seed-types.js';

export type PolicyType = 'System' | 'Custom';

export interface Attachment {
  policyName: string;
  policyType: PolicyType;
  attachDate: number;
}

export interface RoleState {
  /** Creation order; list markers point at it, so deletions between pages never skip an item. */
  seq: number;
  roleId: string;
  roleName: string;
  arn: string;
  description: string;
  trust: string;
  maxSessionDuration: number;
  createDate: number;
  updateDate: number;
  tags: SeedTag[];
  attachments: Attachment[];
}

export interface PolicyVersion {
  versionId: string;
  document: string;
  createDate: number;
}

export interface CustomPolicy {
  seq: number;
  policyName: string;
  description: string;
  createDate: number;
  updateDate: number;
  defaultVersion: string;
  /** Ascending by creation. */
  versions: PolicyVersion[];
  /** Version numbers are never reused (§10 #9). */
  nextVersion: number;
  tags: SeedTag[];
}

export interface SystemPolicy {
  seq: number;
  policyName: string;
  description: string;
  document: string;
  defaultVersion: string;
  createDate: number;
  updateDate: number;
}

export interface UserState {
  userName: string;
  userId: string;
  accessKeys: SeedAccessKey[];
  attachments: Attachment[];
  createDate: number;
}

export interface RamAccount {
  accountId: string;
  rootAccessKeys: SeedAccessKey[];
  users: Map<string, UserState>;
  roles: Map<string, RoleState>;
  policies: Map<string, CustomPolicy>;
}

/** Exact-case lookup, case-insensitive uniqueness (§10 #1): the clash, if any, for a new name. */
export function caseClash<T>(map: Map<string, T>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const key of map.keys()) if (key.toLowerCase() === lower) return key;
  return undefined;
}

export function roleArnOf(accountId: string, roleName: string): string {
  return `acs:ram::${accountId}:role/${roleName}`;
}

export function ramResource(accountId: string, kind: 'role' | 'policy' | 'user', name: string): string {
  return `acs:ram:*:${accountId}:${kind}/${name}`;
}

/** RAM wire timestamps: `2015-01-23T12:33:18Z`. */
export function ramTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
