// What `plan` and `run --once` read from ACR before planning: the ids of AcrPullAccess instances
// named by instanceName, and the advice on ImageCache images that do not exist in ACR.
import type { LoadResult } from '../manifests/load.js';
import type { InstanceNameAnswer, InstanceNameLookup } from '../manifests/context.js';
import { checkCacheImages, type KnownInstance } from '../engine/image-check.js';
import type { RegistryFacts } from '../engine/registry-facts.js';
import type { Logger } from '../runtime/logger.js';

/**
 * One ListInstance per name (a name can be used by several accesses). A name that ACR does not know,
 * or that cannot be looked up, is answered with a problem naming the account and region: the loader
 * reports it at that access's instanceName, and the run stops before any call that writes.
 */
export async function lookUpInstanceNames(lookups: readonly InstanceNameLookup[], facts: RegistryFacts): Promise<Map<string, InstanceNameAnswer>> {
  const answers = new Map<string, InstanceNameAnswer>();
  for (const l of lookups) {
    if (answers.has(l.key)) continue;
    const where = `account ${l.account} (${l.accountId}), region ${l.regionId}`;
    const found = await facts.read(l.account, (c) => c.findInstanceByName(l.regionId, l.instanceName));
    if (!found.ok) answers.set(l.key, { problem: `instanceName "${l.instanceName}" could not be looked up in ACR of ${where} (see the ACR line above)` });
    else if (!found.value) answers.set(l.key, { problem: `no ACR Enterprise instance named "${l.instanceName}" in ${where}` });
    else answers.set(l.key, { instanceId: found.value.instanceId });
  }
  return answers;
}

/** The instances the AcrPullAccesses name, and a warning line for each cache image missing in ACR. */
export async function warnAboutCacheImages(loaded: LoadResult, facts: RegistryFacts, logger: Logger): Promise<void> {
  if (!loaded.state) return;
  const instances: KnownInstance[] = loaded.expansions.flatMap(({ facts: f }) =>
    f.registry.edition === 'Enterprise' && f.registry.instanceId ? [{ account: f.registry.account, regionId: f.registry.regionId, instanceId: f.registry.instanceId }] : [],
  );
  if (instances.length === 0) return;
  for (const w of await checkCacheImages(loaded.state.imageCaches, instances, facts)) logger.warn(w.message, { imageCache: w.cache, image: w.image });
}
