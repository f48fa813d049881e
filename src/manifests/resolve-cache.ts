// ImageCache manifests → desired caches with their AcrRegistryInfo resolved (ARNs, defaults, or the
// entry an AcrPullAccess implies for the cache's region).
import type { AcrRegistryInfo, DesiredAccount, DesiredImageCache } from '../model/desired.js';
import { parseRoleArn } from '../policy/arn.js';
import { accountOf, lookup, originOf, report, type Context } from './context.js';
import { registryInfoFor } from './expand.js';
import { classifyImage } from '../model/image-registry.js';
import { arnOfRoleRef } from './resolve-ram.js';
import type { ResolvedPullAccess } from './resolve-pull.js';
import type { PathSegment } from './source.js';
import type { Manifest, RegistryInfoSpec, RoleRefOrArn } from './types.js';

export function resolveCaches(ctx: Context, pulls: Map<string, ResolvedPullAccess>): DesiredImageCache[] {
  // Custom domain → the Enterprise instance behind it, as the AcrPullAccess manifests declare.
  const customDomains = new Map(
    [...pulls.values()].flatMap((p) => p.facts.registry.customDomains.map((d): [string, string] => [d.toLowerCase(), p.facts.registry.instanceId ?? ''])),
  );
  const out: DesiredImageCache[] = [];
  for (const m of ctx.manifests.ImageCache.values()) {
    const account = accountOf(ctx, m, ['spec', 'account'], m.spec.account);
    const regionId = m.spec.regionId ?? account?.regionId;
    // References are checked even when the account did not resolve, so one pass reports them all.
    const info = registryInfoOf(ctx, m, account, regionId, pulls);
    // Images are judged by the domains their AcrPullAccess declares: when it is invalid (already
    // reported), judging them would only add errors it caused (issue 14, finding 2).
    const pull = m.spec.acrPullAccess;
    const pullUnusable = pull !== undefined && !pulls.has(pull) && (ctx.manifests.AcrPullAccess.has(pull) || ctx.invalidNames.AcrPullAccess.has(pull));
    const imagesOk = pullUnusable || checkImages(ctx, m, customDomains);
    if (account === undefined || regionId === undefined || info === undefined || !imagesOk) continue;
    const s = m.spec;
    out.push({
      account: account.name,
      accountId: account.accountId,
      regionId,
      imageCacheName: s.imageCacheName ?? m.name,
      images: [...s.images],
      vSwitchId: s.vSwitchId,
      securityGroupId: s.securityGroupId,
      ...(s.eipInstanceId !== undefined ? { eipInstanceId: s.eipInstanceId } : {}),
      imageCacheSize: s.imageCacheSize ?? 20,
      ...(s.retentionDays !== undefined ? { retentionDays: s.retentionDays } : {}),
      tags: { ...s.tags },
      acrRegistryInfo: info,
      deletionPolicy: s.deletionPolicy ?? 'Delete',
      origin: originOf(m),
    });
  }
  return out;
}

function registryInfoOf(
  ctx: Context,
  m: Manifest<'ImageCache'>,
  account: DesiredAccount | undefined,
  regionId: string | undefined,
  pulls: Map<string, ResolvedPullAccess>,
): AcrRegistryInfo[] | undefined {
  const { acrPullAccess, acrRegistryInfo } = m.spec;
  if (acrPullAccess !== undefined && acrRegistryInfo !== undefined) {
    report(ctx, m, ['spec', 'acrRegistryInfo'], 'CONFLICTING_FIELDS', 'acrPullAccess and acrRegistryInfo are alternatives', {
      hint: 'keep acrPullAccess (derived entries) or acrRegistryInfo (explicit entries), not both',
    });
    return undefined;
  }
  if (acrPullAccess !== undefined) return fromPullAccess(ctx, m, account, regionId, pulls);
  const entries = (acrRegistryInfo ?? []).map((entry, i) => resolveEntry(ctx, m, account, entry, ['spec', 'acrRegistryInfo', i]));
  return entries.every((e) => e !== undefined) ? (entries as AcrRegistryInfo[]) : undefined;
}

function fromPullAccess(
  ctx: Context,
  m: Manifest<'ImageCache'>,
  account: DesiredAccount | undefined,
  regionId: string | undefined,
  pulls: Map<string, ResolvedPullAccess>,
): AcrRegistryInfo[] | undefined {
  const path = ['spec', 'acrPullAccess'];
  const name = m.spec.acrPullAccess as string;
  if (lookup(ctx, m, path, 'AcrPullAccess', name) === undefined) return undefined;
  const pull = pulls.get(name);
  if (pull === undefined || account === undefined || regionId === undefined) return undefined; // reported elsewhere
  if (pull.facts.eci.account !== account.name) {
    report(ctx, m, path, 'WRONG_ACCOUNT', `AcrPullAccess "${name}" grants pulls to account "${pull.facts.eci.account}", but this cache is in "${account.name}"`, {
      hint: 'use an AcrPullAccess whose eciAccount is the cache\'s account',
    });
    return undefined;
  }
  const info = registryInfoFor(pull.facts, regionId);
  return info === undefined ? [] : [info];
}

