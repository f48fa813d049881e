// The daemon's reconcile function: the queue holds resource keys plus one pseudo-key for a full
// pass. Watch events, the resync timer and start-up all just add the pass key, so bursts collapse
// into one pass (the queue dedups) and level-triggering holds: each pass re-reads the manifests
// and the live state. The pass reports every key it visited through the controller's switch, so
// a failed key is retried alone, with backoff, without re-running the whole pass.
import type { Priority } from '../cloud/limiter.js';
import type { DesiredState } from '../model/desired.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { Controller, type Outcome } from './controller.js';
import { redactText } from '../runtime/redact.js';
import type { DaemonEngine, KeyReport, ManifestLoad, ManifestLoader, ManifestProblem } from './engine-port.js';
import { Gate } from './gate.js';
import type { DaemonMetrics } from './metrics.js';
import { keyEvents, manifestProblemFacts } from './notify/key-events.js';
import { noEvents, type DaemonEvents } from './notify/types.js';
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
  /** `--deep-resync`: a pass reads everything in detail when the last deep pass is this old (0: every pass); the others are incremental. */
  deepResyncMs?: number;
  /** Aborted only when the shutdown timeout expires. */
  hardSignal: AbortSignal;
  /** Problems and corrections for notifications (src/daemon/notify); none when absent. */
  events?: DaemonEvents;
  /** The revision of a load (git commit or digest, src/daemon/revision.ts). */
  revision?: (load: ManifestLoad) => string | undefined;
  /** Told whenever the work loop takes or finishes a key: feeds /healthz (src/daemon/liveness.ts). */
  progress?: () => void;
}

export interface PassInfo {
  startedAt: string;
  durationSeconds: number;
  result: 'success' | 'failure' | 'error';
  /** How the pass observed the cloud: everything in detail, or only what the list pages showed moved. */
  mode?: 'deep' | 'incremental';
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
  /** The revision of the desired state in use (the last valid load), and of the last load read. */
  revision: string | undefined;
  readRevision: string | undefined;
  private readonly events: DaemonEvents;
  /** Last observed status of each image cache: its changes to Ready or Failed are logged. */
  private readonly cacheStatus = new Map<string, string | undefined>();
  readonly prune: PruneState;
  private readonly gate = new Gate();
  private loggedWarnings = '[]';
  /** When the last deep pass started (undefined: none yet, so the next pass is deep). */
  private lastDeepAt: number | undefined;
  /** The priority the next pass was asked for; undefined when no trigger came since the last pass began. */
  private requestedPass: Priority | undefined;
  /** A pass requeued by the controller (prune recheck, backoff) keeps the priority of the one before. */
  private lastPassPriority: Priority = 'foreground';
  /** Keys requeued by a run: cache polls are background, retries keep the priority of the run that failed. */
  private readonly keyPriority = new Map<string, Priority>();
  /** A manifest file changed since the last load began: `desired` may be an older revision than the files. */
  private manifestsChanged = false;

  constructor(private readonly options: DaemonOptions) {
    this.queue = new WorkQueue(options.clock, options.backoff);
    this.events = options.events ?? noEvents;
    this.status = new StatusStore(options.clock);
    this.prune = new PruneState({ requested: options.prune, confirmMs: options.pruneConfirmMs, clock: options.clock, logger: options.logger });
    this.controller = new Controller({
      queue: this.queue,
      reconcile: (key) => {
        options.progress?.();
        return key === PASS_KEY ? this.gate.exclusive(() => this.pass()) : this.gate.shared(() => this.one(key));
      },
      observe: () => options.progress?.(),
      concurrency: options.concurrency,
      logger: options.logger,
      count: (result) => options.metrics.reconcileTotal.inc({ result }),
    });
  }

  /**
   * "Reconcile now". The reason sets only the pass's priority: a resync is background work; start-up,
   * a manifest edit and a reconcile-now request are changes someone waits for. Triggers that collapse into one pass make it
   * foreground if any of them was.
   */
  trigger(reason: 'startup' | 'manifests changed' | 'resync' | 'requested'): void {
    this.options.logger.debug('full pass requested', { reason });
    this.requestedPass = reason === 'resync' && this.requestedPass !== 'foreground' ? 'background' : 'foreground';
    this.queue.add(PASS_KEY);
  }

  start(signal: AbortSignal): Promise<void> {
    return this.controller.start(signal);
  }

  /**
   * A watch event, before its debounce ends. Until the pass it triggers has loaded the files, runs of
   * single keys (cache polls, retries) wait: acting on the previous revision would undo the edit in
   * the cloud, e.g. put a cache's old images back, only for that pass to update it again.
   */
  manifestsTouched(): void {
    this.manifestsChanged = true;
  }

