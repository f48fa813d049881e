// The ACR Personal Edition service module: product `cr`, version 2016-06-07, ROA style (method and
// path per action), read-only views of the seed's Personal registries for `doctor`.
import type { ServiceModule } from '../contracts.js';
import type { World } from '../world.js';
import { PERSONAL_ROUTES, personalActions } from './actions.js';
import { PersonalState } from './state.js';

export const PERSONAL_API_VERSION = '2016-06-07';

export function createAcrPersonalService(world: World): ServiceModule {
  return {
    name: 'cr',
    version: PERSONAL_API_VERSION,
    style: 'ROA',
    routes: PERSONAL_ROUTES,
    hostId: (params) => `cr.${params.RegionId || 'cn-hangzhou'}.aliyuncs.com`,
    actions: personalActions(new PersonalState(world)),
  };
}
