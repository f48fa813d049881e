// The fleet as manifests (schemas/*.schema.json and src/manifests/README.md): one file of Account documents, then one file per ECI
// account holding its AcrPullAccess and ImageCache documents, the way a team would split them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Fleet, FleetAccount, FleetPull, FleetRegistry } from './fleet.js';

const API_VERSION = 'eci-acr-reconciler/v1alpha1';

type Doc = { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> };

/** File name → YAML text. */
export function fleetManifestFiles(fleet: Fleet): Map<string, string> {
  const files = new Map<string, string>();
  files.set('accounts.yaml', render(fleet.accounts.map(accountDoc)));
  const registries = new Map(fleet.registries.map((r) => [r.key, r]));
  for (const account of fleet.accounts.filter((a) => a.kind === 'eci')) {
    const pulls = fleet.pulls.filter((p) => p.eciAccount === account.name);
    if (pulls.length === 0) continue;
    const docs = pulls.flatMap((pull) => {
      const registry = registries.get(pull.registry);
      if (!registry) throw new Error(`fleet: pull ${pull.name} names unknown registry ${pull.registry}`);
      return [pullAccessDoc(pull, registry), imageCacheDoc(pull, account)];
    });
    files.set(`${account.name}.yaml`, render(docs));
  }
  return files;
}

export function countDocuments(files: Map<string, string>): number {
  let count = 0;
  for (const text of files.values()) count += text.split(/^---$/m).filter((part) => part.trim() !== '').length;
  return count;
}

/** Writes the files into `dir` (created if needed) and returns their paths. */
export function writeFleetManifests(fleet: Fleet, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return [...fleetManifestFiles(fleet)].map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

/** The credentials the Account manifests point at, as the reconciler's environment. */
export function fleetEnvironment(fleet: Fleet): Record<string, string> {
  return Object.fromEntries(
    fleet.accounts.flatMap((a) => [
      [a.env.accessKeyId, a.deployer.accessKeyId],
      [a.env.accessKeySecret, a.deployer.accessKeySecret],
    ]),
  );
}

function render(docs: Doc[]): string {
  return docs.map((doc) => `---\n${stringify(doc, { lineWidth: 0 })}`).join('');
}

function accountDoc(account: FleetAccount): Doc {
  return {
    apiVersion: API_VERSION,
    kind: 'Account',
    metadata: { name: account.name },
    spec: {
      accountId: account.accountId,
      regionId: account.regionId,
      credentials: { source: 'env', accessKeyIdEnv: account.env.accessKeyId, accessKeySecretEnv: account.env.accessKeySecret },
    },
  };
}

function pullAccessDoc(pull: FleetPull, registry: FleetRegistry): Doc {
  const spec: Record<string, unknown> = { eciAccount: pull.eciAccount, registry: registrySpec(registry) };
  if (pull.pullCase === 'restricted') spec.restrictToInstance = true;
  return { apiVersion: API_VERSION, kind: 'AcrPullAccess', metadata: { name: pull.name }, spec };
}

function registrySpec(registry: FleetRegistry): Record<string, unknown> {
  if (registry.edition === 'Personal') {
    return { account: registry.account, edition: 'Personal', regionId: registry.regionId, namespaces: registry.namespaces };
  }
  return {
    account: registry.account,
    edition: 'Enterprise',
    instanceId: registry.instanceId,
    regionId: registry.regionId,
    ...(registry.customDomains.length > 0 ? { customDomains: registry.customDomains } : {}),
  };
}

function imageCacheDoc(pull: FleetPull, account: FleetAccount): Doc {
  return {
    apiVersion: API_VERSION,
    kind: 'ImageCache',
    metadata: { name: pull.cacheName },
    spec: {
      account: account.name,
      images: [pull.image],
      vSwitchId: account.vSwitchId,
      securityGroupId: account.securityGroupId,
      acrPullAccess: pull.name,
    },
  };
}
