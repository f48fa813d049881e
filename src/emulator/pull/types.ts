// Inputs and outputs of the pull model: "could ECI pull this image, for this account, with these
// AcrRegistryInfo entries?" Pure data, so the decision can be unit-tested without a server.
import type { PolicyDocument } from '../../policy/document.js';
import type { RamReader } from '../contracts.js';
import type { SeedPublicImage, SeedRegistry } from '../seed-types.js';

export interface AcrRegistryInfo {
  instanceId?: string;
  instanceName?: string;
  regionId?: string;
  domains: string[];
  arnService?: string;
  arnUser?: string;
}

export interface PullRequest {
  image: string;
  /** The account that owns the cache or container group (account A). */
  accountId: string;
  regionId: string;
  acrRegistryInfo: AcrRegistryInfo[];
  eipInstanceId?: string;
  vSwitchIds: string[];
}

export interface OwnedRegistry {
  accountId: string;
  registry: SeedRegistry;
}

/** Identity and trust policy checks, answered by src/policy (see policy-port.ts). */
export interface PullPolicy {
  /** Identity-policy decision for `action` on `resource`: an explicit Deny wins over any Allow. */
  evaluate(docs: PolicyDocument[], action: string, resource: string): 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  trustsService(trust: PolicyDocument, service: string): boolean;
  /** Whether a session of role `roleArn` (account `accountId`) may assume a role with this trust. */
  trustsRole(trust: PolicyDocument, roleArn: string, accountId: string): boolean;
}

export interface PullWorld {
  ram: RamReader;
  registries: readonly OwnedRegistry[];
  publicImages: readonly SeedPublicImage[];
  natVSwitchIds(accountId: string): readonly string[];
  policy: PullPolicy;
}

/** Which part of the chain broke: a closed vocabulary, so callers and tests need not parse messages. */
export type PullLink =
  | 'image-reference'
  | 'registry'
  | 'instance-id'
  | 'region'
  | 'acr-registry-info'
  | 'arn-service'
  | 'service-trust'
  | 'assume-permission'
  | 'arn-user'
  | 'role-trust'
  | 'pull-permission'
  | 'repository'
  | 'tag'
  | 'public-image'
  | 'network';

/** How the pull was authorised. */
export type PullVia = 'service-linked-role' | 'arn-service' | 'cross-account' | 'public';

export type PullDecision =
  | { ok: true; via: PullVia; sizeGiB: number }
  | { ok: false; link: PullLink; message: string };

/** Images without a seeded size count as 1 GiB, so twenty of them fill the default 20 GiB cache. */
export const DEFAULT_IMAGE_SIZE_GIB = 1;
