// The minimal-call model of bench/README.md, as code: which calls a pass cannot avoid, per account
// and service, and the lower bound on wall time they imply under the rate limits and latency.
// Pure: the inventory comes from the fleet or the desired state, the listed counts from the cloud.
import { ratePerSecond, type RateLimitSpec } from './limits.js';

/** Page sizes the model assumes a reconciler asks for (the maxima the APIs accept, §3.21, §10 #24). */
export const PAGE = { roles: 1000, policies: 1000, imageCaches: 100 } as const;

/** What the manifests ask for in one account. */
export interface AccountInventory {
  accountId: string;
  /** The Account's default region: read even without desired caches, so orphaned caches are found. */
  regionId: string;
  roles: number;
  customPolicies: number;
  attachments: number;
  cachesByRegion: Record<string, number>;
}

export interface Inventory {
  accounts: AccountInventory[];
  /** Longest chain of writes that must follow each other, ending with CreateImageCache. */
  writeDepth: number;
}

/** How many objects the List calls of one account page through (managed or not). */
export interface ListedCounts {
  roles: number;
  customPolicies: number;
  cachesByRegion: Record<string, number>;
}

/** accountId → `service:Action` → calls. */
export type Tally = Record<string, Record<string, number>>;

export interface CaseModel {
  calls: Tally;
  /** Calls on the critical path (each waits for the one before). */
  chainCalls: number;
  /** Time on the critical path that is not a call, e.g. the image-cache build. */
  chainExtraMs: number;
}

export type CaseName = 'cold' | 'noop' | 'one-change';

const pages = (items: number, size: number): number => Math.max(1, Math.ceil(items / size));

export function regionsOf(account: AccountInventory): string[] {
  return [...new Set([account.regionId, ...Object.keys(account.cachesByRegion)])].sort();
}

/** The reads of a pass: lists for everything, one detail read per managed object that exists. */
function passReads(account: AccountInventory, listed: ListedCounts, existing: boolean): Record<string, number> {
  const roles = existing ? account.roles : 0;
  const policies = existing ? account.customPolicies : 0;
  const calls: Record<string, number> = {
    'sts:GetCallerIdentity': 1,
    'ram:ListRoles': pages(listed.roles, PAGE.roles),
    'ram:GetRole': roles,
    'ram:ListPoliciesForRole': roles,
    'ram:ListPolicies': pages(listed.customPolicies, PAGE.policies),
    'ram:ListPolicyVersions': policies,
    'eci:DescribeImageCaches': regionsOf(account).reduce((sum, r) => sum + pages(listed.cachesByRegion[r] ?? 0, PAGE.imageCaches), 0),
  };
  return dropZeros(calls);
}

/** Reads a pass needs before it can decide, on the critical path. */
function readDepth(inventory: Inventory, listedOf: (a: AccountInventory) => ListedCounts, existing: boolean): number {
  const depths = inventory.accounts.map((a) => {
    const listed = listedOf(a);
    const detail = (count: number): number => (existing && count > 0 ? 1 : 0);
    const cachePages = Math.max(...regionsOf(a).map((r) => pages(listed.cachesByRegion[r] ?? 0, PAGE.imageCaches)));
    return Math.max(
      1,
      pages(listed.roles, PAGE.roles) + detail(a.roles),
      pages(listed.customPolicies, PAGE.policies) + detail(a.customPolicies),
      cachePages,
    );
  });
  return Math.max(1, ...depths);
}

const EMPTY: ListedCounts = { roles: 0, customPolicies: 0, cachesByRegion: {} };

/** Nothing exists yet: one page of each list, one write per object, one final poll that sees Ready. */
export function coldModel(inventory: Inventory, cacheBuildMs: number): CaseModel {
  const calls: Tally = {};
  for (const a of inventory.accounts) {
    const cachePages = Object.values(a.cachesByRegion).reduce((sum, n) => sum + pages(n, PAGE.imageCaches), 0);
    const reads = passReads(a, EMPTY, false);
    const writes = dropZeros({
      'ram:CreateRole': a.roles,
      'ram:CreatePolicy': a.customPolicies,
      'ram:AttachPolicyToRole': a.attachments,
      'eci:CreateImageCache': total(a.cachesByRegion),
    });
    calls[a.accountId] = add(add(reads, writes), dropZeros({ 'eci:DescribeImageCaches': cachePages }));
  }
  const hasCaches = inventory.accounts.some((a) => total(a.cachesByRegion) > 0);
  return { calls, chainCalls: 1 + inventory.writeDepth + (hasCaches ? 1 : 0), chainExtraMs: hasCaches ? cacheBuildMs : 0 };
}

