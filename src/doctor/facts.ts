// The ports of types.ts over live reads: RAM through the cloud adapter's read-only view, ACR through
// an AcrReader (the ACR clients: 2018-12-01 for Enterprise instances, 2016-06-07 for Personal Edition). A failed read becomes `{ok: false}` with the adapter's
// redacted message (resource, Alibaba code, RequestId), so the walk can name the unreadable link.
// Reads are memoised per run: several images of one registry read each role and instance once.
import { parsePolicyJson } from '../policy/parse.js';
import { parseRoleArn } from '../policy/arn.js';
import type { PolicyDocument } from '../policy/document.js';
import type { AcrFacts, DoctorFacts, DoctorRequest, RamFacts, Read, RegistryFact, RoleFacts } from './types.js';

export interface AcrInstanceSummary {
  instanceId: string;
  instanceName: string;
  regionId: string;
}

/** ACR of one account, read-only; every method may throw (CloudError). */
export interface AcrReader {
  listInstances(regionId: string, instanceName?: string): Promise<AcrInstanceSummary[]>;
  instanceDomains(regionId: string, instanceId: string): Promise<string[]>;
  /** The repository's tags, or undefined when the repository does not exist. */
  repositoryTags(regionId: string, instanceId: string, namespace: string, repository: string): Promise<string[] | undefined>;
  /** Whether this account owns the Personal Edition namespace in that region. */
  hasPersonalNamespace(regionId: string, namespace: string): Promise<boolean>;
  /** A Personal Edition repository's tags, or undefined when it is not this account's. */
  personalRepositoryTags(regionId: string, namespace: string, repository: string): Promise<string[] | undefined>;
}

export interface RoleReader {
  roleWithPolicies(roleName: string): Promise<{ arn: string; trustDocument: string; policies: { policyName: string; policyType: 'System' | 'Custom'; document: string | undefined }[] } | undefined>;
}

export interface AccountReaders {
  accountId: string;
  regionId: string;
  ram: RoleReader;
  acr?: AcrReader;
}

async function attempt<T>(fn: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function memo<T>(): (key: string, fn: () => Promise<Read<T>>) => Promise<Read<T>> {
  const cache = new Map<string, Promise<Read<T>>>();
  return (key, fn) => {
    let hit = cache.get(key);
    if (!hit) {
      hit = fn();
      cache.set(key, hit);
    }
    return hit;
  };
}

const parseDoc = (text: string | undefined): PolicyDocument | undefined => {
  if (text === undefined) return undefined;
  const parsed = parsePolicyJson(text);
  return parsed.ok ? parsed.document : undefined;
};

function ramFacts(reader: RoleReader): RamFacts {
  const once = memo<RoleFacts | undefined>();
  return {
    role: (roleName) =>
      once(roleName, () =>
        attempt(async () => {
          const role = await reader.roleWithPolicies(roleName);
          if (!role) return undefined;
          return { arn: role.arn, trust: parseDoc(role.trustDocument), policies: role.policies.map((p) => ({ policyName: p.policyName, policyType: p.policyType, document: parseDoc(p.document) })) };
        }),
      ),
  };
}

function acrFacts(accountId: string, reader: AcrReader): AcrFacts {
  const instances = memo<AcrInstanceSummary[]>();
  const domains = memo<string[]>();
  const named = memo<AcrInstanceSummary[]>();
  const namespaces = memo<boolean>();
  const tags = memo<string[] | undefined>();
  const listed = (regionId: string) => instances(regionId, () => attempt(() => reader.listInstances(regionId)));
  const fact = (i: AcrInstanceSummary, domainKind: RegistryFact['domainKind']): RegistryFact => ({ accountId, edition: 'Enterprise', regionId: i.regionId, instanceId: i.instanceId, instanceName: i.instanceName, domainKind });
  return {
    async instanceByName(regionId, instanceName) {
      const read = await named(`${regionId}/${instanceName}`, () => attempt(() => reader.listInstances(regionId, instanceName)));
      if (!read.ok) return read;
      const found = read.value.find((i) => i.instanceName === instanceName);
      return { ok: true, value: found ? fact(found, 'default') : undefined };
    },
    async instanceByDomain(host, regionIds) {
      for (const regionId of regionIds) {
        const list = await listed(regionId);
        if (!list.ok) return list;
        for (const i of list.value) {
          const names = await domains(`${regionId}/${i.instanceId}`, () => attempt(() => reader.instanceDomains(regionId, i.instanceId)));
          if (!names.ok) return names;
          if (names.value.some((d) => d.toLowerCase() === host)) return { ok: true, value: fact(i, 'custom') };
        }
      }
      return { ok: true, value: undefined };
    },
    async personalNamespace(regionId, namespace) {
      const read = await namespaces(`${regionId}/${namespace}`, () => attempt(() => reader.hasPersonalNamespace(regionId, namespace)));
      if (!read.ok) return read;
      return { ok: true, value: read.value ? { accountId, edition: 'Personal', regionId, domainKind: 'personal' } : undefined };
    },
    repositoryTags: (registry, namespace, repository) =>
      tags(`${registry.regionId}/${registry.instanceId ?? 'personal'}/${namespace}/${repository}`, () =>
        attempt(() =>
          registry.edition === 'Personal'
            ? reader.personalRepositoryTags(registry.regionId, namespace, repository)
            : reader.repositoryTags(registry.regionId, registry.instanceId ?? '', namespace, repository),
        ),
      ),
  };
}

/** The ports for one doctor run over the readable accounts. */
export function liveFacts(accounts: readonly AccountReaders[], extraRegions: readonly string[] = []): DoctorFacts {
  const byId = new Map(accounts.map((a) => [a.accountId, a]));
  const rams = new Map<string, RamFacts>();
  const acrs = new Map<string, AcrFacts>();
  return {
    ram(accountId) {
      const a = byId.get(accountId);
      if (!a) return undefined;
      if (!rams.has(accountId)) rams.set(accountId, ramFacts(a.ram));
      return rams.get(accountId);
    },
    acr(accountId) {
      const a = byId.get(accountId);
      if (!a?.acr) return undefined;
      if (!acrs.has(accountId)) acrs.set(accountId, acrFacts(accountId, a.acr));
      return acrs.get(accountId);
    },
    registryAccounts: (r) => registryAccountOrder(r, accounts.map((a) => a.accountId)),
    knownRegions: () => unique([...extraRegions, ...accounts.map((a) => a.regionId)]),
  };
}

/** ArnUser's accounts first (a cross-account chain names its registry's account), then ECI's, then the rest. */
export function registryAccountOrder(r: DoctorRequest, known: readonly string[]): string[] {
  const fromArns = r.entries.flatMap((e) => {
    const id = e.arnUser === undefined ? undefined : parseRoleArn(e.arnUser)?.accountId;
    return id === undefined ? [] : [id];
  });
  return unique([...fromArns.filter((id) => known.includes(id)), r.eciAccountId, ...known]);
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];
