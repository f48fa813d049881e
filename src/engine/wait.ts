// --wait: poll the caches this pass created or updated (and ones still building from an earlier
// pass) until Ready, Failed or UpdateFailed, or until the deadline on the injected clock. Unknown
// statuses count as "still building" (alibaba-openapi.md §10 #26).
import type { CloudProvider } from '../cloud/provider.js';
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

/** The last observation of each watched cache (undefined: it vanished; absent: it could never be read). */
export async function waitForCaches(caches: CacheToWatch[], options: WaitOptions): Promise<Map<string, ObservedImageCache | undefined>> {
  const deadline = options.clock.now() + options.timeoutMs;
  const last = new Map<string, ObservedImageCache | undefined>();
  let open = [...caches];
  while (open.length > 0) {
    // null: the read failed (after the adapter's own retries); the cache stays open, it has not vanished.
    const seen: (ObservedImageCache | undefined | null)[] = await Promise.all(
      open.map((c) => options.provider.account(c.accountName).getImageCache(c.regionId, c.imageCacheId).catch(() => null)),
    );
    open.forEach((c, i) => {
      const s = seen[i];
      if (s !== null) last.set(c.key, s);
    });
    open = open.filter((_c, i) => {
      const s = seen[i];
      return s === null || (s !== undefined && !SETTLED.has(s.status));
    });
    if (open.length === 0 || options.clock.now() >= deadline || options.signal?.aborted) break;
    await options.clock.sleep(Math.min(options.pollIntervalMs, Math.max(1, deadline - options.clock.now())), options.signal).catch(() => undefined);
  }
  return last;
}
