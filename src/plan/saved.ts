// Saved plans (`plan --out FILE`, `run --once --plan FILE`): the plan, the digest of the desired state
// it was made for, and per planned resource a fingerprint of the live state it was planned against.
// Pure: building, checking and comparing; reading and writing the file is src/cli's business.
//
// Why fingerprints and not the observed objects: the file is posted as a CI artifact, so it holds
// what a reviewer needs (the plan) and hashes of the rest. Nothing in a plan is a secret: documents,
// names, tags and redacted error messages; credentials never enter the desired or observed state.
import { createHash } from 'node:crypto';
import type { DesiredState } from '../model/desired.js';
import { parseKey } from '../model/keys.js';
import type { ObservedImageCache, ObservedPolicy, ObservedPolicySummary, ObservedRole, ObservedRoleSummary } from '../model/observed.js';
import { MANIFEST_TAG } from '../model/ownership.js';
import { canonicalJson } from '../policy/normalise.js';
import type { ObservedState } from './observed-state.js';
import type { Plan } from './plan.js';
import type { ResourceDiff } from './types.js';

export const SAVED_PLAN_FORMAT_VERSION = 1;
export const SAVED_PLAN_KIND = 'eci-acr-reconciler/saved-plan';

export interface SavedPlan {
  formatVersion: typeof SAVED_PLAN_FORMAT_VERSION;
  kind: typeof SAVED_PLAN_KIND;
  /** When the live state was read (ISO 8601). */
  createdAt: string;
  /** What the plan was made for: the desired state's digest, and the manifest files' digests (to name what changed). */
  manifests: { digest: string; files: Record<string, string> };
  prune: boolean;
  maxDeletes: number;
  /** Resource key → fingerprint of its live state when planned (`absent` when it did not exist). */
  live: Record<string, string>;
  plan: Plan;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The desired state's digest: what the manifests mean, not where they were read from. Origins'
 * file and line are left out, so a CI job that checks the repository out elsewhere gets the same
 * digest; any change of meaning (a name, a document, an image, an account) changes it.
 */
export function desiredDigest(desired: DesiredState): string {
  const located = (o: { origin: { file?: string; line?: number } }) => ({ ...o, origin: { ...o.origin, file: undefined, line: undefined } });
  const meaning = {
    accounts: desired.accounts.map(located),
    roles: desired.roles.map(located),
    policies: desired.policies.map(located),
    imageCaches: desired.imageCaches.map(located),
  };
  return sha256(canonicalJson(JSON.parse(JSON.stringify(meaning))));
}

export function savedPlan(input: { plan: Plan; desired: DesiredState; observed: ObservedState; files: ReadonlyMap<string, string>; prune: boolean; maxDeletes: number; now: number }): SavedPlan {
  return {
    formatVersion: SAVED_PLAN_FORMAT_VERSION,
    kind: SAVED_PLAN_KIND,
    createdAt: new Date(input.now).toISOString(),
    manifests: { digest: desiredDigest(input.desired), files: Object.fromEntries([...input.files].sort(([a], [b]) => a.localeCompare(b))) },
    prune: input.prune,
    maxDeletes: input.maxDeletes,
    live: liveFingerprints(input.plan.diffs.map((d) => d.key), input.observed),
    plan: input.plan,
  };
}

/** Fingerprints of the live state of `keys`, as `observed` read them. */
export function liveFingerprints(keys: string[], observed: ObservedState): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, fingerprint(key, observed)]));
}

