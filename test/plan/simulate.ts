// Test support (moved out of src/plan: only tests use it). What the cloud would look like after
// every step of a plan succeeded: a pure model, used by the property test "plan(desired,
// simulate(observed, plan)) has no steps". It models RAM and ECI only as far as the plan's operations
// need (new caches are Ready at once; versions are numbered upwards).
import type { ObservedImageCache, ObservedPolicy, ObservedRole, Tags } from '../../src/model/observed.js';
import type { ObservedAccountState, ObservedState } from '../../src/plan/observed-state.js';
import { isDetailedPolicy, isDetailedRole } from '../../src/plan/observed-state.js';
import type { Plan } from '../../src/plan/plan.js';
import type { Step } from '../../src/plan/steps.js';

export function simulate(observed: ObservedState, plan: Plan): ObservedState {
  // structuredClone: the model is mutated below, the caller's observed state never is.
  const next: ObservedState = structuredClone(observed);
  let counter = 0;
  for (const step of plan.steps) {
    const account = next.accounts.find((a) => a.accountName === step.accountName);
    if (account) applyStep(account, step, () => `imc-sim-${(counter += 1)}`);
  }
  return next;
}

function role(account: ObservedAccountState, name: string): ObservedRole | undefined {
  const r = account.roles.find((x) => x.roleName === name);
  return r && isDetailedRole(r) ? r : undefined;
}

function policy(account: ObservedAccountState, name: string): ObservedPolicy | undefined {
  const p = account.policies.find((x) => x.policyName === name);
  return p && isDetailedPolicy(p) ? p : undefined;
}

function retag(tags: Tags, set: Tags, remove: string[]): Tags {
  const out: Tags = { ...tags, ...set };
  for (const key of remove) delete out[key];
  return out;
}

function nextVersionId(p: ObservedPolicy): string {
  const max = Math.max(0, ...p.versions.map((v) => Number(/^v(\d+)$/.exec(v.versionId)?.[1] ?? 0)));
  return `v${max + 1}`;
}

function applyStep(account: ObservedAccountState, step: Step, newId: () => string): void {
  switch (step.op) {
    case 'tag': {
      const list: { tags: Tags; roleName?: string; policyName?: string }[] = step.resourceType === 'role' ? account.roles : account.policies;
      for (const r of list) if ((r.roleName ?? r.policyName) === step.name) r.tags = retag(r.tags, step.set, step.remove);
      return;
    }
    case 'create-policy':
      account.policies.push({
        policyName: step.policyName,
        description: step.description,
        defaultVersion: 'v1',
        tags: { ...step.tags },
        versions: [{ versionId: 'v1', isDefault: true, createDate: '9999', document: step.document }],
      });
      return;
    case 'delete-policy-version': {
      const p = policy(account, step.policyName);
      if (p) p.versions = p.versions.filter((v) => v.versionId !== step.versionId || v.isDefault);
      return;
    }
    case 'create-policy-version': {
      const p = policy(account, step.policyName);
      if (!p) return;
      const versionId = nextVersionId(p);
      for (const v of p.versions) v.isDefault = false;
      p.versions.push({ versionId, isDefault: true, createDate: '9999', document: step.document });
      p.defaultVersion = versionId;
      return;
    }
    case 'set-default-policy-version': {
      const p = policy(account, step.policyName);
      if (!p || !p.versions.some((v) => v.versionId === step.versionId)) return;
      for (const v of p.versions) v.isDefault = v.versionId === step.versionId;
      p.defaultVersion = step.versionId;
      return;
    }
    case 'delete-policy':
      account.policies = account.policies.filter((p) => p.policyName !== step.policyName);
      return;
    case 'create-role':
      account.roles.push({
        roleName: step.roleName,
        arn: `acs:ram::${account.accountId}:role/${step.roleName}`,
        description: step.description,
        maxSessionDuration: step.maxSessionDuration,
        tags: { ...step.tags },
        trustDocument: step.trustDocument,
        attachedPolicies: [],
      });
      return;
    case 'update-role': {
      const r = role(account, step.roleName);
      if (!r) return;
      if (step.trustDocument !== undefined) r.trustDocument = step.trustDocument;
      if (step.description !== undefined) r.description = step.description;
      if (step.maxSessionDuration !== undefined) r.maxSessionDuration = step.maxSessionDuration;
      return;
    }
    case 'attach': {
      const r = role(account, step.roleName);
      const same = (p: { policyType: string; policyName: string }) => p.policyType === step.policy.policyType && p.policyName === step.policy.policyName;
      if (r && !r.attachedPolicies.some(same)) r.attachedPolicies.push({ ...step.policy });
      return;
    }
    case 'detach': {
      const r = role(account, step.roleName);
      if (r) r.attachedPolicies = r.attachedPolicies.filter((p) => p.policyType !== step.policy.policyType || p.policyName !== step.policy.policyName);
      return;
    }
    case 'delete-role':
      account.roles = account.roles.filter((r) => r.roleName !== step.roleName);
      return;
    case 'create-image-cache': {
      const cache: ObservedImageCache = {
        regionId: step.params.regionId,
        imageCacheId: newId(),
        imageCacheName: step.params.imageCacheName,
        status: 'Ready',
        images: [...step.params.images],
        imageCacheSize: step.params.imageCacheSize,
        tags: { ...step.params.tags },
        events: [],
      };
      account.imageCaches.push(cache);
      return;
    }
    case 'update-image-cache': {
      const c = account.imageCaches.find((x) => x.imageCacheId === step.imageCacheId);
      if (!c) return;
      Object.assign(c, { images: [...step.images], imageCacheSize: step.imageCacheSize, tags: { ...c.tags, ...step.tags }, status: 'Ready' });
      return;
    }
    case 'delete-image-cache':
      account.imageCaches = account.imageCaches.filter((c) => c.imageCacheId !== step.imageCacheId);
      return;
  }
}
