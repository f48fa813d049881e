// The ACR (Container Registry) 2018-12-01 service module: read-only views of the seed's
// Enterprise registries, for the reconciler's instance-name resolution and `doctor`.
import type { ServiceModule } from '../contracts.js';
import type { World } from '../world.js';
import { acrActions } from './actions.js';
import { AcrState } from './state.js';

export function createAcrService(world: World): ServiceModule {
  const state = new AcrState(world);
  return {
    name: 'cr',
    version: '2018-12-01',
    hostId: (params) => `cr.${params.RegionId || 'cn-hangzhou'}.aliyuncs.com`,
    actions: acrActions(state),
  };
}
