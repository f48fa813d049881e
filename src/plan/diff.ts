// diff(desired, observed): every resource that is desired or owned, one typed difference each.
// Pure: reads its inputs, returns new objects, throws on nothing (a property test holds it to that).
import type { DesiredImageCache, DesiredState } from '../model/desired.js';
import { imageCacheKey } from '../model/keys.js';
import type { ObservedImageCache, Tags } from '../model/observed.js';
import { MANIFEST_TAG } from '../model/ownership.js';
import { diffImageCache } from './diff-cache.js';
import { diffPolicy } from './diff-policy.js';
import { undeclaredFate, type DiffOptions } from './diff-common.js';
import { diffRole } from './diff-role.js';
import type { ObservedAccountState, ObservedState } from './observed-state.js';
import type { ResourceDiff } from './types.js';

export { type DiffOptions } from './diff-common.js';

/**
 * Every resource that is desired, or owned by this manifest set (or unclaimed) in a desired account.
 * Each account's ownerId scopes what is "ours" there; another set's resources appear only when a
 * manifest here declares one (`conflict: owned by <id>`).
 */
export function diff(desired: DesiredState, observed: ObservedState, options: { prune: boolean } = { prune: false }): ResourceDiff[] {
  const diffs: ResourceDiff[] = [];
  for (const account of desired.accounts) {
    const state = observed.accounts.find((a) => a.accountName === account.name);
    const ids = { accountName: account.name, accountId: account.accountId };
    if (state === undefined || state.error !== undefined) {
      diffs.push(...accountErrors(desired, ids, account.ownerId, state));
      continue;
    }
    diffs.push(...diffAccount(desired, state, { ...options, ownerId: account.ownerId }));
  }
  return diffs;
}

function diffAccount(desired: DesiredState, state: ObservedAccountState, options: DiffOptions): ResourceDiff[] {
  const ids = { accountName: state.accountName, accountId: state.accountId };
  const out: ResourceDiff[] = [];
  const roles = desired.roles.filter((r) => r.account === state.accountName);
  const mine = (tags: Tags) => undeclaredFate(tags, options.ownerId) !== 'none';
  const roleNames = new Set([...roles.map((r) => r.roleName), ...state.roles.filter((r) => mine(r.tags)).map((r) => r.roleName)]);
  for (const name of [...roleNames].sort()) {
    const want = roles.find((r) => r.roleName === name);
    const have = state.roles.find((r) => r.roleName === name);
    out.push(diffRole(ids, want, have, options));
  }
  const policies = desired.policies.filter((p) => p.account === state.accountName);
  const policyNames = new Set([...policies.map((p) => p.policyName), ...state.policies.filter((p) => mine(p.tags)).map((p) => p.policyName)]);
  for (const name of [...policyNames].sort()) {
    const want = policies.find((p) => p.policyName === name);
    const have = state.policies.find((p) => p.policyName === name);
    out.push(diffPolicy(ids, want, have, options));
  }
  out.push(...diffCaches(desired.imageCaches.filter((c) => c.account === state.accountName), state, options));
  return out;
}

function diffCaches(desired: DesiredImageCache[], state: ObservedAccountState, options: DiffOptions): ResourceDiff[] {
  const ids = { accountName: state.accountName, accountId: state.accountId };
  const groups = new Map<string, { regionId: string; manifestName: string; desired?: DesiredImageCache; owned: ObservedImageCache[] }>();
  for (const cache of desired) {
    const key = imageCacheKey(state.accountId, cache.regionId, cache.origin.name);
    groups.set(key, { regionId: cache.regionId, manifestName: cache.origin.name, desired: cache, owned: [] });
  }
  for (const cache of state.imageCaches) {
    const manifest = cache.tags[MANIFEST_TAG];
    // Caches are told apart by tags, not names: another set's cache is simply not one of ours.
    if (undeclaredFate(cache.tags, options.ownerId) === 'none' || manifest === undefined || !manifest.startsWith('ImageCache/')) continue;
    const manifestName = manifest.slice('ImageCache/'.length);
    const key = imageCacheKey(state.accountId, cache.regionId, manifestName);
    const group = groups.get(key) ?? { regionId: cache.regionId, manifestName, owned: [] };
    group.owned.push(cache);
    groups.set(key, group);
  }
  return [...groups.keys()].sort().map((key) => {
    const g = groups.get(key)!;
    return diffImageCache(ids, { regionId: g.regionId, manifestName: g.manifestName }, g.desired, g.owned, options);
  });
}

function accountErrors(desired: DesiredState, ids: { accountName: string; accountId: string }, ownerId: string, state?: ObservedAccountState): ResourceDiff[] {
  const error = state?.error ?? { message: `account ${ids.accountName} was not observed` };
  const options = { prune: false, ownerId };
  const common = { ...ids, action: 'error' as const, impact: 'none' as const, reasons: [error.message], changes: [], error };
  return [
    ...desired.roles.filter((r) => r.account === ids.accountName).map((r) => diffRole(ids, r, undefined, options)),
    ...desired.policies.filter((p) => p.account === ids.accountName).map((p) => diffPolicy(ids, p, undefined, options)),
    ...desired.imageCaches
      .filter((c) => c.account === ids.accountName)
      .map((c) => diffImageCache(ids, { regionId: c.regionId, manifestName: c.origin.name }, c, [], options)),
  ].map((d) => ({ ...d, ...common }) as ResourceDiff);
}
