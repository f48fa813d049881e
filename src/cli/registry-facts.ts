// What `plan` and `run --once` read from ACR before planning, besides instance names
// (src/engine/registry-facts.ts): the advice on ImageCache images that do not exist in ACR.
import type { LoadResult } from '../manifests/load.js';
import { checkCacheImages, type KnownInstance, type KnownPersonal } from '../engine/image-check.js';
import type { RegistryFacts } from '../engine/registry-facts.js';
import type { Logger } from '../runtime/logger.js';

/** The registries the AcrPullAccesses name, and a warning line for each cache image missing in ACR. */
export async function warnAboutCacheImages(loaded: LoadResult, facts: RegistryFacts, logger: Logger): Promise<void> {
  if (!loaded.state) return;
  const registries = loaded.expansions.map(({ facts: f }) => f.registry);
  const instances: KnownInstance[] = registries.flatMap((r) => (r.edition === 'Enterprise' && r.instanceId ? [{ account: r.account, regionId: r.regionId, instanceId: r.instanceId }] : []));
  const personal: KnownPersonal[] = registries.flatMap((r) => (r.edition === 'Personal' && r.namespaces ? [{ account: r.account, regionId: r.regionId, namespaces: r.namespaces }] : []));
  if (instances.length === 0 && personal.length === 0) return;
  for (const w of await checkCacheImages(loaded.state.imageCaches, instances, facts, personal)) logger.warn(w.message, { imageCache: w.cache, image: w.image });
}
