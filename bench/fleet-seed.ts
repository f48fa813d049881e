// The fleet's starting world for the emulator, in the seed-file shape of src/emulator/README.md: accounts with
// root and deployer keys, their ACR instances (custom domains, repositories) and NAT vSwitches.
// No roles, policies or caches: the cold-converge case starts from nothing.
import type { Fleet, FleetAccount, FleetRegistry } from './fleet.js';

export interface SeedDocument {
  accounts: Record<string, unknown>[];
  publicImages: string[];
  timing?: Record<string, number>;
}

export function fleetSeed(fleet: Fleet, timing?: Record<string, number>): SeedDocument {
  return {
    accounts: fleet.accounts.map((account) => seedAccount(account, fleet.registries.filter((r) => r.account === account.name))),
    publicImages: [],
    ...(timing ? { timing } : {}),
  };
}

function seedAccount(account: FleetAccount, registries: FleetRegistry[]): Record<string, unknown> {
  return {
    accountId: account.accountId,
    rootAccessKeys: [account.root],
    users: [{ name: 'deployer', accessKeys: [account.deployer], policies: ['AdministratorAccess'] }],
    network: { natVSwitchIds: [account.vSwitchId] },
    registries: registries.map(seedRegistry),
  };
}

function seedRegistry(registry: FleetRegistry): Record<string, unknown> {
  const repositories = registry.repositories.map((name) => ({ name, tags: [registry.tag, 'latest'] }));
  if (registry.edition === 'Personal') {
    return { edition: 'Personal', regionId: registry.regionId, namespaces: registry.namespaces, repositories };
  }
  return {
    edition: 'Enterprise',
    instanceId: registry.instanceId,
    instanceName: registry.instanceName,
    regionId: registry.regionId,
    customDomains: registry.customDomains,
    repositories,
  };
}
