// --wait: poll the caches this pass created or updated (and ones still building from an earlier
// pass) until Ready, Failed or UpdateFailed, or until the deadline on the injected clock. Unknown
// statuses count as "still building" (alibaba-openapi.md §10 #26).
// One polling round is one DescribeImageCaches (filtered by our `managed-by` tag, all pages) per
// account × region, not one call per cache: a round over 50 caches costs one call, not 50 of the
// account's ECI budget. A watched cache missing from the list is read by ID before it counts as
// vanished, so a tag index that lags behind a create cannot end the wait early.
import type { CloudProvider } from '../cloud/provider.js';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../model/ownership.js';
import type { ObservedImageCache } from '../model/observed.js';
import type { Clock } from '../runtime/clock.js';

export interface CacheToWatch {
  key: string;
  accountName: string;
  regionId: string;
  imageCacheId: string;
}

export interface WaitOptions {
  provider: CloudProvider;
  clock: Clock;
  timeoutMs: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
}

const SETTLED = new Set(['Ready', 'Failed', 'UpdateFailed']);

/** A cache's state in one round; null: it could not be read (the read failed after the adapter's retries). */
type Seen = ObservedImageCache | undefined | null;

/** The last observation of each watched cache (undefined: it vanished; absent: it could never be read). */
export async function waitForCaches(caches: CacheToWatch[], options: WaitOptions): Promise<Map<string, ObservedImageCache | undefined>> {
  const deadline = options.clock.now() + options.timeoutMs;
  const last = new Map<string, ObservedImageCache | undefined>();
  let open = [...caches];
  while (open.length > 0) {
    const seen = await pollRound(open, options.provider);
    for (const c of open) {
      const s = seen.get(c.key);
      if (s !== null) last.set(c.key, s);
    }
    // A failed read keeps the cache open: it has not vanished.
    open = open.filter((c) => {
      const s = seen.get(c.key);
      return s === null || (s !== undefined && !SETTLED.has(s.status));
    });
    if (open.length === 0 || options.clock.now() >= deadline || options.signal?.aborted) break;
    await options.clock.sleep(Math.min(options.pollIntervalMs, Math.max(1, deadline - options.clock.now())), options.signal).catch(() => undefined);
  }
  return last;
}

async function pollRound(open: CacheToWatch[], provider: CloudProvider): Promise<Map<string, Seen>> {
  const groups = new Map<string, CacheToWatch[]>();
  for (const c of open) {
    const group = `${c.accountName}\u0000${c.regionId}`;
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  const seen = new Map<string, Seen>();
  await Promise.all([...groups.values()].map(async (group) => {
    for (const [key, s] of await pollGroup(group, provider)) seen.set(key, s);
  }));
  return seen;
}

/** One account × region: one tag-filtered list, then a read by ID for each cache the list lacks. */
async function pollGroup(group: CacheToWatch[], provider: CloudProvider): Promise<Map<string, Seen>> {
  const { accountName, regionId } = group[0]!;
  const cloud = provider.account(accountName);
  const listed = await cloud.listImageCaches(regionId, { [MANAGED_BY_TAG]: MANAGED_BY_VALUE }).catch(() => null);
  const out = new Map<string, Seen>();
  if (listed === null) {
    for (const c of group) out.set(c.key, null);
    return out;
  }
  const byId = new Map(listed.map((c) => [c.imageCacheId, c]));
  await Promise.all(group.map(async (c) => {
    const found = byId.get(c.imageCacheId);
    out.set(c.key, found ?? (await cloud.getImageCache(regionId, c.imageCacheId).catch(() => null)));
  }));
  return out;
}
