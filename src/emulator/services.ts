// The registry of service modules the gateway routes to, by API version.
import { createAcrService } from './acr/index.js';
import { createAcrPersonalService } from './acr-personal/index.js';
import type { ServiceModule, ServiceName } from './contracts.js';
import { createEciService } from './eci/index.js';
import { createRamService } from './ram/index.js';
import { createStsService } from './sts/index.js';
import type { World } from './world.js';

/**
 * A service module factory. The ECI module plugs in as `createEciService(world: World): ServiceModule`
 * (src/emulator/eci/): it gets the world (seed, clock via world.now(), RAM reader world.ram, ids)
 * once at start-up and keeps its own state in its closure; `snapshot(accountId)` feeds GET /_emulator/state.
 */
export type ServiceFactory = (world: World) => ServiceModule;

export const API_VERSIONS: Readonly<Record<string, ServiceName>> = {
  '2015-05-01': 'ram',
  '2015-04-01': 'sts',
  '2018-08-08': 'eci',
  '2018-12-01': 'cr',
  '2016-06-07': 'cr',
};

export const DEFAULT_SERVICES: readonly ServiceFactory[] = [createRamService, createStsService, createEciService, createAcrService, createAcrPersonalService];

/** Version → module. A version whose module is not registered answers InvalidVersion. */
export function buildRegistry(world: World, factories: readonly ServiceFactory[] = DEFAULT_SERVICES): Map<string, ServiceModule> {
  const registry = new Map<string, ServiceModule>();
  for (const factory of factories) {
    const module = factory(world);
    registry.set(module.version, module);
  }
  return registry;
}
