// RAM 2015-05-01: roles, policies, versions, attachments and tags.
import type { ServiceModule } from '../contracts.js';
import type { World } from '../world.js';
import { attachmentActions } from './attachments.js';
import { policyActions } from './policies.js';
import { roleActions } from './roles.js';
import { tagActions } from './tags.js';
import { versionActions } from './versions.js';

export function createRamService(world: World): ServiceModule {
  return {
    name: 'ram',
    version: '2015-05-01',
    hostId: () => 'ram.aliyuncs.com',
    actions: { ...roleActions(world), ...policyActions(world), ...versionActions(world), ...attachmentActions(world), ...tagActions(world) },
  };
}
