// One plan step → cloud calls. Every write is safe to repeat (ARCHITECTURE §5 "idempotent writes"):
// deletes/detaches of what is already gone and attaches of what is already attached succeed in the
// adapter; creates that meet an existing resource re-read it and converge it if it is ours.
import type { AccountCloud } from '../cloud/provider.js';
import type { Tags } from '../model/observed.js';
import { FINGERPRINT_TAG, OWNER_TAG } from '../model/ownership.js';
import { policiesEquivalent } from '../policy/normalise.js';
import { parsePolicyJson } from '../policy/parse.js';
import type { Step } from '../plan/steps.js';
import { cacheClientToken, ownedByOthersReason, ownershipOf } from '../plan/tags.js';
import { engineConflict, isAlreadyExists } from './errors.js';

export interface StepResult {
  imageCacheId?: string;
}

const TOKEN_ATTEMPTS = 4;

export async function executeStep(cloud: AccountCloud, step: Step): Promise<StepResult> {
  switch (step.op) {
    case 'tag':
      if (Object.keys(step.set).length > 0) await cloud.tagResources(step.resourceType, [step.name], step.set);
      if (step.remove.length > 0) await cloud.untagResources(step.resourceType, [step.name], step.remove);
      return {};
    case 'create-policy':
      return guardCreate(() => cloud.createPolicy(step), () => convergeExistingPolicy(cloud, step.policyName, step.document, step.tags));
    case 'delete-policy-version':
      await cloud.deletePolicyVersion(step.policyName, step.versionId);
      return {};
    case 'create-policy-version':
      await cloud.createPolicyVersion(step.policyName, step.document);
      return {};
    case 'set-default-policy-version':
      await cloud.setDefaultPolicyVersion(step.policyName, step.versionId);
      return {};
    case 'delete-policy':
      await cloud.deletePolicy(step.policyName);
      return {};
    case 'create-role':
      return guardCreate(
        () => cloud.createRole(step),
        () => convergeExistingRole(cloud, step.roleName, step.trustDocument, step.description, step.maxSessionDuration, step.tags),
      );
    case 'update-role':
      await cloud.updateRole({
        roleName: step.roleName,
        ...(step.trustDocument !== undefined ? { trustDocument: step.trustDocument } : {}),
        ...(step.description !== undefined ? { description: step.description } : {}),
        ...(step.maxSessionDuration !== undefined ? { maxSessionDuration: step.maxSessionDuration } : {}),
      });
      return {};
    case 'attach':
      await cloud.attachPolicy(step.roleName, step.policy);
      return {};
    case 'detach':
      await cloud.detachPolicy(step.roleName, step.policy);
      return {};
    case 'delete-role':
      await cloud.deleteRole(step.roleName);
      return {};
    case 'create-image-cache':
      return { imageCacheId: await createCache(cloud, step) };
    case 'update-image-cache': {
      const input = { regionId: step.regionId, imageCacheId: step.imageCacheId, imageCacheName: step.imageCacheName, images: step.images, imageCacheSize: step.imageCacheSize, tags: step.tags };
      await cloud.updateImageCache(step.retentionDays === undefined ? input : { ...input, retentionDays: step.retentionDays });
      return {};
    }
    case 'delete-image-cache':
      await cloud.deleteImageCache(step.regionId, step.imageCacheId);
      return {};
  }
}

async function guardCreate(create: () => Promise<void>, onExists: () => Promise<void>): Promise<StepResult> {
  try {
    await create();
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    await onExists();
  }
  return {};
}

/** CreateRole met an existing role (a race, or a retry whose first attempt succeeded): converge it if it is ours. */
async function convergeExistingRole(cloud: AccountCloud, roleName: string, trust: string, description: string, maxSessionDuration: number, ours: Tags): Promise<void> {
  const summary = (await cloud.listRoles()).find((r) => r.roleName === roleName);
  if (summary === undefined) throw engineConflict(`role ${roleName}`, 'CreateRole said the role exists, but it cannot be found');
  refuseUnlessOurs(`role ${roleName}`, summary.tags, ours);
  const role = await cloud.getRole(roleName, summary);
  const parsedHave = role ? parsePolicyJson(role.trustDocument) : undefined;
  const parsedWant = parsePolicyJson(trust);
  const same = parsedHave?.ok && parsedWant.ok && policiesEquivalent(parsedHave.document, parsedWant.document);
  if (same && role?.maxSessionDuration === maxSessionDuration && (description === '' || role.description === description)) return;
  await cloud.updateRole({ roleName, trustDocument: trust, maxSessionDuration, ...(description ? { description } : {}) });
}

async function convergeExistingPolicy(cloud: AccountCloud, policyName: string, document: string, ours: Tags): Promise<void> {
  const summary = (await cloud.listCustomPolicies()).find((p) => p.policyName === policyName);
  if (summary === undefined) throw engineConflict(`policy ${policyName}`, 'CreatePolicy said the policy exists, but it cannot be found');
  refuseUnlessOurs(`policy ${policyName}`, summary.tags, ours);
  const policy = await cloud.getPolicy(policyName, summary);
  const current = policy?.versions.find((v) => v.isDefault);
  const have = current ? parsePolicyJson(current.document) : undefined;
  const want = parsePolicyJson(document);
  if (have?.ok && want.ok && policiesEquivalent(have.document, want.document)) return;
  await cloud.createPolicyVersion(policyName, document);
}

/**
 * A create that met an existing resource converges it only when it is this set's (or unclaimed, made
 * before ownership scopes): one created concurrently by someone else, or by another manifest set
 * (another daemon on the same account), is a conflict and is left as it is.
 */
function refuseUnlessOurs(what: string, tags: Tags, ours: Tags): void {
  const owner = ownershipOf(tags, ours[OWNER_TAG] ?? '');
  if (owner.kind === 'unmanaged') throw engineConflict(what, 'conflict: not managed (created concurrently by someone else)');
  if (owner.kind === 'theirs') throw engineConflict(what, ownedByOthersReason(owner.owner));
}

/**
 * CreateImageCache with a deterministic ClientToken. A token's remembered answer may name a cache
 * that is gone (deleted by hand) or one this create replaces (a Failed cache being recreated): then
 * the next salted token is tried. Deterministic tokens + our manifest tag mean a crash and rerun
 * never makes a duplicate: the rerun either finds the cache by tag, or repeats the same token.
 */
async function createCache(cloud: AccountCloud, step: Extract<Step, { op: 'create-image-cache' }>): Promise<string> {
  for (let attempt = 0; attempt < TOKEN_ATTEMPTS; attempt += 1) {
    const clientToken = cacheClientToken(step.tokenSeed, attempt);
    const { imageCacheId } = await cloud.createImageCache({ ...step.params, clientToken });
    if (step.replaces.includes(imageCacheId)) continue;
    const created = await cloud.getImageCache(step.params.regionId, imageCacheId);
    if (created !== undefined && created.tags[FINGERPRINT_TAG] === step.params.tags[FINGERPRINT_TAG]) return imageCacheId;
  }
  throw engineConflict(`image cache ${step.params.imageCacheName}`, 'every ClientToken answered with a cache that is gone or being replaced');
}
