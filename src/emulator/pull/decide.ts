// The pull decision: resolve the registry, pick the AcrRegistryInfo entry, walk the role chain,
// check the pulling role's permissions, then check that the image exists. The first broken link
// is reported; its message is what the cache's Warning event shows.
import { walkChain } from './chain.js';
import { matchEntry } from './entries.js';
import { missingPermission, pullRequirements, type PullTarget } from './requirements.js';
import { describeRegistry, findRepository, formatImageRef, parseImageRef, resolveRegistry, type ImageRef, type RegistryTarget } from './reference.js';
import { DEFAULT_IMAGE_SIZE_GIB, type PullDecision, type PullLink, type PullRequest, type PullVia, type PullWorld } from './types.js';

type AcrTarget = Extract<RegistryTarget, { kind: 'acr' }>;

const fail = (link: PullLink, message: string): PullDecision => ({ ok: false, link, message });

export function decidePull(request: PullRequest, world: PullWorld): PullDecision {
  const ref = parseImageRef(request.image);
  if (!ref) return fail('image-reference', `"${request.image}" is not a valid image reference`);
  const target = resolveRegistry(ref, world.registries);
  if (target.kind === 'public') return decidePublic(request, ref, world);
  if (target.kind === 'unknown-acr') return fail('registry', `${ref.host}: ${target.message}`);
  return decideAcr(request, ref, target, world);
}

function decideAcr(request: PullRequest, ref: ImageRef, target: AcrTarget, world: PullWorld): PullDecision {
  const { registry, accountId: registryAccountId } = target.owned;
  const label = describeRegistry(target.owned);
  const match = matchEntry(request.acrRegistryInfo, registry.instanceId, ref.host);
  const sameAccount = registryAccountId === request.accountId;

  if (target.domainKind === 'custom' && !match?.byInstanceId) {
    return fail('instance-id', `${ref.host} is a custom domain of ${label}: AcrRegistryInfo needs InstanceId ${registry.instanceId ?? '?'}`);
  }
  if (match?.byInstanceId && registry.regionId !== request.regionId && match.entry.regionId !== registry.regionId) {
    return fail('region', `${label} is in region ${registry.regionId}, not ${request.regionId}: AcrRegistryInfo needs RegionId ${registry.regionId}`);
  }
  if (!sameAccount && !match) {
    return fail('acr-registry-info', `${label} belongs to another account: the pull needs an AcrRegistryInfo entry with ArnService and ArnUser`);
  }

  let via: PullVia = 'service-linked-role';
  const entry = match?.entry;
  if (entry?.arnService !== undefined) {
    const chain = walkChain(world, { ...entry, arnService: entry.arnService }, request.accountId, registryAccountId, label);
    if (!chain.ok) return chain;
    const denied = missingPullPermission(world, chain, acrTarget(target));
    if (denied) return fail('pull-permission', denied);
    via = chain.pullerAccountId === request.accountId ? 'arn-service' : 'cross-account';
  } else if (!sameAccount) {
    return fail('acr-registry-info', `${label} belongs to another account: the AcrRegistryInfo entry needs ArnService and ArnUser`);
  } else if (entry?.arnUser !== undefined) {
    return fail('arn-service', `the AcrRegistryInfo entry has ArnUser ${entry.arnUser} but no ArnService`);
  }
  // Same account without ArnService: AliyunServiceRoleForECI pulls (custom domains once named by InstanceId).

  const repo = findRepository(target.owned, target.namespace, target.repository);
  const repoName = `${target.namespace}/${target.repository}`;
  if (!repo) return fail('repository', `repository ${repoName} does not exist in ${label}`);
  if (!repo.tags.includes(ref.tag)) return fail('tag', `tag ${ref.tag} does not exist in repository ${repoName} of ${label}`);
  return { ok: true, via, sizeGiB: repo.sizeGiB ?? DEFAULT_IMAGE_SIZE_GIB };
}

function acrTarget(target: AcrTarget): PullTarget {
  const { registry, accountId } = target.owned;
  return {
    edition: registry.edition,
    accountId,
    regionId: registry.regionId,
    ...(registry.instanceId === undefined ? {} : { instanceId: registry.instanceId }),
    namespace: target.namespace,
    repository: target.repository,
  };
}

/** The pulling role against the emulator's own requirement table (requirements.ts). */
function missingPullPermission(
  world: PullWorld,
  puller: { pullerAccountId: string; pullerRoleName: string; pullerArn: string },
  target: PullTarget,
): string | undefined {
  const docs = world.ram.policiesOf(puller.pullerAccountId, { kind: 'role', roleName: puller.pullerRoleName });
  const missing = missingPermission(pullRequirements(target), (action, resource) => world.policy.evaluate(docs, action, resource));
  return missing === undefined ? undefined : `role ${puller.pullerArn} is not allowed ${missing}`;
}

/** Non-ACR images never use AcrRegistryInfo; they need to be known and reachable from the internet. */
function decidePublic(request: PullRequest, ref: ImageRef, world: PullWorld): PullDecision {
  const wanted = formatImageRef(ref);
  const known = world.publicImages.find((p) => {
    const parsed = parseImageRef(p.image);
    return parsed !== undefined && formatImageRef(parsed) === wanted;
  });
  if (!known) return fail('public-image', `image ${wanted} was not found (not an ACR image and not a seeded public image)`);
  const nat = world.natVSwitchIds(request.accountId);
  const hasEip = (request.eipInstanceId ?? '') !== '';
  if (!hasEip && !request.vSwitchIds.some((id) => nat.includes(id))) {
    const vsw = request.vSwitchIds.length === 0 ? 'no vSwitch' : `vSwitch ${request.vSwitchIds.join(',')} has no NAT`;
    return fail('network', `public image ${wanted} needs internet access: no EipInstanceId and ${vsw}`);
  }
  return { ok: true, via: 'public', sizeGiB: known.sizeGiB ?? DEFAULT_IMAGE_SIZE_GIB };
}
