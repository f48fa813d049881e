// doctor's walk for one image: the registry from the host, the AcrRegistryInfo entry that applies,
// the fields a custom domain or another region needs, the role chain, the pulling role's rights,
// then the repository and tag. Each link is recorded with what was read; the walk stops at the
// first broken or unreadable one. Reads only, through the ports of types.ts.
import { walkChain, type Puller } from './chain.js';
import { matchEntry, type EntryMatch } from './entries.js';
import { decidingPolicy, documentsOf } from './explain.js';
import { parseImage, type ImageRef } from './image.js';
import { describeRegistry, locateRegistry } from './registry.js';
import { checkPull, pullRequirements } from './requirements.js';
import { STOP, Trail, type Stop } from './trail.js';
import type { DoctorFacts, DoctorRequest, ImageDiagnosis, RegistryFact, Verdict } from './types.js';

export async function diagnoseImage(request: DoctorRequest, facts: DoctorFacts): Promise<ImageDiagnosis> {
  const trail = new Trail();
  const ref = parseImage(request.image);
  if (!ref) {
    trail.broken('image', `"${request.image}" is not a valid image reference`);
    return finish(request, trail, {});
  }
  trail.ok('image', `host ${ref.host}, repository ${ref.namespace}/${ref.repository}, ${ref.tag.includes(':') ? 'digest' : 'tag'} ${ref.tag}`);
  const located = await locateRegistry(ref, request, facts);
  if (located.kind === 'not-acr') {
    trail.ok('registry', located.message);
    return finish(request, trail, { notAcr: true });
  }
  if (located.kind === 'unreadable') trail.unreadable('registry', located.message);
  if (located.kind === 'missing') trail.broken('registry', `${ref.host}: ${located.message}`);
  if (located.kind !== 'found') return finish(request, trail, {});
  const registry = located.registry;
  const sameAccount = registry.accountId === request.eciAccountId;
  trail.ok('registry', `${describeRegistry(registry)}; ${sameAccount ? 'same account as ECI' : `another account than ECI's (${request.eciAccountId})`}`);
  const match = matchEntry(request.entries, registry.instanceId, ref.host);
  await walkLinks({ request, ref, registry, sameAccount, match }, facts, trail);
  return finish(request, trail, { registry, sameAccount, ...(match ? { entry: match.entry } : {}) });
}

interface WalkState {
  request: DoctorRequest;
  ref: ImageRef;
  registry: RegistryFact;
  sameAccount: boolean;
  match: EntryMatch | undefined;
}

async function walkLinks(s: WalkState, facts: DoctorFacts, trail: Trail): Promise<void> {
  if (instanceLinks(s, trail) === STOP) return;
  const puller = await pullerOf(s, facts, trail);
  if (puller === STOP) return;
  if (puller && pullPermission(s, puller, trail) === STOP) return;
  await imageExists(s, facts, trail);
}

/** InstanceId for a custom domain ("必须设置"), RegionId when the instance is in another region. */
function instanceLinks({ request, ref, registry, match, sameAccount }: WalkState, trail: Trail): Stop | undefined {
  const id = registry.instanceId ?? '?';
  if (registry.domainKind === 'custom' && !match?.byInstanceId) {
    return trail.broken('instance-id', `${ref.host} is a custom domain of instance ${id}: AcrRegistryInfo needs InstanceId ${id} (no entry names it)`);
  }
  trail.ok('instance-id', match?.byInstanceId ? `the entry names InstanceId ${id}` : `not needed (${registry.domainKind === 'personal' ? 'Personal Edition' : 'default domain'})`);
  if (match?.byInstanceId && registry.regionId !== request.regionId && match.entry.regionId !== registry.regionId) {
    const given = match.entry.regionId === undefined ? 'no RegionId' : `RegionId ${match.entry.regionId}`;
    return trail.broken('region', `instance ${id} is in ${registry.regionId}, ECI in ${request.regionId}: the entry has ${given}, needs RegionId ${registry.regionId}`);
  }
  trail.ok('region', registry.regionId === request.regionId ? `same region (${registry.regionId})` : `RegionId ${registry.regionId} reaches the instance from ${request.regionId}`);
  if (!sameAccount && !match) {
    return trail.broken('registry-info', `the registry belongs to account ${registry.accountId}: no AcrRegistryInfo entry applies to ${ref.host}; it needs one with ArnService and ArnUser`);
  }
  return undefined;
}

/** The role that pulls; undefined when the service-linked role does (same account, no ArnService). */
async function pullerOf({ request, registry, sameAccount, match }: WalkState, facts: DoctorFacts, trail: Trail): Promise<Puller | undefined | Stop> {
  const entry = match?.entry;
  if (entry?.arnService !== undefined) {
    const puller = await walkChain({ entry: { ...entry, arnService: entry.arnService }, eciAccountId: request.eciAccountId, registryAccountId: registry.accountId }, facts, trail);
    if (puller !== STOP) trail.ok('registry-info', `ECI pulls as ${puller.role.arn}`);
    return puller;
  }
  if (!sameAccount) return trail.broken('registry-info', `the registry belongs to account ${registry.accountId}: the AcrRegistryInfo entry needs ArnService and ArnUser`);
  if (entry?.arnUser !== undefined) return trail.broken('service-role', `the AcrRegistryInfo entry has ArnUser ${entry.arnUser} but no ArnService`);
  trail.ok('registry-info', 'same account, no ArnService: the service-linked role AliyunServiceRoleForECI pulls');
  return undefined;
}

function pullPermission({ ref, registry }: WalkState, puller: Puller, trail: Trail): Stop | undefined {
  const requirements = pullRequirements(registry, ref.namespace, ref.repository);
  const check = checkPull(documentsOf(puller.role.policies), requirements);
  if (check.ok) {
    const why = requirements.map((r, i) => `${check.granted[i] ?? r.action} (${decidingPolicy(puller.role.policies, r.action, r.resources[0] ?? '*')})`);
    trail.ok('pull-permission', `role ${puller.role.arn} may ${why.join('; ')}`);
    return undefined;
  }
  const { action, resources } = check.requirement;
  const why = resources.map((r) => `${r}: ${decidingPolicy(puller.role.policies, action, r)}`).join('; ');
  return trail.broken('pull-permission', `role ${puller.role.arn} is not allowed ${action} on ${resources.join(' or ')} (${why})`);
}

async function imageExists({ ref, registry }: WalkState, facts: DoctorFacts, trail: Trail): Promise<void> {
  const repo = `${ref.namespace}/${ref.repository}`;
  const acr = facts.acr(registry.accountId);
  const read = acr ? await acr.repositoryTags(registry, ref.namespace, ref.repository) : { ok: false as const, reason: `no credentials for account ${registry.accountId}` };
  if (!read.ok) {
    trail.unreadable('repository', `cannot read repository ${repo}: ${read.reason}`);
    return;
  }
  if (read.value === undefined) {
    trail.broken('repository', `repository ${repo} does not exist in ${describeRegistry(registry)}`);
    return;
  }
  trail.ok('repository', `repository ${repo} exists`);
  if (read.value.includes(ref.tag)) trail.ok('tag', `tag ${ref.tag} exists`);
  else trail.broken('tag', `tag ${ref.tag} does not exist in ${repo} (tags: ${read.value.slice(0, 10).join(', ') || 'none'})`);
}

function finish(request: DoctorRequest, trail: Trail, extra: { notAcr?: boolean; registry?: RegistryFact; sameAccount?: boolean; entry?: ImageDiagnosis['entry'] }): ImageDiagnosis {
  const broken = trail.firstBroken;
  const verdict: Verdict = broken ? (broken.status === 'unreadable' ? 'unreadable' : 'not-pullable') : extra.notAcr ? 'not-acr' : 'pullable';
  return {
    image: request.image,
    verdict,
    ...(extra.registry ? { registry: extra.registry } : {}),
    ...(extra.sameAccount !== undefined ? { sameAccount: extra.sameAccount } : {}),
    ...(extra.entry ? { entry: extra.entry } : {}),
    links: trail.links,
    ...(broken ? { firstBroken: broken.link } : {}),
  };
}