function resolveEntry(ctx: Context, m: Manifest<'ImageCache'>, account: DesiredAccount | undefined, entry: RegistryInfoSpec, at: PathSegment[]): AcrRegistryInfo | undefined {
  let ok = true;
  if ((entry.domains ?? []).length > 0 && entry.instanceId === undefined) {
    report(ctx, m, at, 'MISSING_INSTANCE_ID', 'an entry with custom domains needs the instanceId of the Enterprise instance behind them', {
      hint: 'add instanceId: cri-… (ECI finds a custom-domain instance only by its id)',
    });
    ok = false;
  }
  if (entry.arnUser !== undefined && entry.arnService === undefined) {
    report(ctx, m, at, 'MISSING_FIELD', 'arnUser needs arnService: ECI assumes the ArnService role first, and that session assumes ArnUser', {
      hint: 'add arnService: {roleRef: <role in the cache account trusted by eci.aliyuncs.com>}',
    });
    ok = false;
  }
  const arnService = entry.arnService === undefined ? undefined : roleArnOf(ctx, m, entry.arnService, [...at, 'arnService']);
  const arnUser = entry.arnUser === undefined ? undefined : roleArnOf(ctx, m, entry.arnUser, [...at, 'arnUser']);
  if (arnService === null || arnUser === null || !ok) return undefined;
  if (account === undefined) return undefined;
  if (arnService !== undefined && !sameAccount(ctx, m, arnService, account, [...at, 'arnService'])) return undefined;
  const info: AcrRegistryInfo = {};
  if (entry.instanceId !== undefined) info.instanceId = entry.instanceId;
  if (entry.instanceName !== undefined) info.instanceName = entry.instanceName;
  if (entry.regionId !== undefined) info.regionId = entry.regionId;
  if (entry.domains !== undefined) info.domains = [...entry.domains];
  if (arnService !== undefined) info.arnService = arnService;
  if (arnUser !== undefined) info.arnUser = arnUser;
  return info;
}

/** The ARN, or null when it cannot be resolved (already reported). */
function roleArnOf(ctx: Context, m: Manifest<'ImageCache'>, ref: RoleRefOrArn, at: PathSegment[]): string | null {
  if (ref.arn !== undefined) return ref.arn;
  const target = lookup(ctx, m, [...at, 'roleRef'], 'RamRole', ref.roleRef);
  return (target && arnOfRoleRef(ctx, target)) ?? null;
}

function sameAccount(ctx: Context, m: Manifest<'ImageCache'>, arn: string, account: DesiredAccount, at: PathSegment[]): boolean {
  const parsed = parseRoleArn(arn);
  if (parsed === undefined || parsed.accountId === account.accountId) return true;
  report(ctx, m, at, 'WRONG_ACCOUNT', `arnService must be a role in the cache's account ${account.accountId}, not ${parsed.accountId}`, {
    hint: 'ArnService is the role ECI assumes in its own account; the registry account\'s role goes in arnUser',
  });
  return false;
}

/** Password-free pulls work for ACR images only. */
function checkImages(ctx: Context, m: Manifest<'ImageCache'>, pullDomains: Map<string, string>): boolean {
  const entries = m.spec.acrRegistryInfo ?? [];
  if (m.spec.acrPullAccess === undefined && entries.length === 0) return true;
  // Entry domains are few; the manifest-wide set is shared, never copied per cache.
  const entryDomains = entries.flatMap((e) => (e.domains ?? []).map((d) => d.toLowerCase()));
  const domains = { has: (host: string) => pullDomains.has(host) || entryDomains.includes(host) };
  let ok = true;
  m.spec.images.forEach((image, i) => {
    const registry = classifyImage(image, domains);
    if (registry.kind === 'custom-domain') return void (ok = checkCustomDomainEntry(ctx, m, i, registry.host, pullDomains) && ok);
    if (registry.kind !== 'other') return;
    ok = false;
    report(ctx, m, ['spec', 'images', i], 'NON_ACR_IMAGE', `${image} is not in Alibaba Container Registry (host ${registry.host}), so it cannot be pulled without a password`, {
      hint: 'move the image to ACR, declare its custom domain on the AcrPullAccess/acrRegistryInfo, or cache it in a separate ImageCache without password-free pulls (it then needs network access and, if private, credentials)',
    });
  });
  return ok;
}

/** An image on a known custom domain needs an explicit entry naming its instance. */
function checkCustomDomainEntry(ctx: Context, m: Manifest<'ImageCache'>, i: number, host: string, pullDomains: Map<string, string>): boolean {
  const instanceId = pullDomains.get(host);
  const entries = m.spec.acrRegistryInfo;
  if (entries === undefined || !instanceId || entries.some((e) => e.instanceId === instanceId)) return true;
  report(ctx, m, ['spec', 'images', i], 'MISSING_INSTANCE_ID', `${host} is a custom domain of ${instanceId}, but no acrRegistryInfo entry names that instance`, {
    hint: `add an entry with instanceId: ${instanceId}, or use acrPullAccess instead of explicit entries`,
  });
  return false;
}
