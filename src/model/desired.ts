// The desired state after load → validate → expand → resolve: every reference is an ARN or an
// account id, every default applied. The manifests stage produces it; plan and engine consume it.
import type { PolicyDocument } from '../policy/document.js';

export type ManifestKind = 'Account' | 'RamRole' | 'RamPolicy' | 'ImageCache' | 'AcrPullAccess';
export type DeletionPolicy = 'Delete' | 'Retain';

/** Which manifest a desired object comes from; expanded objects name their AcrPullAccess. */
export interface Origin {
  kind: ManifestKind;
  name: string;
  file?: string;
  line?: number;
  /** The manifest is annotated `eci-acr-reconciler/suspend: "true"`: observed and reported, never written. */
  suspended?: true;
}

export type CredentialSource =
  | { source: 'default' }
  | { source: 'env'; accessKeyIdEnv: string; accessKeySecretEnv: string; securityTokenEnv?: string }
  | { source: 'profile'; profile: string }
  | { source: 'assumeRole'; roleArn: string; via: string; sessionName: string; externalId?: string }
  /** AssumeRoleWithOIDC with the token in tokenFile (RRSA's exchange, named explicitly). */
  | { source: 'oidc'; roleArn: string; oidcProviderArn: string; tokenFile: string; sessionName: string };

export interface DesiredAccount {
  /** metadata.name of the Account manifest. */
  name: string;
  accountId: string;
  /** The manifest set's identity in this account, written as the owner tag: `spec.ownerId`, else `name`. */
  ownerId: string;
  regionId: string;
  credentials: CredentialSource;
  endpoints: { ram?: string; sts?: string; eci?: string; cr?: string };
  /** Calls per second per service, replacing the client's defaults for this account. */
  rateLimits?: { ram?: number; sts?: number; eci?: number; cr?: number };
  /** The share (0–1] of each rate background reads may use, replacing --background-quota-share. */
  backgroundShare?: number;
  origin: Origin;
}

export interface PolicyAttachment {
  policyType: 'System' | 'Custom';
  policyName: string;
}

export interface DesiredRole {
  account: string;
  accountId: string;
  roleName: string;
  description: string;
  maxSessionDuration: number;
  trust: PolicyDocument;
  /** Authoritative: the role ends up with exactly these. */
  policies: PolicyAttachment[];
  adopt: boolean;
  deletionPolicy: DeletionPolicy;
  origin: Origin;
}

export interface DesiredPolicy {
  account: string;
  accountId: string;
  policyName: string;
  description: string;
  document: PolicyDocument;
  adopt: boolean;
  deletionPolicy: DeletionPolicy;
  origin: Origin;
}

/** One `AcrRegistryInfo.N` entry, ARNs resolved. */
export interface AcrRegistryInfo {
  instanceId?: string;
  instanceName?: string;
  regionId?: string;
  domains?: string[];
  arnService?: string;
  arnUser?: string;
}

/** What CreateImageCache is given: the plan's create step and the cloud adapter's input share it. */
export interface ImageCacheSpec {
  regionId: string;
  imageCacheName: string;
  images: string[];
  vSwitchId: string;
  securityGroupId: string;
  eipInstanceId?: string;
  imageCacheSize: number;
  retentionDays?: number;
  tags: Record<string, string>;
  acrRegistryInfo: AcrRegistryInfo[];
}

export interface DesiredImageCache extends ImageCacheSpec {
  account: string;
  accountId: string;
  deletionPolicy: DeletionPolicy;
  origin: Origin;
}

export interface DesiredState {
  accounts: DesiredAccount[];
  roles: DesiredRole[];
  policies: DesiredPolicy[];
  imageCaches: DesiredImageCache[];
}

export const roleArn = (accountId: string, roleName: string): string => `acs:ram::${accountId}:role/${roleName}`;
export const accountRootArn = (accountId: string): string => `acs:ram::${accountId}:root`;
