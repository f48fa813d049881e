// The decision table of the README's three cases as a pure function:
// facts about one AcrPullAccess in, the RAM objects and the AcrRegistryInfo they imply out.
import { documentedPullStatements, minimalPullStatements, type AcrEdition } from '../model/acr-pull.js';
import { roleArn, type AcrRegistryInfo, type DesiredPolicy, type DesiredRole, type Origin, type PolicyAttachment } from '../model/desired.js';
import { ECI_SERVICE_PRINCIPAL, type PolicyDocument } from '../policy/document.js';
import type { PullPolicyChoice } from './types.js';

export const STS_ASSUME_ROLE_POLICY = 'AliyunSTSAssumeRoleAccess';
export const ACR_FULL_ACCESS_POLICY = 'AliyunContainerRegistryFullAccess';

export interface AccountFacts {
  /** metadata.name of the Account manifest. */
  account: string;
  accountId: string;
  regionId: string;
}

export interface AcrPullFacts {
  name: string;
  origin: Origin;
  eci: AccountFacts;
  /** regionId here is the instance's region. */
  registry: AccountFacts & { edition: AcrEdition; instanceId?: string; instanceName?: string; customDomains: string[]; namespaces?: string[] };
  restrictToInstance: boolean;
  pullPolicy: PullPolicyChoice;
  names: { serviceRole: string; userRole: string; policy: string };
}

/** A: same account, Personal or default domain · B: same account, custom domain · C: cross account. */
export type AcrPullCase = 'same-account-default-domain' | 'same-account-custom-domain' | 'cross-account';

export interface AcrPullExpansion {
  case: AcrPullCase;
  roles: DesiredRole[];
  policies: DesiredPolicy[];
  /** What ECI in `facts.eci.regionId` must pass; undefined when nothing is needed (case A unrestricted). */
  registryInfo: AcrRegistryInfo | undefined;
}

export function classify(f: AcrPullFacts): AcrPullCase {
  if (f.eci.accountId !== f.registry.accountId) return 'cross-account';
  return usesCustomDomain(f) ? 'same-account-custom-domain' : 'same-account-default-domain';
}

const usesCustomDomain = (f: AcrPullFacts): boolean => f.registry.edition === 'Enterprise' && f.registry.customDomains.length > 0;

export function expandAcrPull(f: AcrPullFacts): AcrPullExpansion {
  const kase = classify(f);
  const expansion = objectsFor(kase, f);
  return { case: kase, ...expansion, registryInfo: registryInfoFor(f, f.eci.regionId) };
}

function objectsFor(kase: AcrPullCase, f: AcrPullFacts): Pick<AcrPullExpansion, 'roles' | 'policies'> {
  if (kase === 'same-account-custom-domain') return { roles: [], policies: [] };
  if (kase === 'same-account-default-domain') {
    if (!f.restrictToInstance) return { roles: [], policies: [] };
    const pull = pullGrant(f, f.eci);
    return { roles: [role(f, f.eci, f.names.serviceRole, trustService(), pull.attachments, 'ECI pulls from one ACR instance')], policies: pull.policies };
  }
  const pull = pullGrant(f, f.registry);
  const service = role(f, f.eci, f.names.serviceRole, trustService(), [system(STS_ASSUME_ROLE_POLICY)], 'ECI assumes this to reach the registry account');
  const user = role(f, f.registry, f.names.userRole, trustRole(roleArn(f.eci.accountId, f.names.serviceRole)), pull.attachments, 'Pull rights for ECI in another account');
  return { roles: [service, user], policies: pull.policies };
}

/**
 * The AcrRegistryInfo entry for ECI resources in `eciRegionId` (an ImageCache may sit in another
 * region than its account's default). InstanceId is passed whenever the instance is Enterprise and an
 * entry is needed at all (§10 #29); Domain only for custom domains across accounts.
 */
export function registryInfoFor(f: AcrPullFacts, eciRegionId: string): AcrRegistryInfo | undefined {
  const kase = classify(f);
  if (kase === 'same-account-default-domain' && !f.restrictToInstance) return undefined;
  const info: AcrRegistryInfo = {};
  if (kase !== 'same-account-custom-domain') info.arnService = roleArn(f.eci.accountId, f.names.serviceRole);
  if (kase === 'cross-account') info.arnUser = roleArn(f.registry.accountId, f.names.userRole);
  if (f.registry.edition === 'Enterprise' && f.registry.instanceId) info.instanceId = f.registry.instanceId;
  if (f.registry.regionId !== eciRegionId) info.regionId = f.registry.regionId;
  if (kase === 'cross-account' && usesCustomDomain(f)) info.domains = [...f.registry.customDomains];
  return info;
}

function pullGrant(f: AcrPullFacts, owner: AccountFacts): { attachments: PolicyAttachment[]; policies: DesiredPolicy[] } {
  if (f.pullPolicy === 'full') return { attachments: [system(ACR_FULL_ACCESS_POLICY)], policies: [] };
  const { edition, accountId, regionId, instanceId, namespaces } = f.registry;
  const scope = { edition, accountId, regionId, ...(instanceId ? { instanceId } : {}), ...(namespaces ? { namespaces } : {}) };
  const statements = f.pullPolicy === 'documented' ? documentedPullStatements(scope) : minimalPullStatements(scope);
  const document: PolicyDocument = { Version: '1', Statement: statements };
  const policy: DesiredPolicy = {
    account: owner.account,
    accountId: owner.accountId,
    policyName: f.names.policy,
    description: `Pull-only access to ${scopeText(f)} (AcrPullAccess ${f.name})`,
    document,
    adopt: false,
    deletionPolicy: 'Delete',
    origin: f.origin,
  };
  return { attachments: [{ policyType: 'Custom', policyName: f.names.policy }], policies: [policy] };
}

function scopeText(f: AcrPullFacts): string {
  const r = f.registry;
  return r.edition === 'Enterprise' && r.instanceId ? `ACR instance ${r.instanceId} in ${r.regionId}` : `ACR Personal Edition in ${r.regionId}`;
}

function role(f: AcrPullFacts, owner: AccountFacts, roleName: string, trust: PolicyDocument, policies: PolicyAttachment[], purpose: string): DesiredRole {
  return {
    account: owner.account,
    accountId: owner.accountId,
    roleName,
    description: `${purpose} (AcrPullAccess ${f.name})`,
    maxSessionDuration: 3600,
    trust,
    policies,
    adopt: false,
    deletionPolicy: 'Delete',
    origin: f.origin,
  };
}

const system = (policyName: string): PolicyAttachment => ({ policyType: 'System', policyName });

export const trustService = (service = ECI_SERVICE_PRINCIPAL): PolicyDocument => ({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: [service] } }],
});

/** Exactly one role may assume: Alibaba's guide recommends this over the account root. */
export const trustRole = (arn: string): PolicyDocument => ({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [arn] } }],
});
