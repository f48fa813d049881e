// Connects the engine (reconcileAll / reconcileKey → KeyOutcome) to the daemon's port, and feeds
// the cloud adapter's call and retry events into the metrics. The provider is rebuilt only when
// the Account manifests change, so credential caches and rate limiters survive between passes.
import { createAlibabaProvider, type AlibabaProvider, type AlibabaProviderOptions } from '../cloud/alibaba/provider.js';
import type { KeyOutcome } from '../engine/outcomes.js';
import { reconcileTracked } from '../engine/incremental.js';
import { ObservationMemory } from '../engine/memory.js';
import { reconcileKey, type EngineOptions } from '../engine/reconcile.js';
import { lookUpInstanceNames, RegistryFacts } from '../engine/registry-facts.js';
import type { InstanceNameAnswer } from '../model/instance-names.js';
import type { DesiredAccount, DesiredState } from '../model/desired.js';
import type { DaemonEngine, EngineRunOptions, KeyReport } from './engine-port.js';
import type { DaemonRunContext } from './run-daemon.js';

export interface EngineAdapterOptions {
  endpoint?: string;
  env: Record<string, string | undefined>;
  dryRun: boolean;
  /** The prune guard's limit (`--max-deletes`); the engine's default when absent. */
  maxDeletes?: number;
  /** `--background-quota-share`, as a fraction; the limiter's default when absent. */
  backgroundShare?: number;
  /** Per-service limits merged onto the defaults (tests use small ones to measure the share). */
  limits?: AlibabaProviderOptions['limits'];
}

export function keyReport(outcome: KeyOutcome): KeyReport {
  const applied = outcome.writes > 0;
  const report: KeyReport = {
    key: outcome.key,
    requeue: outcome.requeue,
    account: outcome.accountName,
    applied,
    // Live state differed from the desired state (a console edit, or a manifest edit not yet applied).
    drifted: outcome.action === 'update' || outcome.action === 'replace',
  };
  if (outcome.status !== undefined) report.status = outcome.status;
  if (outcome.outcome === 'suspended') report.suspended = true;
  if (applied) report.changes = [outcome.message ? `${outcome.outcome}: ${outcome.message}` : outcome.outcome];
  if (outcome.outcome === 'failed') {
    report.error = {
      message: outcome.error?.message ?? outcome.message ?? 'failed',
      ...(outcome.error?.code ? { code: outcome.error.code } : {}),
      ...(outcome.error?.requestId ? { requestId: outcome.error.requestId } : {}),
    };
  }
  return report;
}

export function createDaemonEngine(ctx: DaemonRunContext, options: EngineAdapterOptions): DaemonEngine {
  let cached: { accounts: string; provider: AlibabaProvider } | undefined;
  // The last observation, for incremental passes; a new provider (new credentials) starts it over.
  let memory = new ObservationMemory();
  // Instance ids found for instanceNames: reused until a deep pass or new credentials, so an
  // incremental resync costs no ListInstance. Names ACR did not know are asked again every pass.
  let instanceIds = new Map<string, InstanceNameAnswer>();
  const providerFor = (accounts: DesiredAccount[]): AlibabaProvider => {
    const identity = JSON.stringify(accounts.map(({ origin: _origin, ...a }) => a));
    if (cached?.accounts === identity) return cached.provider;
    const provider = createAlibabaProvider({
      accounts,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      env: options.env,
      clock: ctx.clock,
      signal: ctx.hardSignal,
      ...(options.backgroundShare !== undefined ? { backgroundShare: options.backgroundShare } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      onCall: (e) => {
        ctx.metrics.cloudCalls.inc({ service: e.service, action: e.action, outcome: e.outcome });
        ctx.progress?.();
      },
      onRetry: (n) => {
        ctx.metrics.cloudRetries.inc({ service: n.service, action: n.action });
        ctx.logger.debug('cloud call retried', { service: n.service, action: n.action, account: n.accountName, code: n.code, attempt: n.attempt, delayMs: n.delayMs, error: n.message });
      },
    });
    cached = { accounts: identity, provider };
    memory = new ObservationMemory();
    instanceIds = new Map();
    return provider;
  };
  const engineOptions = (desired: DesiredState, run: EngineRunOptions): EngineOptions => ({
    provider: providerFor(desired.accounts).withPriority(run.priority),
    clock: ctx.clock,
    prune: run.prune,
    dryRun: options.dryRun,
    ...(options.maxDeletes !== undefined ? { maxDeletes: options.maxDeletes } : {}),
    signal: run.signal,
  });
  return {
    async reconcileAll(desired, run) {
      const options = engineOptions(desired, run);
      const report = await reconcileTracked(desired, {
        ...options,
        memory,
        mode: run.mode ?? 'deep',
        onReads: (reads) => ctx.logger.debug('observed', { ...reads, roles: reads.roles.length, policies: reads.policies.length, attachmentChecks: reads.attachmentChecks }),
      });
      if (report.refused) ctx.logger.error('prune refused by the guard; nothing was written', { reason: report.refused });
      // Orphans (owned, no longer desired, not pruned) are not managed resources: left out of status.
      const keys = report.outcomes.filter((o) => o.action !== 'orphan').map(keyReport);
      return report.refused ? { keys, refused: report.refused } : { keys };
    },
    async lookUpInstanceNames(accounts, lookups, fresh) {
      const provider = providerFor(accounts);
      if (fresh) instanceIds.clear();
      // A RegistryFacts per lookup: an account whose ACR read failed is tried again next pass.
      const answers = await lookUpInstanceNames(lookups.filter((l) => !instanceIds.has(l.key)), new RegistryFacts(provider, ctx.logger));
      for (const [key, answer] of answers) if ('instanceId' in answer) instanceIds.set(key, answer);
      return new Map(lookups.map((l) => [l.key, instanceIds.get(l.key) ?? answers.get(l.key)!]));
    },
    async reconcileKey(key, desired, run) {
      const outcome = await reconcileKey(key, desired, engineOptions(desired, run));
      // The key left the desired state since it was queued: nothing to do for it.
      return outcome ? keyReport(outcome) : { key, requeue: 'success', applied: false, drifted: false, gone: true };
    },
  };
}