  /** Loads the manifests; a loader that throws is a failed read (A3), never an empty one. */
  private async reload(mode: 'deep' | 'incremental'): Promise<ManifestLoad> {
    const { logger, metrics } = this.options;
    let load: ManifestLoad;
    const wasInvalid = this.manifestErrors.length > 0 || this.loadFailure !== undefined;
    // Cleared before the read: an event that comes while it runs marks the result stale again.
    this.manifestsChanged = false;
    try {
      load = await this.readManifests(mode === 'deep');
      this.loadFailure = undefined;
    } catch (error) {
      this.loadFailure = redactText(error instanceof Error ? error.message : String(error));
      metrics.manifestLoadFailures.inc();
      this.prune.suspend('the manifests could not be loaded; nothing is deleted');
      this.events.problem({ type: 'manifests invalid', detail: this.loadFailure, ...this.revisionFacts(this.readRevision) });
      throw error;
    }
    this.readRevision = this.options.revision?.(load);
    this.manifestErrors = load.errors;
    metrics.manifestErrors.set(load.errors.length);
    this.logWarningsOnChange(load.warnings ?? []);
    if (load.state) {
      if (!this.desired) logger.info('manifests loaded', this.revisionFacts(this.readRevision));
      this.desired = load.state;
      this.revision = this.readRevision;
      this.events.resolved('manifests invalid', '');
      if (wasInvalid) {
        // Issue 14 finding 7: the return to health is worth a line, not only the failure.
        logger.info('manifests valid again', this.revisionFacts(this.revision));
        this.events.happened({ type: 'manifests valid again', ...this.revisionFacts(this.revision) });
      }
      return load;
    }
    metrics.manifestLoadFailures.inc();
    const keeping = this.desired ? 'keeping the last valid desired state; prune off' : 'no valid desired state yet; nothing is reconciled';
    logger.error('manifests invalid', { errors: load.errors.length, keeping, first: load.errors.slice(0, 5), ...this.revisionFacts(this.readRevision) });
    this.events.problem(manifestProblemFacts(load.errors, this.readRevision));
    return load;
  }

  /** The manifests, with their instanceNames looked up in ACR when they use any (`fresh`: a deep pass reads them again). */
  private async readManifests(fresh: boolean): Promise<ManifestLoad> {
    const first = this.options.loadManifests();
    const pending = first.instanceNameLookups;
    if (!pending) return first;
    const { engine } = this.options;
    if (!engine.lookUpInstanceNames) throw new Error('this engine cannot look instanceNames up in ACR');
    return this.options.loadManifests(await engine.lookUpInstanceNames(pending.accounts, pending.lookups, fresh));
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
    const mode = this.passMode();
    let load: ManifestLoad;
    try {
      load = await this.reload(mode);
    } catch (error) {
      logger.error('manifests could not be loaded; keeping the last valid desired state, prune off', { error });
      return this.finishPass(started, 'error', { kind: 'error', error });
    }
    const desired = this.desired;
    if (!desired) return { kind: 'terminal', error: new Error('manifests invalid') };
    const prune = this.prune.decide(load);
    const priority = this.passPriority();
    let result: PassInfo['result'];
    try {
      const summary = await engine.reconcileAll(desired, { prune: prune.allowed, signal: this.options.hardSignal, mode, priority });
      if (mode === 'deep') this.lastDeepAt = started;
      for (const report of summary.keys) this.controller.interpret(report.key, this.settle(report, priority));
      this.status.retain(summary.keys.map((k) => k.key));
      result = summary.keys.every((k) => k.requeue === 'success' || k.requeue === 'requeueAfter') ? 'success' : 'failure';
      this.prune.passFinished(prune, summary.refused);
      // B1: deletions the guard refused leave the cloud out of step with the manifests.
      if (summary.refused !== undefined) {
        this.events.problem({ type: 'prune refused', detail: summary.refused, ...this.revisionFacts(this.revision) });
        return this.finishPass(started, 'failure', { kind: 'success' }, summary.refused, mode);
      }
      this.events.resolved('prune refused', '');
    } catch (error) {
      logger.error('reconcile pass failed', { error });
      return this.finishPass(started, 'error', { kind: 'error', error }, undefined, mode);
    }
    // A pass whose deletions wait for confirmation schedules the pass that can confirm them.
    const outcome: Outcome = prune.recheckInMs === undefined ? { kind: 'success' } : { kind: 'requeueAfter', afterMs: prune.recheckInMs };
    return this.finishPass(started, result, outcome, undefined, mode);
  }

  /** Deep on the first pass and every --deep-resync; incremental in between. */
  private passMode(): 'deep' | 'incremental' {
    const every = this.options.deepResyncMs;
    if (every === undefined || this.lastDeepAt === undefined) return 'deep';
    return this.options.clock.now() - this.lastDeepAt >= every ? 'deep' : 'incremental';
  }

