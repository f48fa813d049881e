// `plan`'s advice on ImageCache images: an image in an ACR Enterprise instance the manifests pull
// from, whose repository or tag does not exist, would leave the cache `Failed`. One warning per
// image; read-only; an account ACR cannot be read in is skipped (RegistryFacts says so once).
import { parseImage, type ImageRef } from '../model/image-ref.js';
import type { DesiredImageCache } from '../model/desired.js';
import type { RegistryRepository } from '../cloud/registry.js';
import type { RegistryFacts } from './registry-facts.js';

/** An Enterprise instance the manifests name (an AcrPullAccess's registry). */
export interface KnownInstance {
  account: string;
  regionId: string;
  instanceId: string;
}

/**
 * An ACR Enterprise image as plan checks it: exactly `host/namespace/repository`. Others: undefined.
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

export async function checkCacheImages(caches: readonly DesiredImageCache[], instances: readonly KnownInstance[], facts: RegistryFacts): Promise<ImageWarning[]> {
  const byDomain = await domainsOf(instances, facts);
  const repos = new Map<string, Promise<RegistryRepository | undefined | null>>();
  const tags = new Map<string, Promise<string[] | null>>();
  const warnings: ImageWarning[] = [];
  for (const cache of caches) {
    for (const image of cache.images) {
      const ref = checkableImage(image);
      const instance = ref && byDomain.get(ref.host);
      if (!ref || !instance) continue;
      const { account, regionId, instanceId } = instance;
      const repoKey = `${account}/${instanceId}/${ref.namespace}/${ref.repository}`;
      if (!repos.has(repoKey)) repos.set(repoKey, readOrNull(facts.read(account, (c) => c.findRepository(regionId, instanceId, ref.namespace, ref.repository))));
      const repo = await repos.get(repoKey)!;
      if (repo === null) continue;
      const where = `ACR instance ${instanceId} (account ${account}, ${regionId})`;
      const say = (what: string) => warnings.push({ cache: cache.imageCacheName, image, message: `ImageCache ${cache.imageCacheName}: image ${image}: ${what} in ${where}; the cache would end Failed` });
      if (repo === undefined) {
        say(`repository ${ref.namespace}/${ref.repository} does not exist`);
        continue;
      }
      // A digest reference (`@sha256:…`): only its repository is checked.
      if (ref.tag.includes(':')) continue;
      if (!tags.has(repo.repoId)) tags.set(repo.repoId, readOrNull(facts.read(account, (c) => c.listTags(regionId, instanceId, repo.repoId))));
      const list = await tags.get(repo.repoId)!;
      if (list !== null && !list.includes(ref.tag)) say(`tag ${ref.tag} does not exist in repository ${ref.namespace}/${ref.repository}`);
    }
  }
  return warnings;
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
