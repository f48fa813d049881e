// Live state as the cloud adapters report it. Documents stay raw JSON strings here: the diff
// parses and normalises them, because RAM may return them reformatted.
import type { PolicyAttachment } from './desired.js';

export type Tags = Record<string, string>;

export interface ObservedRoleSummary {
  roleName: string;
  arn: string;
  description: string;
  maxSessionDuration: number;
  tags: Tags;
  /** RAM's `UpdateDate` (whole seconds): the incremental observer's sign that the trust may have moved. */
  updateDate?: string;
}

export interface ObservedRole extends ObservedRoleSummary {
  /** AssumeRolePolicyDocument exactly as returned. */
  trustDocument: string;
  attachedPolicies: PolicyAttachment[];
}

export interface ObservedPolicySummary {
  policyName: string;
  description: string;
  defaultVersion: string;
  tags: Tags;
  /** From ListPolicies/GetPolicy: the incremental observer compares them between passes. */
  updateDate?: string;
  /** Attachments to users, roles and groups of this account. */
  attachmentCount?: number;
}

export interface ObservedPolicyVersion {
  versionId: string;
  isDefault: boolean;
  createDate: string;
  document: string;
}

export interface ObservedPolicy extends ObservedPolicySummary {
  versions: ObservedPolicyVersion[];
}

export type ImageCacheStatus = 'Preparing' | 'Creating' | 'Ready' | 'Failed' | 'Updating' | 'UpdateFailed' | (string & {});

export interface ObservedImageCacheEvent {
  type: string;
  reason: string;
  message: string;
}

export interface ObservedImageCache {
  regionId: string;
  imageCacheId: string;
  imageCacheName: string;
  status: ImageCacheStatus;
  images: string[];
  imageCacheSize: number;
  progress?: string;
  expireDateTime?: string;
  tags: Tags;
  events: ObservedImageCacheEvent[];
}
