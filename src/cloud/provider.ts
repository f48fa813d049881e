// The one interface between the engine and a cloud. The Alibaba adapter implements it over the
// official SDK clients; the engine never sees an SDK type. Every method throws CloudError.
import type { ImageCacheSpec, PolicyAttachment } from '../model/desired.js';
import type { ErrorClass } from '../model/errors.js';
import type { ObservedImageCache, ObservedPolicy, ObservedPolicySummary, ObservedRole, ObservedRoleSummary, Tags } from '../model/observed.js';

export type { ErrorClass };

/** A failed cloud call, already classified and redacted: safe to log and print as is. */
export class CloudError extends Error {
  override name = 'CloudError';
  constructor(
    message: string,
    readonly details: {
      classification: ErrorClass;
      /** Alibaba `Code`, or a transport code such as ECONNRESET / RequestTimeout. */
      code: string;
      statusCode?: number;
      requestId?: string;
      service?: 'ram' | 'sts' | 'eci' | 'cr';
      action?: string;
      /** e.g. `role acs:ram::1000…:role/role-assume` */
      resource?: string;
      /** Milliseconds from x-acs-retry-after, when the server sent one. */
      retryAfterMs?: number;
    },
  ) {
    super(message);
  }
}

export interface CreateRoleInput {
  roleName: string;
  trustDocument: string;
  description: string;
  maxSessionDuration: number;
  tags: Tags;
}

export interface UpdateRoleInput {
  roleName: string;
  trustDocument?: string;
  description?: string;
  maxSessionDuration?: number;
}

export interface CreateImageCacheInput extends ImageCacheSpec {
  /** Deterministic, derived from the desired state, ≤ 64 ASCII chars. */
  clientToken: string;
}

export interface UpdateImageCacheInput {
  regionId: string;
  imageCacheId: string;
  /** Sent unchanged when given: older UpdateImageCache pages mark it required, the newest SDK does not. */
  imageCacheName?: string;
  images?: string[];
  imageCacheSize?: number;
  retentionDays?: number;
  tags?: Tags;
  /** Instance fields only (InstanceId, InstanceName, RegionId, Domain): ArnService/ArnUser cannot be updated. */
  acrRegistryInfo?: import('../model/desired.js').AcrRegistryInfo[];
  clientToken?: string;
}

export interface ReadOptions {
  /** One attempt, no adapter retries: for a caller that polls anyway and must notice a dead endpoint at once (--wait). */
  singleAttempt?: boolean;
}

/** RAM and STS of one account, ECI of one account in any region. */
export interface AccountCloud {
  readonly accountName: string;
  /**
   * The same object for every priority view of one account (withPriority): what the incremental
   * observer's memory compares, so a background resync may use what a foreground pass read.
   */
  readonly identity?: object;
  /** `scheme://host[:port]` this account's calls to a service (in a region, for ECI) go to: for messages. */
  endpointOf(service: 'ram' | 'sts' | 'eci', regionId: string): string;
  /** STS GetCallerIdentity: the account the credentials resolve to. */
  callerAccountId(): Promise<string>;

  listRoles(): Promise<ObservedRoleSummary[]>;
  /** GetRole + ListPoliciesForRole; undefined when the role does not exist. */
  getRole(roleName: string, summary?: ObservedRoleSummary): Promise<ObservedRole | undefined>;
  createRole(input: CreateRoleInput): Promise<void>;
  updateRole(input: UpdateRoleInput): Promise<void>;
  deleteRole(roleName: string): Promise<void>;
  attachPolicy(roleName: string, policy: PolicyAttachment): Promise<void>;
  detachPolicy(roleName: string, policy: PolicyAttachment): Promise<void>;

  listCustomPolicies(): Promise<ObservedPolicySummary[]>;
  /** ListPolicies(System): only their DefaultVersion, UpdateDate and AttachmentCount matter (incremental observation). */
  listSystemPolicies(): Promise<ObservedPolicySummary[]>;
  /** ListEntitiesForPolicy: names of the roles the policy is attached to; undefined when the policy does not exist. */
  rolesOfPolicy(policy: PolicyAttachment): Promise<string[] | undefined>;
  /** ListPolicyVersions (all versions with documents); undefined when the policy does not exist. */
  getPolicy(policyName: string, summary?: ObservedPolicySummary): Promise<ObservedPolicy | undefined>;
  createPolicy(input: { policyName: string; document: string; description: string; tags: Tags }): Promise<void>;
  /** The new version becomes the default unless `options.setAsDefault` is false. */
  createPolicyVersion(policyName: string, document: string, options?: { setAsDefault?: boolean }): Promise<{ versionId: string }>;
  deletePolicyVersion(policyName: string, versionId: string): Promise<void>;
  setDefaultPolicyVersion(policyName: string, versionId: string): Promise<void>;
  deletePolicy(policyName: string): Promise<void>;

  tagResources(resourceType: 'role' | 'policy', names: string[], tags: Tags): Promise<void>;
  untagResources(resourceType: 'role' | 'policy', names: string[], keys: string[]): Promise<void>;

  /** DescribeImageCaches filtered by tags (all pages). */
  listImageCaches(regionId: string, tagFilter: Tags, read?: ReadOptions): Promise<ObservedImageCache[]>;
  getImageCache(regionId: string, imageCacheId: string, read?: ReadOptions): Promise<ObservedImageCache | undefined>;
  createImageCache(input: CreateImageCacheInput): Promise<{ imageCacheId: string }>;
  updateImageCache(input: UpdateImageCacheInput): Promise<void>;
  deleteImageCache(regionId: string, imageCacheId: string): Promise<void>;
}

export interface CloudProvider {
  /** The account-scoped client for an Account manifest (credentials resolved lazily). */
  account(accountName: string): AccountCloud;
  /**
   * The account's Container Registry, read-only (same credentials, limits and retries). Optional:
   * a provider without it (test fakes) means "no registry facts", and callers fall back to the manifests.
   */
  registry?(accountName: string): import('./registry.js').RegistryCatalog;
}