/** Everything in sync: the reads only. */
export function noopModel(inventory: Inventory, listed: (a: AccountInventory) => ListedCounts): CaseModel {
  const calls: Tally = {};
  for (const a of inventory.accounts) calls[a.accountId] = passReads(a, listed(a), true);
  return { calls, chainCalls: readDepth(inventory, listed, true), chainExtraMs: 0 };
}

/** One trust policy drifted in the cloud: a full pass must read to find it, then one UpdateRole. */
export function oneChangeModel(inventory: Inventory, listed: (a: AccountInventory) => ListedCounts, changedAccountId: string): CaseModel {
  const noop = noopModel(inventory, listed);
  const calls = { ...noop.calls, [changedAccountId]: add(noop.calls[changedAccountId] ?? {}, { 'ram:UpdateRole': 1 }) };
  return { calls, chainCalls: noop.chainCalls + 1, chainExtraMs: 0 };
}

export interface Bound {
  boundMs: number;
  rateMs: number;
  chainMs: number;
  /** What sets the bound: the busiest bucket, or the chain. */
  binding: string;
}

/** max over account × rate-limit bucket of calls ÷ rate, never below chain × latency (+ extra). */
export function lowerBound(model: CaseModel, limits: readonly RateLimitSpec[], latencyMs: number): Bound {
  let rateMs = 0;
  let binding = 'chain';
  for (const [accountId, calls] of Object.entries(model.calls)) {
    for (const limit of limits) {
      const n = callsUnder(calls, limit);
      const ms = (n / ratePerSecond(limit)) * 1000;
      if (ms > rateMs) {
        rateMs = ms;
        binding = `${accountId} ${limit.service}:${limit.action ?? '*'} ${n} calls`;
      }
    }
  }
  const chainMs = model.chainCalls * latencyMs + model.chainExtraMs;
  if (chainMs >= rateMs) binding = `chain ${model.chainCalls} calls × ${latencyMs} ms${model.chainExtraMs ? ` + ${model.chainExtraMs} ms` : ''}`;
  return { boundMs: Math.max(rateMs, chainMs), rateMs, chainMs, binding };
}

export function callsUnder(calls: Record<string, number>, limit: Pick<RateLimitSpec, 'service' | 'action'>): number {
  let n = 0;
  for (const [key, count] of Object.entries(calls)) {
    const [service, action] = key.split(':');
    if (service === limit.service && (limit.action === undefined || limit.action === action)) n += count;
  }
  return n;
}

/** Sums a tally over accounts: `service:Action` → calls. */
export function byAction(tally: Tally): Record<string, number> {
  const out: Record<string, number> = {};
  for (const calls of Object.values(tally)) for (const [key, n] of Object.entries(calls)) out[key] = (out[key] ?? 0) + n;
  return sortKeys(out);
}

export const WRITE_ACTIONS: ReadonlySet<string> = new Set([
  'CreateRole', 'UpdateRole', 'DeleteRole', 'AttachPolicyToRole', 'DetachPolicyFromRole',
  'CreatePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicy', 'UpdatePolicyDescription',
  'TagResources', 'UntagResources', 'CreateImageCache', 'UpdateImageCache', 'DeleteImageCache',
]);

export function isWrite(key: string): boolean {
  return WRITE_ACTIONS.has(key.split(':')[1] ?? '');
}

export function splitReadsWrites(calls: Record<string, number>): { reads: number; writes: number } {
  let reads = 0;
  let writes = 0;
  for (const [key, n] of Object.entries(calls)) {
    if (isWrite(key)) writes += n;
    else reads += n;
  }
  return { reads, writes };
}

function total(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

function add(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function dropZeros(calls: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(calls).filter(([, n]) => n > 0));
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
