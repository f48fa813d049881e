// ACR Personal Edition as the 2016-06-07 API sees it, derived once from the seed's Personal
// `registries`: per account and region, namespaces and `<namespace>/<repository>` repositories.
import type { SeedRegistry } from '../seed-types.js';
import type { World } from '../world.js';

export interface PersonalRepository {
  namespace: string;
  name: string;
  tags: string[];
  sizeGiB?: number;
}

/** One account's Personal registry in one region (several seeded ones of the same region merge). */
export interface PersonalRegistry {
  accountId: string;
  regionId: string;
  namespaces: Set<string>;
  repositories: PersonalRepository[];
  createdAt: number;
}

function repositoryOf(seeded: SeedRegistry['repositories'][number]): PersonalRepository {
  const slash = seeded.name.indexOf('/');
  return { namespace: seeded.name.slice(0, slash), name: seeded.name.slice(slash + 1), tags: [...seeded.tags], ...(seeded.sizeGiB !== undefined ? { sizeGiB: seeded.sizeGiB } : {}) };
}

export class PersonalState {
  private readonly registries: PersonalRegistry[] = [];

  constructor(world: World) {
    const createdAt = world.now();
    for (const account of world.seed.accounts) {
      for (const seeded of account.registries.filter((g) => g.edition === 'Personal')) {
        const registry = this.registryOf(account.accountId, seeded.regionId) ?? this.add({ accountId: account.accountId, regionId: seeded.regionId, namespaces: new Set(), repositories: [], createdAt });
        const repositories = seeded.repositories.map(repositoryOf);
        for (const name of [...seeded.namespaces, ...repositories.map((r) => r.namespace)]) registry.namespaces.add(name);
        registry.repositories.push(...repositories);
      }
    }
  }

  private add(registry: PersonalRegistry): PersonalRegistry {
    this.registries.push(registry);
    return registry;
  }

  private registryOf(accountId: string, regionId: string): PersonalRegistry | undefined {
    return this.registries.find((g) => g.accountId === accountId && g.regionId === regionId);
  }

  /** The caller's registry holding `namespace` in that region; another account's namespace is invisible. */
  namespace(accountId: string, regionId: string, namespace: string): PersonalRegistry | undefined {
    const registry = this.registryOf(accountId, regionId);
    return registry?.namespaces.has(namespace) ? registry : undefined;
  }
}