  /** The priority of the pass starting now; later triggers ask for the next one. */
  private passPriority(): Priority {
    const priority = this.requestedPass ?? this.lastPassPriority;
    this.requestedPass = undefined;
    this.lastPassPriority = priority;
    return priority;
  }

  private finishPass(started: number, result: PassInfo['result'], outcome: Outcome, why?: string, mode?: PassInfo['mode']): Outcome {
    const { clock, metrics, logger } = this.options;
    const durationSeconds = (clock.now() - started) / 1000;
    metrics.passesTotal.inc({ result });
    metrics.passDuration.observe(durationSeconds);
    if (result === 'success') metrics.lastSuccessfulPass.set(clock.now() / 1000);
    const error = why ?? (outcome.kind === 'error' ? describe(outcome.error) : undefined);
    this.lastPass = { startedAt: new Date(started).toISOString(), durationSeconds, result, ...(mode ? { mode } : {}), ...(error ? { error: redactText(error) } : {}) };
    if (result !== 'error') this.firstPassDone = true;
    this.updateGauge();
    logger.info('reconcile pass finished', { result, ...(mode ? { mode } : {}), durationSeconds, priority: this.lastPassPriority, resources: this.status.counts(), ...this.revisionFacts(this.revision) });
    return outcome;
  }

  private async one(key: string): Promise<Outcome> {
    const desired = this.desired;
    if (!desired) return { kind: 'terminal', error: new Error('manifests invalid') };
    if (this.manifestsChanged) {
      // The watcher's pass is on its way and reconciles (and requeues) every key from the new files.
      this.options.logger.debug('key run skipped: the manifests changed since they were loaded', { resource: key });
      return { kind: 'success' };
    }
    const priority = this.keyPriority.get(key) ?? 'foreground';
    const report = await this.options.engine.reconcileKey(key, desired, { prune: false, signal: this.options.hardSignal, priority });
    // The key left the manifests since it was queued: nothing to record; the next pass decides.
    if (report.gone) {
      this.keyPriority.delete(key);
      return { kind: 'success' };
    }
    const outcome = this.settle(report, priority);
    this.updateGauge();
    return outcome;
  }

  /** Records status, metrics and the log line of one key report; returns its outcome. */
  private settle(report: KeyReport, priority: Priority): Outcome {
    this.rememberPriority(report, priority);
    const { metrics, logger } = this.options;
    const kind = report.key.split('/')[0] ?? 'unknown';
    const state = report.suspended ? 'suspended' : stateOf[report.requeue];
    const previous = this.status.get(report.key);
    this.status.update(report.key, {
      state,
      ...(report.account ? { account: report.account } : {}),
      ...(report.error ? { error: report.error } : {}),
      applied: report.applied,
      ...this.revisionFacts(this.revision),
      ...(report.suspended ? { drifted: report.drifted } : {}),
    });
    if (report.drifted) metrics.driftDetected.inc({ kind });
    if (report.drifted && report.applied && !report.error) metrics.driftCorrected.inc({ kind });
    // A change made at the revision this resource was last reconciled at is drift, not a manifest edit.
    keyEvents(this.events, report, { revision: this.revision, sameRevision: previous !== undefined && previous.revision === this.revision });
    const meta = { resource: report.key, account: report.account, state, ...this.revisionFacts(this.revision) };
    if (kind === 'imagecache') this.logCacheStatus(report, meta);
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

  /** Issue 14 finding 7: a cache that became Ready or Failed since it was last looked at is logged. */
  private logCacheStatus(report: KeyReport, meta: Record<string, unknown>): void {
    const known = this.cacheStatus.has(report.key);
    const before = this.cacheStatus.get(report.key);
    this.cacheStatus.set(report.key, report.status);
    if (!known || before === report.status) return;
    if (report.status === 'Ready') this.options.logger.info('image cache ready', { ...meta, previousStatus: before ?? 'unknown' });
    if (report.status === 'Failed' || report.status === 'UpdateFailed') {
      this.options.logger.warn('image cache failed', { ...meta, status: report.status, previousStatus: before ?? 'unknown', ...(report.changes ? { changes: report.changes } : {}) });
    }
  }

  private revisionFacts(revision: string | undefined): { revision?: string } {
    return revision === undefined ? {} : { revision };
  }

  /** What a requeued key will run as: a settling cache is polled in the background; a retry keeps its run's priority. */
  private rememberPriority(report: KeyReport, priority: Priority): void {
    if (report.requeue === 'requeueAfter') this.keyPriority.set(report.key, 'background');
    else if (report.requeue === 'error') this.keyPriority.set(report.key, priority);
    else this.keyPriority.delete(report.key);
  }

  private updateGauge(): void {
    for (const [state, n] of Object.entries(this.status.counts())) this.options.metrics.resources.set({ state }, n);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
