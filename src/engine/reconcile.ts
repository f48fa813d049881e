// One reconcile pass (reconcileAll) and one resource (reconcileKey): observe → plan → apply →
// (wait) → outcomes. Both return data; neither throws for cloud failures, which become outcomes.
import type { CloudProvider } from '../cloud/provider.js';
import type { DesiredState } from '../model/desired.js';
import { parseKey } from '../model/keys.js';
import { DEFAULT_MAX_DELETES, plan as makePlan, restrictPlan, type Plan } from '../plan/plan.js';
import type { ObservedState } from '../plan/observed-state.js';
import type { Clock } from '../runtime/clock.js';
import { applyPlan, type StepEvent } from './apply.js';
import { observe, type ObserveOptions, type ObserveScope } from './observe.js';
import { outcomes, type KeyOutcome } from './outcomes.js';
import { waitForCaches, type CacheToWatch } from './wait.js';

export interface EngineOptions {
  provider: CloudProvider;
  clock: Clock;
  /** Delete owned resources that left the manifests (guarded; see plan.ts). */
  prune?: boolean;
  maxDeletes?: number;
  /** Plan only: observe and diff, write nothing. */
  dryRun?: boolean;
  /** Poll caches created/updated/building until Ready/Failed, at most waitTimeoutMs. */
  wait?: boolean;
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
  signal?: AbortSignal;
  consistency?: { attempts: number; baseDelayMs: number };
  onStep?: (event: StepEvent) => void;
  /** A partial pass (`--target`): plan and apply only these keys (desired is already the selection). */
  only?: { keys: ReadonlySet<string>; targets: string[] };
  /** How reconcileAll reads the live state; observe() (a full read) when absent. The daemon's incremental observer plugs in here. */
  observer?: (desired: DesiredState, provider: CloudProvider, options: ObserveOptions) => Promise<ObservedState>;
}

export interface PassReport {
  startedAt: number;
  finishedAt: number;
  observed: ObservedState;
  plan: Plan;
  outcomes: KeyOutcome[];
  /** The prune guard's refusal, if any: nothing was written. */
  refused?: string;
  /** Every resource converged or is merely pending (no failed outcome, no refusal). */
  ok: boolean;
  writes: number;
}

export async function reconcileAll(desired: DesiredState, options: EngineOptions): Promise<PassReport> {
  const startedAt = options.clock.now();
  const observed = await (options.observer ?? observe)(desired, options.provider, { prune: options.prune ?? false });
  const full = makePlan(desired, observed, { prune: options.prune ?? false, maxDeletes: options.maxDeletes ?? DEFAULT_MAX_DELETES });
  const plan = options.only ? restrictPlan(full, options.only.keys, options.only.targets) : full;
  return executePlan(plan, observed, startedAt, options);
}

/**
 * Reconcile one resource key: observe only its account, and in it only that role/policy or that
 * cache region, then apply only that key's steps. The daemon's work queue drives this.
 */
export async function reconcileKey(key: string, desired: DesiredState, options: EngineOptions): Promise<KeyOutcome | undefined> {
  const startedAt = options.clock.now();
  const scope = scopeFor(key, desired);
  if (scope === undefined) return undefined;
  const observed = await observe(desired, options.provider, { scope, prune: options.prune ?? false });
  const report = await finishPass(desired, observed, startedAt, options, (k) => k === key);
  return report.outcomes.find((o) => o.key === key);
}

export function scopeFor(key: string, desired: DesiredState): ObserveScope | undefined {
  const parsed = parseKey(key);
  const account = parsed && desired.accounts.find((a) => a.accountId === parsed.accountId);
  if (!parsed || !account) return undefined;
  const name = parsed.rest.join('/');
  if (parsed.kind === 'role') return { accountName: account.name, roleNames: [name], policyNames: [], regions: [] };
  if (parsed.kind === 'policy') return { accountName: account.name, roleNames: [], policyNames: [name], regions: [] };
  return { accountName: account.name, roleNames: [], policyNames: [], regions: [parsed.rest[0] ?? account.regionId] };
}

async function finishPass(
  desired: DesiredState,
  observed: ObservedState,
  startedAt: number,
  options: EngineOptions,
  inScope: (key: string) => boolean,
): Promise<PassReport> {
  const full = makePlan(desired, observed, { prune: options.prune ?? false, maxDeletes: options.maxDeletes ?? DEFAULT_MAX_DELETES });
  const plan: Plan = { ...full, diffs: full.diffs.filter((d) => inScope(d.key)), steps: full.steps.filter((s) => inScope(s.key)) };
  return executePlan(plan, observed, startedAt, options);
}

/**
 * Applies a plan made from `observed` (now, or a saved plan whose live state was checked unchanged),
 * then waits (with `wait`) and folds the outcomes. A refused plan has no steps: nothing is written.
 */
export async function executePlan(plan: Plan, observed: ObservedState, startedAt: number, options: EngineOptions): Promise<PassReport> {
  const applied = options.dryRun ? new Map() : await applyPlan(plan, options);
  const watch = options.wait && !options.dryRun ? cachesToWatch(plan, applied) : [];
  const waited = options.wait && !options.dryRun
    ? await waitForCaches(watch, {
        provider: options.provider,
        clock: options.clock,
        timeoutMs: options.waitTimeoutMs ?? 10 * 60_000,
        pollIntervalMs: options.pollIntervalMs ?? 2_000,
        ...(options.signal ? { signal: options.signal } : {}),
      })
    : undefined;
  const results = outcomes({ plan, applied, ...(waited ? { waited: waited.last, unknown: waited.unknown } : {}), ...(options.waitTimeoutMs ? { waitTimeoutMs: options.waitTimeoutMs } : {}) });
  const writes = [...applied.values()].reduce((n, r) => n + r.writes, 0);
  return {
    startedAt,
    finishedAt: options.clock.now(),
    observed,
    plan,
    outcomes: results,
    ...(plan.refused ? { refused: plan.refused } : {}),
    ok: plan.refused === undefined && results.every((o) => o.outcome !== 'failed'),
    writes,
  };
}

function cachesToWatch(plan: Plan, applied: Map<string, { status: string; imageCacheId?: string }>): CacheToWatch[] {
  const out: CacheToWatch[] = [];
  for (const d of plan.diffs) {
    if (d.kind !== 'imagecache' || d.action === 'delete' || d.action === 'orphan' || d.action === 'error' || d.action === 'conflict') continue;
    const result = applied.get(d.key);
    if (result && result.status !== 'done') continue;
    const id = result?.imageCacheId ?? d.current?.imageCacheId;
    const touched = d.action !== 'none' || (d.current !== undefined && d.current.status !== 'Ready');
    if (id && touched) out.push({ key: d.key, accountName: d.accountName, regionId: d.regionId, imageCacheId: id });
  }
  return out;
}
