// The daemon's reconcile function: the queue holds resource keys plus one pseudo-key for a full
// pass. Watch events, the resync timer and start-up all just add the pass key, so bursts collapse
// into one pass (the queue dedups) and level-triggering holds: each pass re-reads the manifests
// and the live state. The pass reports every key it visited through the controller's switch, so
// a failed key is retried alone, with backoff, without re-running the whole pass.
import type { DesiredState } from '../model/desired.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { Controller, type Outcome } from './controller.js';
import { redactText } from '../runtime/redact.js';
import type { DaemonEngine, KeyReport, ManifestLoad, ManifestLoader, ManifestProblem } from './engine-port.js';
import { Gate } from './gate.js';
import type { DaemonMetrics } from './metrics.js';
import { PruneState } from './prune-state.js';
import { StatusStore, stateOf } from './status.js';
import { WorkQueue, type BackoffPolicy } from './work-queue.js';

export const PASS_KEY = '*';

export interface DaemonOptions {
  clock: Clock;
  logger: Logger;
  metrics: DaemonMetrics;
  engine: DaemonEngine;
  loadManifests: ManifestLoader;
  prune: boolean;
  concurrency: number;
  /** How often a settling image cache is looked at again. */
  cachePollMs: number;
  /** `--prune-confirm`: deletions need two reads of unchanged files this far apart (0: off). */
  pruneConfirmMs: number;
  backoff?: BackoffPolicy;
  /** Aborted only when the shutdown timeout expires. */
  hardSignal: AbortSignal;
}

export interface PassInfo {
  startedAt: string;
  durationSeconds: number;
  result: 'success' | 'failure' | 'error';
  /** Why the pass failed as a whole (a throw, a refused prune), secrets redacted. */
  error?: string;
}

export class Daemon {
  readonly queue: WorkQueue;
  readonly controller: Controller;
  readonly status: StatusStore;
  /** The last valid desired state: kept while the manifests on disk do not validate. */
  desired: DesiredState | undefined;
  manifestErrors: ManifestProblem[] = [];
  /** Set while the manifests loader itself fails (throws): the read is unusable, not empty. */
  loadFailure: string | undefined;
  firstPassDone = false;
  lastPass: PassInfo | undefined;
  readonly prune: PruneState;
  private readonly gate = new Gate();
  private loggedWarnings = '[]';

  constructor(private readonly options: DaemonOptions) {
    this.queue = new WorkQueue(options.clock, options.backoff);
    this.status = new StatusStore(options.clock);
    this.prune = new PruneState({ requested: options.prune, confirmMs: options.pruneConfirmMs, clock: options.clock, logger: options.logger });
    this.controller = new Controller({
      queue: this.queue,
      reconcile: (key) => (key === PASS_KEY ? this.gate.exclusive(() => this.pass()) : this.gate.shared(() => this.one(key))),
      concurrency: options.concurrency,
      logger: options.logger,
      count: (result) => options.metrics.reconcileTotal.inc({ result }),
    });
  }

  /** "Reconcile now": the reason is logged, never acted upon. */
  trigger(reason: 'startup' | 'manifests changed' | 'resync'): void {
    this.options.logger.debug('full pass requested', { reason });
    this.queue.add(PASS_KEY);
  }

  start(signal: AbortSignal): Promise<void> {
    return this.controller.start(signal);
  }

  /** Loads the manifests; a loader that throws is a failed read (A3), never an empty one. */
  private reload(): ManifestLoad {
    const { logger, metrics } = this.options;
    let load: ManifestLoad;
    try {
      load = this.options.loadManifests();
      this.loadFailure = undefined;
    } catch (error) {
      this.loadFailure = redactText(error instanceof Error ? error.message : String(error));
      metrics.manifestLoadFailures.inc();
      this.prune.suspend('the manifests could not be loaded; nothing is deleted');
      throw error;
    }
    this.manifestErrors = load.errors;
    metrics.manifestErrors.set(load.errors.length);
    this.logWarningsOnChange(load.warnings ?? []);
    if (load.state) {
      if (!this.desired) logger.info('manifests loaded');
      this.desired = load.state;
      return load;
    }
    metrics.manifestLoadFailures.inc();
    const keeping = this.desired ? 'keeping the last valid desired state; prune off' : 'no valid desired state yet; nothing is reconciled';
    logger.error('manifests invalid', { errors: load.errors.length, keeping, first: load.errors.slice(0, 5) });
    return load;
  }

  /** Warnings (e.g. CUSTOM_ENDPOINTS) are logged when they first appear or change, not every pass. */
  private logWarningsOnChange(warnings: ManifestProblem[]): void {
    const key = JSON.stringify(warnings);
    if (key === this.loggedWarnings) return;
    this.loggedWarnings = key;
    for (const w of warnings) this.options.logger.warn('manifest warning', { ...w });
  }

