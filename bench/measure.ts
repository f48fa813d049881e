// Turns the emulator's request log into the figures of one case: calls per account and action,
// reads, writes and throttled calls; and reads the emulator's state for the model's list sizes.
import type { AccountState, EmulatorState, LoggedRequest } from './admin.js';
import type { ListedCounts, Tally } from './model.js';
import { byAction, splitReadsWrites } from './model.js';

export interface CallFigures {
  total: number;
  reads: number;
  writes: number;
  /** Answered with a code containing `Throttling` (the emulator's limits or the fault rules). */
  throttled: number;
  /** Any other error answer. */
  failed: number;
  byAction: Record<string, number>;
  /** The throttled answers among them, per action: each is a call the reconciler had to repeat. */
  throttledByAction: Record<string, number>;
  byAccount: Tally;
}

export function callFigures(log: readonly LoggedRequest[]): CallFigures {
  const byAccount: Tally = {};
  let throttled = 0;
  let failed = 0;
  const throttledByAction: Record<string, number> = {};
  for (const r of log) {
    const key = `${r.service ?? 'unknown'}:${r.action ?? 'unknown'}`;
    const account = (byAccount[r.accountId ?? 'unknown'] ??= {});
    account[key] = (account[key] ?? 0) + 1;
    if (r.code && /Throttling/.test(r.code)) {
      throttled += 1;
      throttledByAction[key] = (throttledByAction[key] ?? 0) + 1;
    }
    else if (r.statusCode >= 400) failed += 1;
  }
  const actions = byAction(byAccount);
  return { total: log.length, ...splitReadsWrites(actions), throttled, failed, byAction: actions, throttledByAction, byAccount };
}

export interface CacheView {
  regionId: string;
  status: string;
}

/** How many objects each account's List calls page through right now. */
export function listedCounts(state: EmulatorState, accountId: string): ListedCounts {
  const account = state.accounts[accountId];
  const cachesByRegion: Record<string, number> = {};
  for (const cache of cachesOf(account)) cachesByRegion[cache.regionId] = (cachesByRegion[cache.regionId] ?? 0) + 1;
  return {
    roles: account?.ram?.roles?.length ?? 0,
    customPolicies: (account?.ram?.policies ?? []).filter((p) => (p.policyType ?? 'Custom') === 'Custom').length,
    cachesByRegion,
  };
}

export function allCaches(state: EmulatorState): CacheView[] {
  return Object.values(state.accounts).flatMap(cachesOf);
}

/** GET /_emulator/state renders each account's caches as DescribeImageCaches would (`eci.imageCaches`). */
function cachesOf(account: AccountState | undefined): CacheView[] {
  return (account?.eci?.imageCaches ?? []).map((c) => ({ regionId: c.RegionId, status: c.Status }));
}
