// --wait: poll the caches this pass created or updated (and ones still building from an earlier
// pass) until Ready, Failed or UpdateFailed, or until the deadline on the injected clock. Unknown
// statuses count as "still building".
// One polling round is one DescribeImageCaches (filtered by our `managed-by` tag, all pages) per
// account × region, not one call per cache: a round over 50 caches costs one call, not 50 of the
// account's ECI budget. A watched cache missing from the list is read by ID before it counts as
// vanished, so a tag index that lags behind a create cannot end the wait early.
// An endpoint that is gone ends the wait for its account early: after `maxConnectionFailures`
// consecutive rounds whose reads (one attempt each) all failed to connect, its caches are reported
// as unreachable, with the error, instead of being polled silently until the timeout (finding C4).
import { CloudError, type CloudProvider } from '../cloud/provider.js';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../model/ownership.js';
import type { ObservedImageCache } from '../model/observed.js';
import type { ErrorInfo } from '../plan/observed-state.js';
import type { Clock } from '../runtime/clock.js';
import { errorInfo } from './errors.js';

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
  /** Consecutive rounds in which every read of an account failed to connect that end its wait (default 3). */
  maxConnectionFailures?: number;
}

export interface WaitResult {
  /** The last observation of each watched cache that was read (undefined: it vanished). */
  last: Map<string, ObservedImageCache | undefined>;
  /** Caches whose state is unknown at the end: the error of the read that last failed for each. */
  unknown: Map<string, ErrorInfo>;
}

/**
 * Codes of a call that reached no server or got no answer: the endpoint may be gone. A reset
 * (ECONNRESET, EPIPE) is not one: something answered, and a flaky network resets now and then.
 */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'RequestTimeout']);

const isConnectionFailure = (error: unknown) => error instanceof CloudError && CONNECTION_CODES.has(error.details.code);

const SETTLED = new Set(['Ready', 'Failed', 'UpdateFailed']);

/** A cache's state in one round; a FailedRead: it could not be read (one attempt). */
type Seen = ObservedImageCache | undefined | FailedRead;

class FailedRead {
  constructor(readonly error: unknown) {}
}

export async function waitForCaches(caches: CacheToWatch[], options: WaitOptions): Promise<WaitResult> {
  const deadline = options.clock.now() + options.timeoutMs;
  const maxFailures = options.maxConnectionFailures ?? 3;
  const result: WaitResult = { last: new Map(), unknown: new Map() };
  const streaks = new Map<string, number>();
  let open = [...caches];
  while (open.length > 0) {
    const seen = await pollRound(open, options.provider);
    const gone = new Set<string>();
    for (const [accountName, failed] of connectionFailures(open, seen)) {
      const streak = failed ? (streaks.get(accountName) ?? 0) + 1 : 0;
      streaks.set(accountName, streak);
      if (streak >= maxFailures) gone.add(accountName);
    }
    for (const c of open) record(result, c, seen.get(c.key), gone.has(c.accountName) ? maxFailures : 0, options.provider);
    // A failed read keeps the cache open (it has not vanished), unless its account's endpoint is gone.
    open = open.filter((c) => {
      const s = seen.get(c.key);
      if (s instanceof FailedRead) return !gone.has(c.accountName);
      return s !== undefined && !SETTLED.has(s.status);
    });
    if (open.length === 0 || options.clock.now() >= deadline || options.signal?.aborted) break;
    await options.clock.sleep(Math.min(options.pollIntervalMs, Math.max(1, deadline - options.clock.now())), options.signal).catch(() => undefined);
  }
  return result;
}

/** Per account in this round: true when every read failed to connect (anything answered resets the streak). */
function connectionFailures(open: CacheToWatch[], seen: Map<string, Seen>): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const c of open) {
    const s = seen.get(c.key);
    const failed = s instanceof FailedRead && isConnectionFailure(s.error);
    out.set(c.accountName, (out.get(c.accountName) ?? true) && failed);
  }
  return out;
}

/** Keeps the latest knowledge of one cache: a read replaces it; a failed read makes its state unknown. */
function record(result: WaitResult, c: CacheToWatch, s: Seen, failures: number, provider: CloudProvider): void {
  if (!(s instanceof FailedRead)) {
    result.last.set(c.key, s);
    result.unknown.delete(c.key);
    return;
  }
  const info = errorInfo(s.error);
  if (failures === 0) {
    result.unknown.set(c.key, { ...info, message: `the image cache could not be read: ${info.message}` });
    return;
  }
  const endpoint = provider.account(c.accountName).endpointOf('eci', c.regionId);
  const message =
    `the ECI endpoint ${endpoint} of Account ${c.accountName} stopped answering (${failures} reads in a row failed to connect); ` +
    `the image cache's state is unknown: ${info.message}`;
  result.unknown.set(c.key, { ...info, message });
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
  const failed = (error: unknown) => new FailedRead(error);
  // The polling loop is the retry: adapter retries inside a round would only hide a dead endpoint.
  const once = { singleAttempt: true };
  const listed = await cloud.listImageCaches(regionId, { [MANAGED_BY_TAG]: MANAGED_BY_VALUE }, once).catch(failed);
  const out = new Map<string, Seen>();
  if (listed instanceof FailedRead) {
    for (const c of group) out.set(c.key, listed);
    return out;
  }
  const byId = new Map(listed.map((c) => [c.imageCacheId, c]));
  await Promise.all(group.map(async (c) => {
    const found = byId.get(c.imageCacheId);
    out.set(c.key, found ?? (await cloud.getImageCache(regionId, c.imageCacheId, once).catch(failed)));
  }));
  return out;
}
