// The ECI 2018-08-08 service module: image caches and (pull-related) container groups.
import type { ServiceModule } from '../contracts.js';
import { fixedTimeline } from './builder.js';
import { liveCaches, renderCache } from './cache-view.js';
import { containerGroupActions } from './container-groups.js';
import { imageCacheActions } from './image-caches.js';
import { EciState, newId, type EciWorld } from './state.js';
import { viewAt } from './timeline.js';

export type { EciWorld };

export function createEciService(world: EciWorld): ServiceModule {
  const state = new EciState(world);
  seedCaches(state);
  return {
    name: 'eci',
    version: '2018-08-08',
    hostId: (params) => `eci.${params.RegionId || 'cn-hangzhou'}.aliyuncs.com`,
    actions: { ...imageCacheActions(state), ...containerGroupActions(state) },
    snapshot: (accountId) => {
      const now = world.now();
      return {
        imageCaches: liveCaches(state, accountId, undefined, now).map((c) => renderCache(c, now)),
        containerGroups: [...state.groups.values()]
          .filter((g) => g.accountId === accountId)
          .map((g) => ({ containerGroupId: g.containerGroupId, name: g.name, regionId: g.regionId, status: viewAt(g.timeline, now).status })),
      };
    },
  };
}

function seedCaches(state: EciState): void {
  const now = state.world.now();
  for (const account of state.world.seed.accounts) {
    for (const cache of account.imageCaches) {
      const id = cache.imageCacheId ?? newId('imc');
      state.caches.set(id, {
        imageCacheId: id,
        containerGroupId: newId('eci'),
        accountId: account.accountId,
        regionId: cache.regionId,
        name: cache.imageCacheName,
        images: [...cache.images],
        imageCacheSize: cache.imageCacheSize ?? 20,
        creationTime: now,
        tags: cache.tags.map((t) => ({ Key: t.key, Value: t.value })),
        eliminationStrategy: '',
        snapshotId: newId('s'),
        vSwitchIds: [],
        acrRegistryInfo: [],
        pastEvents: [],
        timeline: fixedTimeline(now, cache.status),
        kind: 'seeded',
      });
    }
  }
}
