// Small builders for desired/observed objects in plan unit tests. Each account's ownerId is its name
// (the default), so observed fixtures carry the owner tag of the set that declares them.
import type { DesiredImageCache, DesiredPolicy, DesiredRole, DesiredState } from '../../src/model/desired.js';
import type { ObservedImageCache, ObservedPolicy, ObservedRole } from '../../src/model/observed.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import type { ObservedAccountState, ObservedState } from '../../src/plan/observed-state.js';
import { desiredCacheTags, ownershipTags } from '../../src/plan/tags.js';

export const A = { name: 'eci', accountId: '1000000000000001' };
export const B = { name: 'acr', accountId: '1000000000000002' };
export const ECI_TRUST: PolicyDocument = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['eci.aliyuncs.com'] } }] };
export const trustOf = (arn: string): PolicyDocument => ({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [arn] } }] });
export const docOf = (action: string): PolicyDocument => ({ Version: '1', Statement: [{ Effect: 'Allow', Action: [action], Resource: '*' }] });

export function role(account: typeof A, roleName: string, extra: Partial<DesiredRole> = {}): DesiredRole {
  return { account: account.name, accountId: account.accountId, roleName, description: 'd', maxSessionDuration: 3600, trust: ECI_TRUST, policies: [], adopt: false, deletionPolicy: 'Delete', origin: { kind: 'RamRole', name: roleName }, ...extra };
}

export function policy(account: typeof A, policyName: string, document: PolicyDocument, extra: Partial<DesiredPolicy> = {}): DesiredPolicy {
  return { account: account.name, accountId: account.accountId, policyName, description: 'p', document, adopt: false, deletionPolicy: 'Delete', origin: { kind: 'RamPolicy', name: policyName }, ...extra };
}

export function cache(account: typeof A, name: string, extra: Partial<DesiredImageCache> = {}): DesiredImageCache {
  return { account: account.name, accountId: account.accountId, regionId: 'cn-hangzhou', imageCacheName: name, images: ['r.example/a:1'], vSwitchId: 'vsw-1', securityGroupId: 'sg-1', imageCacheSize: 20, tags: {}, acrRegistryInfo: [], deletionPolicy: 'Delete', origin: { kind: 'ImageCache', name }, ...extra };
}

export function desiredOf(parts: Partial<DesiredState>): DesiredState {
  const accounts = [A, B].map((a) => ({ name: a.name, accountId: a.accountId, ownerId: a.name, regionId: 'cn-hangzhou', credentials: { source: 'default' as const }, endpoints: {}, origin: { kind: 'Account' as const, name: a.name } }));
  return { accounts, roles: [], policies: [], imageCaches: [], ...parts };
}

export function observedRole(r: DesiredRole, extra: Partial<ObservedRole> = {}): ObservedRole {
  return { roleName: r.roleName, arn: `acs:ram::${r.accountId}:role/${r.roleName}`, description: r.description, maxSessionDuration: r.maxSessionDuration, tags: ownershipTags(r.origin, r.deletionPolicy, r.account), trustDocument: JSON.stringify(r.trust), attachedPolicies: [...r.policies], ...extra };
}

export function observedPolicy(p: DesiredPolicy, versions: { id: string; doc: PolicyDocument; isDefault?: boolean }[], extra: Partial<ObservedPolicy> = {}): ObservedPolicy {
  return {
    policyName: p.policyName,
    description: p.description,
    defaultVersion: versions.find((v) => v.isDefault)?.id ?? '',
    tags: ownershipTags(p.origin, p.deletionPolicy, p.account),
    versions: versions.map((v, i) => ({ versionId: v.id, isDefault: v.isDefault === true, createDate: `2026-01-0${i + 1}T00:00:00Z`, document: JSON.stringify(v.doc) })),
    ...extra,
  };
}

export function observedCache(c: DesiredImageCache, id: string, extra: Partial<ObservedImageCache> = {}): ObservedImageCache {
  return { regionId: c.regionId, imageCacheId: id, imageCacheName: c.imageCacheName, status: 'Ready', images: [...c.images], imageCacheSize: c.imageCacheSize, tags: desiredCacheTags(c, c.account), events: [], ...extra };
}

export function observedOf(accounts: Partial<Record<'eci' | 'acr', Partial<ObservedAccountState>>>): ObservedState {
  return {
    accounts: [A, B].map((a) => ({ accountName: a.name, accountId: a.accountId, roles: [], policies: [], regions: ['cn-hangzhou'], imageCaches: [], ...accounts[a.name as 'eci' | 'acr'] })),
  };
}