/** An account that could not be read has no comparable state: `unread`, which never matches a plan's. */
function fingerprint(key: string, observed: ObservedState): string {
  const parsed = parseKey(key);
  const account = parsed && observed.accounts.find((a) => a.accountId === parsed.accountId);
  if (!parsed || !account) return 'unread';
  if (account.error) return `unread: ${account.error.code ?? account.error.message}`;
  const name = parsed.rest.join('/');
  if (parsed.kind === 'role') return hashOf(account.roles.find((r) => r.roleName === name), roleFacts);
  if (parsed.kind === 'policy') return hashOf(account.policies.find((p) => p.policyName === name), policyFacts);
  const [regionId, ...manifest] = parsed.rest;
  const caches = account.imageCaches.filter((c) => c.regionId === regionId && c.tags[MANIFEST_TAG] === `ImageCache/${manifest.join('/')}`);
  return caches.length === 0 ? 'absent' : sha256(canonicalJson(caches.map(cacheFacts).sort((a, b) => a.id.localeCompare(b.id))));
}

function hashOf<T>(found: T | undefined, facts: (t: T) => Record<string, unknown>): string {
  return found === undefined ? 'absent' : sha256(canonicalJson(JSON.parse(JSON.stringify(facts(found)))));
}

// What the plan is decided on. Volatile fields that never change a decision (a cache's progress,
// events and expiry) are left out, so a cache that merely advanced its progress is not "changed".
const roleFacts = (r: ObservedRoleSummary | ObservedRole) => ({ ...r });
const policyFacts = (p: ObservedPolicySummary | ObservedPolicy) => ({ ...p });
const cacheFacts = (c: ObservedImageCache) => ({ id: c.imageCacheId, name: c.imageCacheName, status: c.status, images: [...c.images].sort(), size: c.imageCacheSize, tags: c.tags });

export interface StaleResource {
  key: string;
  /** "role nginx-pull-acr (account acr)": how people know the resource. */
  label: string;
}

/** The planned resources whose live state differs from the one the plan was made against. */
export function staleResources(saved: SavedPlan, observedNow: ObservedState): StaleResource[] {
  const now = liveFingerprints(Object.keys(saved.live), observedNow);
  return Object.keys(saved.live)
    .filter((key) => now[key] !== saved.live[key])
    .map((key) => ({ key, label: labelOf(key, saved.plan.diffs.find((d) => d.key === key)) }));
}

function labelOf(key: string, d: ResourceDiff | undefined): string {
  if (d === undefined) return key;
  if (d.kind === 'imagecache') return `imagecache ${d.name} (${d.regionId}, manifest ${d.manifestName}, account ${d.accountName})`;
  return `${d.kind} ${d.name} (account ${d.accountName})`;
}

/** Whether two plans would make the same calls: a last check that the saved steps are still the plan. */
export const sameSteps = (a: Plan, b: Plan): boolean => canonicalJson(JSON.parse(JSON.stringify(a.steps))) === canonicalJson(JSON.parse(JSON.stringify(b.steps)));

/** A saved plan read back, or why it cannot be used. Checks the shape the apply relies on. */
export function parseSavedPlan(text: string): { saved: SavedPlan } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'is not a saved plan (not JSON); write one with `plan --out FILE`' };
  }
  const v = value as Partial<SavedPlan> | null;
  if (v === null || typeof v !== 'object' || v.kind !== SAVED_PLAN_KIND) return { error: `is not a saved plan (no "kind": "${SAVED_PLAN_KIND}"); write one with \`plan --out FILE\`` };
  if (v.formatVersion !== SAVED_PLAN_FORMAT_VERSION) return { error: `has formatVersion ${String(v.formatVersion)}; this reconciler reads formatVersion ${SAVED_PLAN_FORMAT_VERSION}: plan again with this version` };
  const plan = v.plan as Partial<Plan> | undefined;
  const shaped = typeof v.manifests?.digest === 'string' && typeof v.live === 'object' && v.live !== null && Array.isArray(plan?.steps) && Array.isArray(plan?.diffs) && typeof v.prune === 'boolean' && typeof v.maxDeletes === 'number';
  if (!shaped) return { error: 'is damaged (manifests.digest, live, plan.steps, plan.diffs, prune or maxDeletes missing); plan again' };
  return { saved: v as SavedPlan };
}
