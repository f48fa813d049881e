// Image references and the registry they point at. Host rules follow Docker's: a first segment
// with a dot, a colon or `localhost` is a registry host; otherwise the image is on Docker Hub.
import type { SeedRepository } from '../seed-types.js';
import type { OwnedRegistry } from './types.js';

export interface ImageRef {
  host: string;
  /** Path inside the registry, e.g. `eci_test/nginx` or `library/nginx`. */
  path: string;
  /** Tag, or the digest (`sha256:…`) for `@` references. */
  tag: string;
}

export type DomainKind = 'personal' | 'default' | 'custom';

export type RegistryTarget =
  | { kind: 'acr'; owned: OwnedRegistry; domainKind: DomainKind; namespace: string; repository: string }
  | { kind: 'unknown-acr'; message: string }
  | { kind: 'public' };

const PERSONAL_HOST = /^registry(?:-vpc)?\.([a-z0-9-]+)\.aliyuncs\.com$/;
const ENTERPRISE_DEFAULT_HOST = /^(.+)-registry(?:-vpc)?\.([a-z0-9-]+)\.cr\.aliyuncs\.com$/;

export function parseImageRef(image: string): ImageRef | undefined {
  if (image.trim() === '' || /\s/.test(image)) return undefined;
  const [name = '', digest] = image.split('@', 2);
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const host = hasHost ? first.toLowerCase() : 'docker.io';
  let rest = hasHost ? name.slice(slash + 1) : name;
  let tag = digest ?? 'latest';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    if (digest === undefined) tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (rest === '' || tag === '' || rest.split('/').some((s) => s === '')) return undefined;
  const path = host === 'docker.io' && !rest.includes('/') ? `library/${rest}` : rest;
  return { host, path, tag };
}

export function formatImageRef(ref: ImageRef): string {
  return `${ref.host}/${ref.path}${ref.tag.includes(':') ? '@' : ':'}${ref.tag}`;
}

/** Maps the host to a seeded ACR instance; ACR-shaped hosts that match nothing are not public images. */
export function resolveRegistry(ref: ImageRef, registries: readonly OwnedRegistry[]): RegistryTarget {
  const slash = ref.path.indexOf('/');
  const namespace = slash < 0 ? '' : ref.path.slice(0, slash);
  const repository = slash < 0 ? ref.path : ref.path.slice(slash + 1);
  const found = (owned: OwnedRegistry, domainKind: DomainKind): RegistryTarget => ({ kind: 'acr', owned, domainKind, namespace, repository });

  const custom = registries.find((o) => o.registry.customDomains.some((d) => d.toLowerCase() === ref.host));
  if (custom) return found(custom, 'custom');

  const personal = PERSONAL_HOST.exec(ref.host);
  if (personal) {
    const region = personal[1] as string;
    const owned = registries.find(
      (o) => o.registry.edition === 'Personal' && o.registry.regionId === region && o.registry.namespaces.includes(namespace),
    );
    return owned ? found(owned, 'personal') : { kind: 'unknown-acr', message: `no ACR Personal namespace "${namespace}" in region ${region}` };
  }

  const enterprise = ENTERPRISE_DEFAULT_HOST.exec(ref.host);
  if (enterprise) {
    const [, name, region] = enterprise as unknown as [string, string, string];
    const owned = registries.find(
      (o) => o.registry.edition === 'Enterprise' && o.registry.instanceName === name && o.registry.regionId === region,
    );
    return owned ? found(owned, 'default') : { kind: 'unknown-acr', message: `no ACR Enterprise instance named "${name}" in region ${region}` };
  }
  return { kind: 'public' };
}

export function findRepository(owned: OwnedRegistry, namespace: string, repository: string): SeedRepository | undefined {
  return owned.registry.repositories.find((r) => r.name === `${namespace}/${repository}`);
}

/** `cri-… (acme, cn-hangzhou)` or `Personal registry of account … in cn-hangzhou`, for messages. */
export function describeRegistry(owned: OwnedRegistry): string {
  const r = owned.registry;
  return r.edition === 'Enterprise'
    ? `instance ${r.instanceId ?? r.instanceName ?? '?'} of account ${owned.accountId}`
    : `the Personal registry of account ${owned.accountId} in ${r.regionId}`;
}
