// Manifests as the user wrote them (after the schema check passed), before defaults and references
// are resolved. Field names are the user's contract (schemas/*.schema.json and src/manifests/README.md).
import type { AcrEdition } from '../model/acr-pull.js';

/** minimal: least privilege; documented: the ECI guide's own example; full: AliyunContainerRegistryFullAccess. */
export type PullPolicyChoice = 'minimal' | 'documented' | 'full';
import type { DeletionPolicy, ManifestKind } from '../model/desired.js';
import type { PolicyDocument } from '../policy/document.js';
import type { SourceDocument } from './source.js';

export interface AccountSpec {
  accountId: string;
  ownerId?: string;
  regionId: string;
  credentials?: {
    source: 'default' | 'env' | 'profile' | 'assumeRole' | 'oidc';
    accessKeyIdEnv?: string;
    accessKeySecretEnv?: string;
    securityTokenEnv?: string;
    profile?: string;
    roleArn?: string;
    via?: string;
    sessionName?: string;
    externalId?: string;
    oidcProviderArn?: string;
    tokenFile?: string;
  };
  endpoints?: { ram?: string; sts?: string; eci?: string; cr?: string };
  rateLimits?: { ram?: number; sts?: number; eci?: number; cr?: number };
  backgroundQuotaShare?: string;
  allowCustomEndpoints?: boolean;
}

export type RoleRefOrArn = { roleRef: string; arn?: undefined } | { arn: string; roleRef?: undefined };

export interface RamRoleSpec {
  account: string;
  roleName?: string;
  description?: string;
  maxSessionDuration?: number;
  trust: { services?: string[]; principals?: RoleRefOrArn[]; document?: PolicyDocument };
  policies?: ({ system: string; policyRef?: undefined } | { policyRef: string; system?: undefined })[];
  adopt?: boolean;
  deletionPolicy?: DeletionPolicy;
}

export interface RamPolicySpec {
  account: string;
  policyName?: string;
  description?: string;
  document: PolicyDocument;
  adopt?: boolean;
  deletionPolicy?: DeletionPolicy;
}

export interface RegistryInfoSpec {
  instanceId?: string;
  instanceName?: string;
  regionId?: string;
  domains?: string[];
  arnService?: RoleRefOrArn;
  arnUser?: RoleRefOrArn;
}

export interface ImageCacheSpec {
  account: string;
  regionId?: string;
  imageCacheName?: string;
  images: string[];
  vSwitchId: string;
  securityGroupId: string;
  eipInstanceId?: string;
  imageCacheSize?: number;
  retentionDays?: number;
  tags?: Record<string, string>;
  acrPullAccess?: string;
  acrRegistryInfo?: RegistryInfoSpec[];
  deletionPolicy?: DeletionPolicy;
}

export interface AcrPullAccessSpec {
  eciAccount: string;
  registry: {
    account: string;
    edition: AcrEdition;
    instanceId?: string;
    instanceName?: string;
    regionId?: string;
    customDomains?: string[];
    namespaces?: string[];
  };
  restrictToInstance?: boolean;
  pullPolicy?: PullPolicyChoice;
  roleNames?: { service?: string; user?: string };
}

export interface SpecByKind {
  Account: AccountSpec;
  RamRole: RamRoleSpec;
  RamPolicy: RamPolicySpec;
  ImageCache: ImageCacheSpec;
  AcrPullAccess: AcrPullAccessSpec;
}

/** One document that passed the schema check. */
export interface Manifest<K extends ManifestKind = ManifestKind> {
  kind: K;
  name: string;
  spec: SpecByKind[K];
  sd: SourceDocument;
}

/** Every valid manifest by kind, first occurrence of each name only. */
export type ManifestSet = { [K in ManifestKind]: Map<string, Manifest<K>> };
