// What `plan` and `run --once` read from ACR before planning, besides instance names
// (src/engine/registry-facts.ts): the advice on ImageCache images that do not exist in ACR.
import type { LoadResult } from '../manifests/load.js';
import { checkCacheImages, type KnownInstance } from '../engine/image-check.js';
import type { RegistryFacts } from '../engine/registry-facts.js';
import type { Logger } from '../runtime/logger.js';

/** The instances the AcrPullAccesses name, and a warning line for each cache image missing in ACR. */
export async function warnAboutCacheImages(loaded: LoadResult, facts: RegistryFacts, logger: Logger): Promise<void> {
  if (!loaded.state) return;
  const instances: KnownInstance[] = loaded.expansions.flatMap(({ facts: f }) =>
    f.registry.edition === 'Enterprise' && f.registry.instanceId ? [{ account: f.registry.account, regionId: f.registry.regionId, instanceId: f.registry.instanceId }] : [],
  );
  if (instances.length === 0) return;
  for (const w of await checkCacheImages(loaded.state.imageCaches, instances, facts)) logger.warn(w.message, { imageCache: w.cache, image: w.image });
}
