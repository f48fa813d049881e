// `plan`'s advice on ImageCache images: an image in an ACR registry the manifests pull from (an
// Enterprise instance, or a Personal Edition namespace an AcrPullAccess names), whose repository or
// tag does not exist, would leave the cache `Failed`. One warning per image; read-only; an account
// ACR cannot be read in is skipped (RegistryFacts says so once).
import { classifyImage } from '../model/image-registry.js';
import { parseImage, type ImageRef } from '../model/image-ref.js';
import type { DesiredImageCache } from '../model/desired.js';
import type { RegistryCatalog } from '../cloud/registry.js';
import type { RegistryFacts } from './registry-facts.js';

/** An Enterprise instance the manifests name (an AcrPullAccess's registry). */
export interface KnownInstance {
  account: string;
  regionId: string;
  instanceId: string;
}

/** A Personal Edition registry an AcrPullAccess names, with the namespaces it declares. */
export interface KnownPersonal {
  account: string;
  regionId: string;
  namespaces: readonly string[];
}

/** Where one image's repository is read: its tags (undefined: no such repository) and how to name the place. */
interface Source {
  key: string;
  where: string;
  tags: (catalog: RegistryCatalog) => Promise<string[] | undefined>;
  account: string;
}

/**
 * An ACR image as plan checks it: exactly `host/namespace/repository`. Others: undefined.
 */
function checkableImage(image: string): ImageRef | undefined {
  const ref = parseImage(image);
  if (!ref || ref.namespace === '' || ref.repository.includes('/')) return undefined;
  return ref;
}

export interface ImageWarning {
  cache: string;
  image: string;
  message: string;
}

export async function checkCacheImages(caches: readonly DesiredImageCache[], instances: readonly KnownInstance[], facts: RegistryFacts, personal: readonly KnownPersonal[] = []): Promise<ImageWarning[]> {
  const byDomain = await domainsOf(instances, facts);
  const reads = new Map<string, Promise<string[] | undefined | null>>();
  const warnings: ImageWarning[] = [];
  for (const cache of caches) {
    for (const image of cache.images) {
      const ref = checkableImage(image);
      const source = ref && sourceOf(ref, byDomain, personal);
      if (!ref || !source) continue;
      if (!reads.has(source.key)) reads.set(source.key, readOrNull(facts.read(source.account, source.tags)));
      const tags = await reads.get(source.key)!;
      if (tags === null) continue;
      const say = (what: string) => warnings.push({ cache: cache.imageCacheName, image, message: `ImageCache ${cache.imageCacheName}: image ${image}: ${what} in ${source.where}; the cache would end Failed` });
      const repo = `${ref.namespace}/${ref.repository}`;
      if (tags === undefined) say(`repository ${repo} does not exist`);
      // A digest reference (`@sha256:…`): only its repository is checked.
      else if (!ref.tag.includes(':') && !tags.includes(ref.tag)) say(`tag ${ref.tag} does not exist in repository ${repo}`);
    }
  }
  return warnings;
}

function sourceOf(ref: ImageRef, byDomain: Map<string, KnownInstance>, personal: readonly KnownPersonal[]): Source | undefined {
  const instance = byDomain.get(ref.host);
  if (instance) {
    const { account, regionId, instanceId } = instance;
    return {
      key: `${account}/${instanceId}/${ref.namespace}/${ref.repository}`,
      where: `ACR instance ${instanceId} (account ${account}, ${regionId})`,
      account,
      tags: async (c) => {
        const repo = await c.findRepository(regionId, instanceId, ref.namespace, ref.repository);
        return repo ? c.listTags(regionId, instanceId, repo.repoId) : undefined;
      },
    };
  }
  const shape = classifyImage(`${ref.host}/x`, { has: () => false });
  if (shape.kind !== 'acr-personal') return undefined;
  // Only a namespace an access declares has a known owner: another account's would read as missing.
  const owner = personal.find((p) => p.regionId === shape.regionId && p.namespaces.includes(ref.namespace));
  if (!owner) return undefined;
  const { account, regionId } = owner;
  return {
    key: `${account}/personal/${regionId}/${ref.namespace}/${ref.repository}`,
    where: `ACR Personal Edition namespace ${ref.namespace} (account ${account}, ${regionId})`,
    account,
    tags: (c) => c.listPersonalTags(regionId, ref.namespace, ref.repository),
  };
}

/** Every domain (default and custom, as ACR lists them) of each readable instance. */
async function domainsOf(instances: readonly KnownInstance[], facts: RegistryFacts): Promise<Map<string, KnownInstance>> {
  const out = new Map<string, KnownInstance>();
  const seen = new Set<string>();
  for (const instance of instances) {
    const key = `${instance.account}/${instance.regionId}/${instance.instanceId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const domains = await facts.read(instance.account, (c) => c.listDomains(instance.regionId, instance.instanceId));
    if (domains.ok) for (const d of domains.value) out.set(d.domain.toLowerCase(), instance);
  }
  return out;
}

/** null: the account could not be read (degraded). */
async function readOrNull<T>(read: Promise<{ ok: true; value: T } | { ok: false }>): Promise<T | null> {
  const r = await read;
  return r.ok ? r.value : null;
}
