// What doctor reads and what it answers. The walk (walk.ts) is pure logic over these ports, so it
// is tested without a network; the CLI backs the ports with the cloud adapters (facts.ts).
import type { PolicyDocument } from '../policy/document.js';

/** One AcrRegistryInfo entry, as CreateImageCache / CreateContainerGroup take it. */
export interface RegistryInfo {
  instanceId?: string;
  regionId?: string;
  domains: string[];
  arnService?: string;
  arnUser?: string;
}

/** "Could ECI in this account and region pull this image with these entries?" */
export interface DoctorRequest {
  image: string;
  eciAccountId: string;
  regionId: string;
  entries: RegistryInfo[];
}

/** A read that could not be made (no credentials for the account, NoPermission, …): the walk stops there. */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface RoleFacts {
  arn: string;
  /** Parsed trust policy; undefined when RAM returned text that is not a policy document. */
  trust: PolicyDocument | undefined;
  /** Attached policies with their default versions' documents (unparsable ones grant nothing). */
  policies: AttachedPolicy[];
}

export interface AttachedPolicy {
  policyName: string;
  policyType: 'System' | 'Custom';
  document: PolicyDocument | undefined;
}

/** RAM of one account, read-only. `undefined` value: the role does not exist. */
export interface RamFacts {
  role(roleName: string): Promise<Read<RoleFacts | undefined>>;
}

export type Edition = 'Enterprise' | 'Personal';

/** The registry an image's host names, as ACR describes it. */
export interface RegistryFact {
  accountId: string;
  edition: Edition;
  regionId: string;
  /** Enterprise only. */
  instanceId?: string;
  instanceName?: string;
  domainKind: 'personal' | 'default' | 'custom';
}

/** ACR of one account, read-only. */
export interface AcrFacts {
  /** The Enterprise instance called `instanceName` in `regionId`. */
  instanceByName(regionId: string, instanceName: string): Promise<Read<RegistryFact | undefined>>;
  /** The Enterprise instance, in one of `regionIds`, one of whose custom domains is `host`. */
  instanceByDomain(host: string, regionIds: readonly string[]): Promise<Read<RegistryFact | undefined>>;
  /** The Personal Edition registry whose namespace `namespace` in `regionId` is this account's. */
  personalNamespace(regionId: string, namespace: string): Promise<Read<RegistryFact | undefined>>;
  /** The repository's tags (Enterprise or Personal); undefined when the repository does not exist. */
  repositoryTags(registry: RegistryFact, namespace: string, repository: string): Promise<Read<string[] | undefined>>;
}

/** Where the walk reads; an account doctor has no credentials for answers `undefined`. */
export interface DoctorFacts {
  ram(accountId: string): RamFacts | undefined;
  acr(accountId: string): AcrFacts | undefined;
  /** Accounts whose registries may serve an image, in the order to look (ArnUser's, then ECI's, then others). */
  registryAccounts(request: DoctorRequest): string[];
  /** Regions to look for a custom domain's instance in, besides the request's own and its entries'. */
  knownRegions(): string[];
}

/**
 * The links of the chain, in the order ECI meets them. The names are doctor's own; the property
 * test maps them to the emulator's vocabulary.
 */
export const LINKS = [
  'image',
  'registry',
  'instance-id',
  'region',
  'registry-info',
  'service-role',
  'service-trust',
  'assume-permission',
  'user-role',
  'user-trust',
  'pull-permission',
  'repository',
  'tag',
] as const;
export type LinkName = (typeof LINKS)[number];

export type LinkStatus = 'ok' | 'broken' | 'unreadable' | 'warning';

export interface LinkResult {
  link: LinkName;
  status: LinkStatus;
  /** What was read or decided, e.g. the role ARN and the statement that allows. */
  detail: string;
}

export type Verdict = 'pullable' | 'not-pullable' | 'unreadable' | 'not-acr';

export interface ImageDiagnosis {
  image: string;
  verdict: Verdict;
  /** Enterprise/Personal, default/custom domain, account, region, when the registry was found. */
  registry?: RegistryFact;
  sameAccount?: boolean;
  /** The AcrRegistryInfo entry that applies, when one does. */
  entry?: RegistryInfo;
  links: LinkResult[];
  /** The first link with status broken or unreadable. */
  firstBroken?: LinkName;
}