  private async pass(): Promise<Outcome> {
    const { clock, logger, engine } = this.options;
    const started = clock.now();
    let load: ManifestLoad;
    try {
      load = this.reload();
    } catch (error) {
      logger.error('manifests could not be loaded; keeping the last valid desired state, prune off', { error });
      return this.finishPass(started, 'error', { kind: 'error', error });
    }
    const desired = this.desired;
    if (!desired) return { kind: 'terminal', error: new Error('manifests invalid') };
    const prune = this.prune.decide(load);
    let result: PassInfo['result'];
    try {
      const summary = await engine.reconcileAll(desired, { prune: prune.allowed, signal: this.options.hardSignal });
      for (const report of summary.keys) this.controller.interpret(report.key, this.settle(report));
      this.status.retain(summary.keys.map((k) => k.key));
      result = summary.keys.every((k) => k.requeue === 'success' || k.requeue === 'requeueAfter') ? 'success' : 'failure';
      this.prune.passFinished(prune, summary.refused);
      // B1: deletions the guard refused leave the cloud out of step with the manifests.
      if (summary.refused !== undefined) return this.finishPass(started, 'failure', { kind: 'success' }, summary.refused);
    } catch (error) {
      logger.error('reconcile pass failed', { error });
      return this.finishPass(started, 'error', { kind: 'error', error });
    }
    // A pass whose deletions wait for confirmation schedules the pass that can confirm them.
    const outcome: Outcome = prune.recheckInMs === undefined ? { kind: 'success' } : { kind: 'requeueAfter', afterMs: prune.recheckInMs };
    return this.finishPass(started, result, outcome);
  }

  private finishPass(started: number, result: PassInfo['result'], outcome: Outcome, why?: string): Outcome {
    const { clock, metrics, logger } = this.options;
    const durationSeconds = (clock.now() - started) / 1000;
    metrics.passesTotal.inc({ result });
    metrics.passDuration.observe(durationSeconds);
    if (result === 'success') metrics.lastSuccessfulPass.set(clock.now() / 1000);
    const error = why ?? (outcome.kind === 'error' ? describe(outcome.error) : undefined);
    this.lastPass = { startedAt: new Date(started).toISOString(), durationSeconds, result, ...(error ? { error: redactText(error) } : {}) };
    if (result !== 'error') this.firstPassDone = true;
    this.updateGauge();
    logger.info('reconcile pass finished', { result, durationSeconds, resources: this.status.counts() });
    return outcome;
  }

  private async one(key: string): Promise<Outcome> {
    const desired = this.desired;
    if (!desired) return { kind: 'terminal', error: new Error('manifests invalid') };
    const report = await this.options.engine.reconcileKey(key, desired, { prune: false, signal: this.options.hardSignal });
    // The key left the manifests since it was queued: nothing to record; the next pass decides.
    if (report.gone) return { kind: 'success' };
    const outcome = this.settle(report);
    this.updateGauge();
    return outcome;
  }

  /** Records status, metrics and the log line of one key report; returns its outcome. */
  private settle(report: KeyReport): Outcome {
    const { metrics, logger } = this.options;
    const kind = report.key.split('/')[0] ?? 'unknown';
    const state = report.suspended ? 'suspended' : stateOf[report.requeue];
    this.status.update(report.key, {
      state,
      ...(report.account ? { account: report.account } : {}),
      ...(report.error ? { error: report.error } : {}),
      applied: report.applied,
      ...(report.suspended ? { drifted: report.drifted } : {}),
    });
    if (report.drifted) metrics.driftDetected.inc({ kind });
    if (report.drifted && report.applied && !report.error) metrics.driftCorrected.inc({ kind });
    const meta = { resource: report.key, account: report.account, state };
    if (report.applied) logger.info('resource changed', { ...meta, drifted: report.drifted, changes: report.changes });
    if (report.error) logger.error('resource failed', { ...meta, code: report.error.code, requestId: report.error.requestId, error: report.error.message });
    // The engine's decision is the controller's outcome: only the payload is added here.
    switch (report.requeue) {
      case 'success':
        return { kind: 'success' };
      case 'requeueAfter':
        return { kind: 'requeueAfter', afterMs: this.options.cachePollMs };
      case 'error':
      case 'terminal':
        return { kind: report.requeue, error: report.error };
    }
  }

  private updateGauge(): void {
    for (const [state, n] of Object.entries(this.status.counts())) this.options.metrics.resources.set({ state }, n);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
