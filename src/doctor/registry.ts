// Which registry serves an image, asked of ACR in each account doctor can read: a Personal
// namespace, an Enterprise instance by the name in its default domain, or by a custom domain.
import { hostShape, type ImageRef } from './image.js';
import type { AcrFacts, DoctorFacts, DoctorRequest, Read, RegistryFact } from './types.js';

export type Located =
  | { kind: 'found'; registry: RegistryFact }
  /** ACR-shaped host that no readable account serves. */
  | { kind: 'missing'; message: string }
  /** A host that is not ACR's and no instance claims as a custom domain. */
  | { kind: 'not-acr'; message: string }
  | { kind: 'unreadable'; message: string };

/** Hosts that are never an ACR custom domain: no need to ask ACR about them. */
const PUBLIC_REGISTRIES = new Set(['docker.io', 'quay.io', 'gcr.io', 'ghcr.io', 'registry.k8s.io', 'mcr.microsoft.com', 'public.ecr.aws']);

type Lookup = (acr: AcrFacts) => Promise<Read<RegistryFact | undefined>>;

export async function locateRegistry(ref: ImageRef, request: DoctorRequest, facts: DoctorFacts): Promise<Located> {
  const shape = hostShape(ref.host);
  const accounts = facts.registryAccounts(request);
  const where = `account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ')}`;
  if (shape.kind === 'acr-personal') {
    const lookup: Lookup = (acr) => acr.personalNamespace(shape.regionId, ref.namespace);
    return firstFound(facts, accounts, lookup, `no ACR Personal Edition namespace "${ref.namespace}" in ${shape.regionId} in ${where}`);
  }
  if (shape.kind === 'acr-enterprise') {
    const lookup: Lookup = (acr) => acr.instanceByName(shape.regionId, shape.instanceName);
    return firstFound(facts, accounts, lookup, `no ACR Enterprise instance named "${shape.instanceName}" in ${shape.regionId} in ${where}`);
  }
  const notAcr = `${ref.host} is not an ACR domain: password-free pulls do not apply, ECI pulls it as from any registry`;
  if (PUBLIC_REGISTRIES.has(ref.host)) return { kind: 'not-acr', message: notAcr };
  const regions = [...new Set([...request.entries.flatMap((e) => (e.regionId ? [e.regionId] : [])), request.regionId, ...facts.knownRegions()])];
  const custom = await firstFound(facts, accounts, (acr) => acr.instanceByDomain(ref.host, regions), notAcr);
  return custom.kind === 'missing' ? { kind: 'not-acr', message: `${notAcr} (no instance in ${where} has this custom domain)` } : custom;
}

/** The first account whose ACR knows the registry; unreadable only when no readable account did. */
async function firstFound(facts: DoctorFacts, accounts: string[], lookup: Lookup, missing: string): Promise<Located> {
  const failures: string[] = [];
  for (const accountId of accounts) {
    const acr = facts.acr(accountId);
    if (!acr) {
      failures.push(`account ${accountId}: no credentials (no Account manifest with this accountId)`);
      continue;
    }
    const read = await lookup(acr);
    if (!read.ok) failures.push(`account ${accountId}: ${read.reason}`);
    else if (read.value) return { kind: 'found', registry: { ...read.value, accountId } };
  }
  if (failures.length > 0) return { kind: 'unreadable', message: `${missing}; could not read ${failures.join('; ')}` };
  return { kind: 'missing', message: missing };
}

export function describeRegistry(r: RegistryFact): string {
  const domain = { personal: 'Personal Edition domain', default: 'default domain', custom: 'custom domain' }[r.domainKind];
  const what = r.edition === 'Enterprise' ? `Enterprise instance ${r.instanceId ?? '?'}${r.instanceName ? ` (${r.instanceName})` : ''}` : 'Personal Edition registry';
  return `${what} of account ${r.accountId} in ${r.regionId}, ${domain}`;
}
