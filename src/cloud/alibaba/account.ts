// The AccountCloud of one account: the interface's methods bound to its context.
import type { AccountCloud } from '../provider.js';
import type { AccountContext } from './context.js';
import * as eci from './eci.js';
import * as policies from './ram-policies.js';
import * as roles from './ram-roles.js';
import * as tags from './ram-tags.js';

async function callerAccountId(c: AccountContext): Promise<string> {
  const res = await c.run({ service: 'sts', action: 'GetCallerIdentity', resource: `account ${c.accountName}` }, () =>
    c.sts().getCallerIdentity(),
  );
  return res.body?.accountId ?? '';
}

export function accountCloud(c: AccountContext): AccountCloud {
  return {
    accountName: c.accountName,
    ...(c.identity ? { identity: c.identity } : {}),
    endpointOf: (service, regionId) => c.endpointOf(service, regionId),
    callerAccountId: () => callerAccountId(c),
    listRoles: () => roles.listRoles(c),
    getRole: (name, summary) => roles.getRole(c, name, summary),
    createRole: (input) => roles.createRole(c, input),
    updateRole: (input) => roles.updateRole(c, input),
    deleteRole: (name) => roles.deleteRole(c, name),
    attachPolicy: (role, policy) => roles.attachPolicy(c, role, policy),
    detachPolicy: (role, policy) => roles.detachPolicy(c, role, policy),
    listCustomPolicies: () => policies.listPolicies(c, 'Custom'),
    listSystemPolicies: () => policies.listPolicies(c, 'System'),
    rolesOfPolicy: (policy) => policies.rolesOfPolicy(c, policy.policyName, policy.policyType),
    getPolicy: (name, summary) => policies.getPolicy(c, name, summary),
    createPolicy: (input) => policies.createPolicy(c, input),
    createPolicyVersion: (name, document, options) => policies.createPolicyVersion(c, name, document, options?.setAsDefault ?? true),
    deletePolicyVersion: (name, versionId) => policies.deletePolicyVersion(c, name, versionId),
    setDefaultPolicyVersion: (name, versionId) => policies.setDefaultPolicyVersion(c, name, versionId),
    deletePolicy: (name) => policies.deletePolicy(c, name),
    tagResources: (type, names, t) => tags.tagResources(c, type, names, t),
    untagResources: (type, names, keys) => tags.untagResources(c, type, names, keys),
    listImageCaches: (regionId, filter, read) => eci.listImageCaches(c, regionId, filter, read),
    getImageCache: (regionId, id, read) => eci.getImageCache(c, regionId, id, read),
    createImageCache: (input) => eci.createImageCache(c, input),
    updateImageCache: (input) => eci.updateImageCache(c, input),
    deleteImageCache: (regionId, id) => eci.deleteImageCache(c, regionId, id),
  };
}

