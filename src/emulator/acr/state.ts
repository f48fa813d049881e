// ACR Enterprise instances as the 2018-12-01 API sees them, derived once from the seed's
// `registries`. Personal registries have no instance in this API (README "ACR"), so they are left out.
import { createHash } from 'node:crypto';
import type { SeedRegistry } from '../seed-types.js';
import type { World } from '../world.js';

export interface AcrRepository {
  repoId: string;
  namespace: string;
  name: string;
  tags: string[];
  sizeGiB?: number;
}

export interface AcrInstance {
  accountId: string;
  instanceId: string;
  instanceName: string;
  regionId: string;
  /** SYSTEM domains first (public, then VPC), then the custom (USER) ones. */
  domains: { domain: string; type: 'SYSTEM' | 'USER' }[];
  namespaces: { namespaceId: string; name: string }[];
  repositories: AcrRepository[];
  createdAt: number;
}

/**
 * Stable IDs: the same seed gives the same `crr-`/`crn-` IDs in every run, so a test (or a user
 * reading a doc) can name a repository by ID. Alibaba's IDs are 16 lower-case alphanumerics.
 */
export function stableId(prefix: 'crr' | 'crn', ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 16; i += 1) out += alphabet[digest[i]! % alphabet.length];
  return `${prefix}-${out}`;
}

function instanceOf(accountId: string, registry: SeedRegistry, createdAt: number): AcrInstance | undefined {
  const { instanceId, instanceName, regionId } = registry;
  if (registry.edition !== 'Enterprise' || !instanceId || !instanceName) return undefined;
  const repositories = registry.repositories.map((r) => {
    const slash = r.name.indexOf('/');
    const namespace = slash < 0 ? '' : r.name.slice(0, slash);
    const name = slash < 0 ? r.name : r.name.slice(slash + 1);
    return { repoId: stableId('crr', accountId, instanceId, r.name), namespace, name, tags: [...r.tags], ...(r.sizeGiB !== undefined ? { sizeGiB: r.sizeGiB } : {}) };
  });
  const namespaceNames = [...new Set([...registry.namespaces, ...repositories.map((r) => r.namespace)])].filter((n) => n !== '').sort();
  return {
    accountId,
    instanceId,
    instanceName,
    regionId,
    domains: [
      { domain: `${instanceName}-registry.${regionId}.cr.aliyuncs.com`, type: 'SYSTEM' },
      { domain: `${instanceName}-registry-vpc.${regionId}.cr.aliyuncs.com`, type: 'SYSTEM' },
      ...registry.customDomains.map((domain) => ({ domain, type: 'USER' as const })),
    ],
    namespaces: namespaceNames.map((name) => ({ namespaceId: stableId('crn', accountId, instanceId, name), name })),
    repositories,
    createdAt,
  };
}

export class AcrState {
  private readonly instances: AcrInstance[];

  constructor(world: World) {
    const createdAt = world.now();
    this.instances = world.seed.accounts.flatMap((a) => a.registries.flatMap((g) => instanceOf(a.accountId, g, createdAt) ?? []));
  }

  /** An account's instances in one region, in seed order. */
  inRegion(accountId: string, regionId: string): AcrInstance[] {
    return this.instances.filter((i) => i.accountId === accountId && i.regionId === regionId);
  }

  /** Another account's or region's instance is as invisible as a missing one. */
  find(accountId: string, regionId: string, instanceId: string): AcrInstance | undefined {
    return this.inRegion(accountId, regionId).find((i) => i.instanceId === instanceId);
  }
}
