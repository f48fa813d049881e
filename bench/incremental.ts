// Issue 15's figures, measured on the running daemon (bench/daemon-case.ts): one incremental no-op
// pass (calls per account against the list pages it needs, writes), then each drift case of
// drift-cases.ts made between two passes and checked after the next one. A pass's calls are the
// request log between the end of the previous pass and its own end (the resync leaves seconds of
// quiet in between); the drift's own calls, made with root keys, are not counted.
import type { RequestLogEntry } from '../src/emulator/request-log.js';
import type { EmulatorState } from './admin.js';
import type { BenchContext } from './cases.js';
import { driftCases } from './drift-cases.js';

export interface PassFigures {
  mode: string | undefined;
  calls: number;
  writes: number;
  byAction: Record<string, number>;
  /** Calls per account ID. */
  byAccount: Record<string, number>;
}

export interface IncrementalFigures {
  noop: PassFigures & {
    /** Per account: ListRoles + ListPolicies (Custom, System) + DescribeImageCaches pages per region. */
    listPages: Record<string, number>;
    maxCallsPerAccount: number;
    withinListPages: boolean;
  };
  drift: { name: string; corrected: boolean; passes: number; pass: PassFigures; problem?: string }[];
}

export interface DaemonProbe {
  /** The last pass's start time and mode, from /status (undefined before the first pass ends). */
  lastPass(): Promise<{ startedAt?: string; mode?: string } | undefined>;
  deadline: number;
}

// The in-process log carries the signing key too (the bench's LoggedRequest type leaves it out).
const log = (ctx: BenchContext) => ctx.requestLog() as readonly RequestLogEntry[];

const WRITE = /^(Create|Update|Delete|Attach|Detach|Tag|Untag|Set)/;

/** Waits until a pass other than `after` has finished (and, with `startedAfter`, one that started later); returns its /status entry. */
async function nextPassEnd(probe: DaemonProbe, after: string | undefined, startedAfter = 0): Promise<{ startedAt?: string; mode?: string }> {
  while (Date.now() < probe.deadline) {
    const last = await probe.lastPass();
    if (last?.startedAt !== undefined && last.startedAt !== after && Date.parse(last.startedAt) > startedAfter) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting for the next daemon pass');
}

function figures(entries: readonly RequestLogEntry[], mode: string | undefined, exclude: Set<string>): PassFigures {
  const own = entries.filter((e) => e.action !== null && !exclude.has(e.accessKeyId ?? ''));
  const count = (key: (e: RequestLogEntry) => string) => own.reduce<Record<string, number>>((m, e) => ({ ...m, [key(e)]: (m[key(e)] ?? 0) + 1 }), {});
  return { mode, calls: own.length, writes: own.filter((e) => WRITE.test(e.action ?? '')).length, byAction: count((e) => `${e.service}:${e.action}`), byAccount: count((e) => e.accountId ?? 'unknown') };
}

/** The list pages an incremental pass needs per account, from the emulator's state at the time. */
function listPages(state: EmulatorState, ctx: BenchContext): Record<string, number> {
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  const out: Record<string, number> = {};
  for (const account of ctx.fleet.accounts) {
    const s = state.accounts[account.accountId];
    const caches = s?.eci?.imageCaches ?? [];
    const regions = new Set([account.regionId, ...caches.map((c) => c.RegionId)]);
    const cachePages = [...regions].reduce((n, r) => n + pages(caches.filter((c) => c.RegionId === r).length, 100), 0);
    // System policies: the emulator seeds 7, one page.
    out[account.accountId] = pages(s?.ram?.roles?.length ?? 0, 1000) + pages(s?.ram?.policies?.length ?? 0, 1000) + 1 + cachePages;
  }
  return out;
}

export async function measureIncremental(ctx: BenchContext, probe: DaemonProbe): Promise<IncrementalFigures> {
  const roots = new Set(ctx.fleet.accounts.map((a) => a.root.accessKeyId));
  let last = await nextPassEnd(probe, undefined);
  // The no-op pass: nothing changed since the last one. The log is cleared just after a pass ends.
  last = await nextPassEnd(probe, last.startedAt);
  await ctx.admin.clearRequests();
  last = await nextPassEnd(probe, last.startedAt);
  const pass = figures(log(ctx), last.mode, roots);
  const pagesNeeded = listPages(await ctx.admin.state(), ctx);
  const withinListPages = Object.entries(pagesNeeded).every(([id, n]) => (pass.byAccount[id] ?? 0) <= n);
  const noop = { ...pass, listPages: pagesNeeded, maxCallsPerAccount: Math.max(0, ...Object.values(pass.byAccount)), withinListPages };
  const drift: IncrementalFigures['drift'] = [];
  for (const c of driftCases(ctx.endpoint, ctx.fleet.accounts)) {
    try {
      // The state is read first (it is large); the change is made right after a pass ends, in the
      // resync's quiet seconds, so the next pass to start is the first that can see it.
      const before = await ctx.admin.state();
      last = await nextPassEnd(probe, last.startedAt);
      await ctx.admin.clearRequests();
      const check = await c.apply(before);
      const changedAt = Date.now();
      // One resync must do: the first pass that started after the change is the only one looked at.
      last = await nextPassEnd(probe, last.startedAt, changedAt);
      const corrected = check(await ctx.admin.state());
      drift.push({ name: c.name, corrected, passes: 1, pass: figures(log(ctx), last.mode, roots) });
    } catch (error) {
      drift.push({ name: c.name, corrected: false, passes: 0, pass: figures([], undefined, roots), problem: (error as Error).message });
    }
  }
  return { noop, drift };
}
