// Issue 15's drift cases, made in the cloud while the daemon runs (as a console user would, with the
// account's root keys): each must be corrected by the next incremental resync. Each case names its
// target from the emulator's state, makes the change, and later says whether the state is back.
import Eci, * as $Eci from '@alicloud/eci20180808';
import { Config as EciConfig } from '@alicloud/openapi-client';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import Ram, * as $Ram from '@alicloud/ram20150501';
import type { EmulatorState } from './admin.js';
import { chooseDriftTarget, widenedTrust } from './drift.js';
import type { FleetAccount } from './fleet.js';

const OWNER_TAG = 'eci-acr-reconciler.owner';
const MANAGED = (tags: { key?: string; Key?: string }[] = []) => tags.some((t) => (t.key ?? t.Key) === 'managed-by');

export interface DriftCase {
  name: string;
  /** Makes the change; returns the check that tells, from a later state, whether it was corrected. */
  apply(state: EmulatorState): Promise<(later: EmulatorState) => boolean>;
}

type Role = { roleName: string; trust: string; tags: { key: string; value: string }[]; attachments: { policyName: string; policyType: string }[] };
type Policy = { policyName: string; defaultVersion: string; versions: { versionId: string; document: string }[] };
type Cache = { ImageCacheId: string; ImageCacheName: string; RegionId: string; Status: string; Tags?: { Key: string }[] };

const roleOf = (state: EmulatorState, accountId: string, name: string) => ((state.accounts[accountId]?.ram?.roles ?? []) as unknown as Role[]).find((r) => r.roleName === name);
const policyOf = (state: EmulatorState, accountId: string, name: string) => ((state.accounts[accountId]?.ram?.policies ?? []) as unknown as Policy[]).find((p) => p.policyName === name);
const sameJson = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
const defaultDocument = (p: Policy | undefined) => p?.versions.find((v) => v.versionId === p.defaultVersion)?.document;

function clients(endpoint: string, account: FleetAccount) {
  const common = { endpoint, protocol: 'http', regionId: account.regionId, accessKeyId: account.root.accessKeyId, accessKeySecret: account.root.accessKeySecret, readTimeout: 10_000, connectTimeout: 10_000 };
  return { ram: new Ram.default(new $OpenApiUtil.Config(common)), eci: (regionId: string) => new Eci.default(new EciConfig({ ...common, regionId })) };
}

/** The six cases of issue 15, in an order where each leaves the others' targets intact. */
export function driftCases(endpoint: string, accounts: readonly FleetAccount[]): DriftCase[] {
  const target = (state: EmulatorState) => {
    const chosen = chooseDriftTarget(state, accounts);
    const role = roleOf(state, chosen.account.accountId, chosen.roleName) as Role;
    const custom = role.attachments.find((a) => a.policyType === 'Custom');
    return { ...chosen, role, custom, ram: clients(endpoint, chosen.account).ram };
  };
  return [
    {
      name: 'trust widened',
      async apply(state) {
        const t = target(state);
        await t.ram.updateRole(new $Ram.UpdateRoleRequest({ roleName: t.roleName, newAssumeRolePolicyDocument: widenedTrust(t.trust) }));
        return (later) => sameJson(roleOf(later, t.account.accountId, t.roleName)?.trust, t.trust);
      },
    },
    {
      name: 'policy attached',
      async apply(state) {
        const t = target(state);
        await t.ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: t.roleName, policyType: 'System', policyName: 'AliyunECIFullAccess' }));
        return (later) => !(roleOf(later, t.account.accountId, t.roleName)?.attachments ?? []).some((a) => a.policyName === 'AliyunECIFullAccess');
      },
    },
    {
      name: 'policy detached',
      async apply(state) {
        const t = target(state);
        if (!t.custom) throw new Error('policy detached: the drift target holds no custom policy');
        const custom = t.custom;
        await t.ram.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ roleName: t.roleName, policyType: 'Custom', policyName: custom.policyName }));
        return (later) => (roleOf(later, t.account.accountId, t.roleName)?.attachments ?? []).some((a) => a.policyName === custom.policyName);
      },
    },
    {
      name: 'default version switched',
      async apply(state) {
        const t = target(state);
        if (!t.custom) throw new Error('default version switched: the drift target holds no custom policy');
        const name = t.custom.policyName;
        const before = defaultDocument(policyOf(state, t.account.accountId, name));
        const wide = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:*', Resource: '*' }] });
        await t.ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: name, policyDocument: wide, setAsDefault: true, rotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded' }));
        return (later) => sameJson(defaultDocument(policyOf(later, t.account.accountId, name)), before);
      },
    },
    {
      name: 'ownership tag removed',
      async apply(state) {
        const t = target(state);
        await t.ram.untagResources(new $Ram.UntagResourcesRequest({ resourceType: 'role', resourceNames: [t.roleName], tagKeys: [OWNER_TAG] }));
        return (later) => (roleOf(later, t.account.accountId, t.roleName)?.tags ?? []).some((tag) => tag.key === OWNER_TAG);
      },
    },
    {
      name: 'cache deleted',
      async apply(state) {
        for (const account of accounts) {
          const cache = ((state.accounts[account.accountId]?.eci?.imageCaches ?? []) as unknown as Cache[]).find((c) => c.Status === 'Ready' && MANAGED(c.Tags));
          if (!cache) continue;
          await clients(endpoint, account).eci(cache.RegionId).deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: cache.RegionId, imageCacheId: cache.ImageCacheId }));
          return (later) => ((later.accounts[account.accountId]?.eci?.imageCaches ?? []) as unknown as Cache[]).some((c) => c.ImageCacheName === cache.ImageCacheName && c.ImageCacheId !== cache.ImageCacheId);
        }
        throw new Error('cache deleted: no Ready managed cache in the emulator state');
      },
    },
  ];
}
