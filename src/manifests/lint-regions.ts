// LINT_REGION_MISMATCH: an AcrRegistryInfo whose RegionId (or its absence, meaning "the cache's
// region") disagrees with where the instance is known to be, or an image whose ACR host names
// another region than the instance its AcrPullAccess describes.
import { report, type Context } from './context.js';
import { classifyImage } from './images.js';
import type { ResolvedPullAccess } from './resolve-pull.js';

export function lintRegions(ctx: Context, pulls: Map<string, ResolvedPullAccess>): void {
  const instanceRegion = new Map<string, string>();
  for (const p of pulls.values()) if (p.facts.registry.instanceId) instanceRegion.set(p.facts.registry.instanceId, p.facts.registry.regionId);
  for (const m of ctx.manifests.ImageCache.values()) {
    const cacheRegion = m.spec.regionId ?? ctx.accounts.get(m.spec.account)?.regionId;
    if (cacheRegion === undefined) continue;
    (m.spec.acrRegistryInfo ?? []).forEach((entry, i) => {
      const known = entry.instanceId === undefined ? undefined : instanceRegion.get(entry.instanceId);
      const effective = entry.regionId ?? cacheRegion;
      if (known === undefined || known === effective) return;
      const at = ['spec', 'acrRegistryInfo', i, ...(entry.regionId !== undefined ? ['regionId'] : [])];
      report(ctx, m, at, 'LINT_REGION_MISMATCH', `instance ${entry.instanceId} is in ${known}, but this entry ${entry.regionId === undefined ? `has no regionId (meaning the cache region ${cacheRegion})` : `says ${entry.regionId}`}`, {
        hint: `set regionId: ${known}`,
      });
    });
    const pull = m.spec.acrPullAccess === undefined ? undefined : pulls.get(m.spec.acrPullAccess);
    if (pull === undefined) continue;
    const domains = new Set(pull.facts.registry.customDomains);
    m.spec.images.forEach((image, i) => {
      const registry = classifyImage(image, domains);
      if (registry.kind !== 'acr-enterprise' && registry.kind !== 'acr-personal') return;
      if (registry.regionId === pull.facts.registry.regionId) return;
      report(ctx, m, ['spec', 'images', i], 'LINT_REGION_MISMATCH', `${registry.host} is in ${registry.regionId}, but AcrPullAccess "${pull.manifest.name}" describes an instance in ${pull.facts.registry.regionId}`, {
        hint: `fix registry.regionId of AcrPullAccess "${pull.manifest.name}" or the image's host`,
      });
    });
  }
}
