// RAM 2015-05-01: roles, policies, versions, attachments and tags (alibaba-openapi.md §3).
import type { ServiceModule } from '../contracts.js';
import type { World } from '../world.js';

export function createRamService(world: World): ServiceModule {
  void world;
  return { name: 'ram', version: '2015-05-01', hostId: () => 'ram.aliyuncs.com', actions: {} };
}
