// The typed seed: the emulator's starting world (src/emulator/README.md, "Seed"). Parsing and validation
// live in seed.ts; these types are what RAM, STS and the ECI helper read.
import type { PolicyDocument } from '../policy/document.js';

export interface SeedAccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** A disabled key answers InvalidAccessKeyId.Inactive. Default Active. */
  status?: 'Active' | 'Inactive';
}

export interface SeedTag {
  key: string;
  value: string;
}

/** A policy attachment by name. Without a type, a system policy of that name wins, else the custom one. */
export interface SeedPolicyRef {
  policyName: string;
  policyType?: 'System' | 'Custom';
}

export interface SeedUser {
  name: string;
  accessKeys: SeedAccessKey[];
  policies: SeedPolicyRef[];
}

export interface SeedRole {
  roleName: string;
  /** Trust policy, verbatim text as RAM would store it. */
  trust: string;
  description: string;
  maxSessionDuration: number;
  policies: SeedPolicyRef[];
  tags: SeedTag[];
}

export interface SeedPolicy {
  policyName: string;
  /** Verbatim document text. */
  document: string;
  description: string;
  tags: SeedTag[];
}

export type ImageCacheStatus = 'Preparing' | 'Creating' | 'Ready' | 'Failed' | 'Updating' | 'UpdateFailed';

export interface SeedImageCache {
  regionId: string;
  imageCacheName: string;
  /** Fixed ID when the seed wants one (e.g. for docs); otherwise the ECI module assigns one. */
  imageCacheId?: string;
  images: string[];
  tags: SeedTag[];
  /** Default `Ready`. */
  status: ImageCacheStatus;
  imageCacheSize?: number;
}

export interface SeedRepository {
  /** `<namespace>/<repo>` */
  name: string;
  tags: string[];
  /** Optional image size, for "does not fit in ImageCacheSize" failures. */
  sizeGiB?: number;
}

export type RegistryEdition = 'Enterprise' | 'Personal';

export interface SeedRegistry {
  edition: RegistryEdition;
  /** `cri-…`; Enterprise only. */
  instanceId?: string;
  /** Enterprise only; default domain `<instanceName>-registry.<region>.cr.aliyuncs.com` (and `-vpc`). */
  instanceName?: string;
  regionId: string;
  customDomains: string[];
  /** Personal only: namespaces under `registry.<region>.aliyuncs.com`. */
  namespaces: string[];
  repositories: SeedRepository[];
}

/**
 * An OIDC identity provider registered in RAM (what ACK's RRSA registers per cluster). Its ARN is
 * acs:ram::<accountId>:oidc-provider/<name>; AssumeRoleWithOIDC verifies tokens against `jwks`.
 */
export interface SeedOidcProvider {
  name: string;
  /** Must equal the tokens' `iss`. */
  issuerUrl: string;
  /** Accepted `aud` values. */
  clientIds: string[];
  /** The issuer's public keys (RFC 7517 JWK Set), e.g. the cluster's service-account signing key. */
  jwks: { keys: Record<string, unknown>[] };
}

export interface SeedAccount {
  accountId: string;
  oidcProviders: SeedOidcProvider[];
  rootAccessKeys: SeedAccessKey[];
  users: SeedUser[];
  roles: SeedRole[];
  policies: SeedPolicy[];
  imageCaches: SeedImageCache[];
  network: { natVSwitchIds: string[] };
  registries: SeedRegistry[];
}

export interface SeedPublicImage {
  /** e.g. `docker.io/library/nginx:1.27` */
  image: string;
  sizeGiB?: number;
}

/** Emulated milliseconds. Unknown `…Ms` keys are kept for modules that define their own. */
export interface SeedTiming {
  imageCachePreparingMs: number;
  imageCacheCreatingMs: number;
  imageCacheUpdatingMs: number;
  [key: string]: number;
}

/** Knobs for behaviour the reference marks unconfirmed. */
export interface SeedOptions {
  /** §10 #16: `ram` → acs:ram::<uid>:role/<r>/<s>; `sts` → acs:sts::<uid>:assumed-role/<r>/<s>. */
  assumedRoleArnFormat: 'ram' | 'sts';
  /** Allowed distance of x-acs-date / Timestamp from the wall clock. */
  maxClockSkewMs: number;
  /** RAM quotas; small values let tests reach the limits cheaply. */
  quotas: RamQuotas;
  /**
   * When set, every STS session (AssumeRole, AssumeRoleWithOIDC) expires this many seconds after
   * issue, whatever DurationSeconds asked (which is still validated from 900). Lets tests watch a
   * client outlive several sessions; real STS never issues sessions under 900 s.
   */
  sessionLifetimeSeconds?: number;
}

export interface RamQuotas {
  roles: number;
  customPolicies: number;
  systemPoliciesPerRole: number;
  customPoliciesPerRole: number;
  versionsPerPolicy: number;
  tagsPerResource: number;
}

export interface Seed {
  accounts: SeedAccount[];
  publicImages: SeedPublicImage[];
  timing: SeedTiming;
  options: SeedOptions;
  /** Same shape as PUT /_emulator/faults; handed to the fault controller unparsed. */
  faults?: unknown;
}

export type { PolicyDocument };
