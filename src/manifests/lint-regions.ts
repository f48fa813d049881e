// UNKNOWN_REGION: a regionId that is not one of Alibaba's public region IDs (data/regions.ts): an
// error with the nearest IDs, or a warning with --allow-unknown-regions (a region opened since).
// LINT_REGION_MISMATCH: an AcrRegistryInfo whose RegionId (or its absence, meaning "the cache's
// region") disagrees with where the instance is known to be, or an image whose ACR host names
// another region than the instance its AcrPullAccess describes.
import { report, type Context } from './context.js';
import { classifyImage } from '../model/image-registry.js';
import { REGIONS_RETRIEVED } from './data/regions.js';
import { isKnownRegion, likelyRegions, regionHint } from './regions.js';
import type { ResolvedPullAccess } from './resolve-pull.js';
import type { PathSegment } from './source.js';
import type { Manifest } from './types.js';

/** Every region a manifest names, with where it is written. */
function regionFields(ctx: Context): { m: Manifest; at: PathSegment[]; regionId: string | undefined }[] {
  return [
    ...[...ctx.manifests.Account.values()].map((m) => ({ m: m as Manifest, at: ['spec', 'regionId'], regionId: m.spec.regionId })),
    ...[...ctx.manifests.AcrPullAccess.values()].map((m) => ({ m: m as Manifest, at: ['spec', 'registry', 'regionId'], regionId: m.spec.registry.regionId })),
    ...[...ctx.manifests.ImageCache.values()].flatMap((m) => [
      { m: m as Manifest, at: ['spec', 'regionId'], regionId: m.spec.regionId },
      ...(m.spec.acrRegistryInfo ?? []).map((entry, i) => ({ m: m as Manifest, at: ['spec', 'acrRegistryInfo', i, 'regionId'], regionId: entry.regionId })),
    ]),
  ];
}

export function checkRegionIds(ctx: Context): void {
  const allowed = ctx.options.allowUnknownRegions === true;
  for (const { m, at, regionId } of regionFields(ctx)) {
    if (regionId === undefined || isKnownRegion(regionId)) continue;
    const near = likelyRegions(regionId).length > 0 ? `; ${regionHint(regionId)}` : '';
    const before = ctx.diagnostics.length;
    report(ctx, m, at, 'UNKNOWN_REGION', `regionId "${regionId}" is not an Alibaba Cloud region ID${near}`, {
      hint: allowed ? 'kept as written (--allow-unknown-regions)' : `${near === '' ? `${regionHint(regionId)}; ` : ''}for a region Alibaba opened after ${REGIONS_RETRIEVED}, pass --allow-unknown-regions`,
    });
    if (allowed) ctx.diagnostics[before] = { ...ctx.diagnostics[before]!, severity: 'warning' };
  }
}

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
