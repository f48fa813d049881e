// Prometheus metrics of the daemon, on their own Registry so tests and several daemons in one
// process never share counters. Names follow Prometheus conventions: a `_total` suffix for
// counters, base units (seconds) in the name, low-cardinality labels only (no resource names:
// per-resource detail lives in /status).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { callOutcomes } from '../cloud/alibaba/call.js';
import type { ResourceKind } from '../model/keys.js';

const prefix = 'eci_acr_reconciler_';

/** Outcome of one work-queue item, as counted by the controller's single switch. */
export type ReconcileResult = 'success' | 'requeue_after' | 'error' | 'terminal_error' | 'panic';
export const reconcileResults: readonly ReconcileResult[] = ['success', 'requeue_after', 'error', 'terminal_error', 'panic'];
/** The `kind` label of the drift counters: the resource kinds of src/model/keys.ts. */
const resourceKinds: readonly ResourceKind[] = ['role', 'policy', 'imagecache'];
export type PassResult = 'success' | 'failure' | 'error';
export type ResourceState = 'ready' | 'progressing' | 'failed' | 'blocked' | 'unknown' | 'suspended';

export const resourceStates: readonly ResourceState[] = ['ready', 'progressing', 'failed', 'blocked', 'unknown', 'suspended'];

export interface DaemonMetrics {
  readonly registry: Registry;
  readonly reconcileTotal: Counter<'result'>;
  readonly passesTotal: Counter<'result'>;
  readonly passDuration: Histogram<string>;
  readonly cloudCalls: Counter<'service' | 'action' | 'outcome'>;
  readonly cloudRetries: Counter<'service' | 'action'>;
  readonly driftDetected: Counter<'kind'>;
  readonly driftCorrected: Counter<'kind'>;
  readonly resources: Gauge<'state'>;
  readonly lastSuccessfulPass: Gauge<string>;
  readonly manifestErrors: Gauge<string>;
  readonly manifestLoadFailures: Counter<string>;
  readonly queueDepth: Gauge<string>;
  readonly notifications: Counter<'result'>;
}

export function createMetrics(options: { queueDepth?: () => number; processMetrics?: boolean } = {}): DaemonMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const queueDepth = options.queueDepth;
  const metrics: DaemonMetrics = {
    registry,
    reconcileTotal: new Counter({
      name: `${prefix}reconcile_total`,
      help: 'Work-queue reconciles by result (success, requeue_after, error, terminal_error, panic).',
      labelNames: ['result'],
      registers,
    }),
    passesTotal: new Counter({
      name: `${prefix}reconcile_passes_total`,
      help: 'Full reconcile passes by result: success (all converged), failure (some did not), error (the pass itself failed).',
      labelNames: ['result'],
      registers,
    }),
    passDuration: new Histogram({
      name: `${prefix}reconcile_pass_duration_seconds`,
      help: 'Duration of full reconcile passes.',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    cloudCalls: new Counter({
      name: `${prefix}cloud_api_calls_total`,
      // Written from the label's values, so the two cannot part again.
      help: `Alibaba Cloud OpenAPI call attempts by service, action and outcome (${callOutcomes.join(', ')}; throttled: a Throttling code).`,
      labelNames: ['service', 'action', 'outcome'],
      registers,
    }),
    cloudRetries: new Counter({
      name: `${prefix}cloud_api_retries_total`,
      help: 'In-pass retries of Alibaba Cloud OpenAPI calls (throttling, 5xx, timeouts, resets).',
      labelNames: ['service', 'action'],
      registers,
    }),
    driftDetected: new Counter({
      name: `${prefix}drift_detected_total`,
      help: 'Resources found to differ from the desired state, by kind.',
      labelNames: ['kind'],
      registers,
    }),
    driftCorrected: new Counter({
      name: `${prefix}drift_corrected_total`,
      help: 'Drifted resources brought back to the desired state, by kind.',
      labelNames: ['kind'],
      registers,
    }),
    resources: new Gauge({
      name: `${prefix}resources`,
      help: 'Managed resources by state (ready, progressing, failed, blocked, unknown).',
      labelNames: ['state'],
      registers,
    }),
    lastSuccessfulPass: new Gauge({
      name: `${prefix}last_successful_pass_timestamp_seconds`,
      help: 'Unix time of the end of the last full pass in which every resource converged.',
      registers,
    }),
    manifestErrors: new Gauge({
      name: `${prefix}manifest_errors`,
      help: 'Errors in the manifests as last loaded; while non-zero the last valid desired state is used.',
      registers,
    }),
    manifestLoadFailures: new Counter({
      name: `${prefix}manifest_load_failures_total`,
      help: 'Manifest loads that produced errors and kept the last valid desired state.',
      registers,
    }),
    notifications: new Counter({
      name: `${prefix}notifications_total`,
      help: 'Notifications by delivery result per receiver (sent, failed after every retry, dropped because the queue was full).',
      labelNames: ['result'],
      registers,
    }),
    queueDepth: new Gauge({
      name: `${prefix}workqueue_depth`,
      help: 'Keys waiting in the work queue, ready to be processed.',
      registers,
      collect() {
        if (queueDepth) this.set(queueDepth());
      },
    }),
  };
  // Zero-initialised series make absent-vs-zero unambiguous in alerts and dashboards.
  for (const state of resourceStates) metrics.resources.set({ state }, 0);
  for (const result of ['success', 'failure', 'error'] as const) metrics.passesTotal.inc({ result }, 0);
  metrics.manifestErrors.set(0);
  // Issue 14 finding 7: drift and outcome series exist from start, so `rate()` and alerts see a 0, not nothing.
  for (const kind of resourceKinds) {
    metrics.driftDetected.inc({ kind }, 0);
    metrics.driftCorrected.inc({ kind }, 0);
  }
  for (const result of reconcileResults) metrics.reconcileTotal.inc({ result }, 0);
  for (const result of ['sent', 'failed', 'dropped'] as const) metrics.notifications.inc({ result }, 0);
  return metrics;
}
