// `run` without `--once`: wires the work loop, watcher, resync, notifier and HTTP server, and
// shuts them down in order on the first SIGTERM/SIGINT (`stop`). The second signal's immediate
// exit is the process entry point's job. Settings arrive checked and the logger made: flags and
// exit codes are the CLI's business (src/cli/daemon-mode.ts).
import { systemClock, type Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { Daemon } from './daemon.js';
import { postRoutes, routes } from './endpoints.js';
import { Liveness } from './liveness.js';
import { Notifier } from './notify/notifier.js';
import { defaultOperations, type DaemonOperations } from './operations.js';
import { manifestRevision } from './revision.js';
import type { DaemonEngine, ManifestLoader } from './engine-port.js';
import type { DaemonSettings } from './settings.js';
import { startHttpServer, type ListenAddress, type RunningServer } from './http-server.js';
import { createMetrics, type DaemonMetrics } from './metrics.js';
import { Resync } from './resync.js';
import { ManifestWatcher } from './watcher.js';
import { electionPostRoutes, electionRoutes, Leadership, type LeaseStoreFactory } from './leader/leadership.js';

export interface DaemonRunContext {
  clock: Clock;
  logger: Logger;
  metrics: DaemonMetrics;
  /** Aborted only when the shutdown timeout expires. */
  hardSignal: AbortSignal;
  /** The loop moved (a cloud call was answered): feeds /healthz. */
  progress?: () => void;
}

export interface RunDaemonOptions {
  manifests: string[];
  settings: DaemonSettings;
  logger: Logger;
  /** Aborted on the first SIGTERM/SIGINT: stop taking work and shut down. */
  stop: AbortSignal;
  prune: boolean;
  /** Builds the engine once the daemon's logger and metrics exist (cloud call events feed metrics). */
  engine: (ctx: DaemonRunContext) => DaemonEngine;
  loadManifests: ManifestLoader;
  clock?: Clock;
  /** Quiet time of the watcher's debounce. */
  debounceMs?: number;
  /** Tests learn the bound port (with --listen 127.0.0.1:0) here. */
  onListening?: (address: ListenAddress) => void;
  /** Notifications, admin endpoints, liveness timeout (issue 16). */
  operations?: DaemonOperations;
  /** With leader election: where the Lease is (default: the cluster's, through the official client). */
  leaseStore?: LeaseStoreFactory;
}

/** How the daemon ended: after a shutdown, or unable to start its HTTP server. */
export type DaemonExit = 'stopped' | 'cannot-listen' | 'leadership-lost';

export async function runDaemon(options: RunDaemonOptions): Promise<DaemonExit> {
  const { settings, logger } = options;
  const clock = options.clock ?? systemClock;
  const hard = new AbortController();
  let daemon: Daemon | undefined;
  const metrics = createMetrics({ queueDepth: () => daemon?.queue.length() ?? 0 });
  const operations = options.operations ?? defaultOperations;
  const liveness = new Liveness({ clock, timeoutMs: operations.livenessTimeoutMs, busy: () => (daemon ? daemon.queue.length() + daemon.queue.inFlight() > 0 : false) });
  const progress = () => liveness.progress();
  const engine = options.engine({ clock, logger, metrics, hardSignal: hard.signal, progress });
  const notify = operations.notify;
  const notifier = notify ? new Notifier({ ...notify, clock, logger, count: (result) => metrics.notifications.inc({ result }) }) : undefined;
  daemon = new Daemon({
    clock,
    logger,
    metrics,
    engine,
    loadManifests: options.loadManifests,
    prune: options.prune,
    concurrency: settings.concurrency,
    cachePollMs: settings.cachePollMs,
    pruneConfirmMs: settings.pruneConfirmMs,
    ...(settings.deepResyncMs !== undefined ? { deepResyncMs: settings.deepResyncMs } : {}),
    hardSignal: hard.signal,
    progress,
    revision: (load) => manifestRevision(options.manifests, load.read),
    ...(notifier ? { events: notifier } : {}),
  });
  const leadership = settings.leaderElection ? await Leadership.create(settings.leaderElection, clock, logger, options.leaseStore) : undefined;
  let server: RunningServer;
  try {
    server = await startHttpServer(settings.listen, electionRoutes(routes(daemon, metrics, liveness, clock), leadership), electionPostRoutes(postRoutes(daemon, operations.adminToken), leadership));
  } catch (error) {
    logger.error('cannot listen', { listen: `${settings.listen.host}:${settings.listen.port}`, error });
    return 'cannot-listen';
  }
  options.onListening?.(server.address);
  logger.info('daemon started', {
    listen: `${server.address.host}:${server.address.port}`,
    manifests: options.manifests,
    resyncSeconds: settings.resyncMs / 1000,
    ...(settings.deepResyncMs !== undefined ? { deepResyncSeconds: settings.deepResyncMs / 1000 } : {}),
    prune: options.prune,
    ...(options.prune ? { pruneConfirmSeconds: settings.pruneConfirmMs / 1000 } : {}),
    livenessTimeoutSeconds: operations.livenessTimeoutMs / 1000,
    reconcileEndpoint: operations.adminToken !== undefined,
    notifyReceivers: notify?.urls.length ?? 0,
  });

  // Ends the daemon: the first SIGTERM/SIGINT, or (with leader election) losing the Lease.
  const ended = new AbortController();
  const end = () => ended.abort();
  if (options.stop.aborted) end();
  options.stop.addEventListener('abort', end, { once: true });
  // A standby serves its endpoints and waits here; it reconciles nothing until it holds the Lease.
  if (leadership && !(await leadership.acquire(options.stop))) {
    await server.close();
    logger.info('daemon stopped');
    return 'stopped';
  }
  leadership?.hold(options.stop);
  // Losing the Lease aborts in-flight calls at once: the renew deadline ends before the Lease expires.
  leadership?.lost.addEventListener(
    'abort',
    () => {
      hard.abort(leadership.lost.reason);
      end();
    },
    { once: true },
  );
  const stop = ended.signal;
  const active = daemon;
  const watcher = new ManifestWatcher({
    paths: options.manifests,
    onChange: () => active.trigger('manifests changed'),
    onEvent: () => active.manifestsTouched(),
    clock,
    logger,
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
  });
  const background = [
    watcher.start(stop),
    new Resync({ clock, intervalMs: settings.resyncMs, onResync: () => active.trigger('resync') }).start(stop),
  ];
  // Notifications outlive the work loop a little: the events of the last passes still go out.
  const delivery = new AbortController();
  const notifying = notifier?.start(delivery.signal);
  const work = active.start(stop);
  active.trigger('startup');

  await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  logger.info('shutting down: no new work; waiting for in-flight reconciles', { timeoutSeconds: settings.shutdownTimeoutMs / 1000 });
  const finished = await finishWithin(work, settings.shutdownTimeoutMs, clock);
  if (!finished) {
    logger.warn('shutdown timeout reached; abandoning in-flight reconciles');
    hard.abort(new Error('shutdown timeout'));
  }
  await Promise.allSettled(background);
  await drain(notifier, clock, settings.shutdownTimeoutMs);
  delivery.abort(new Error('daemon stopped'));
  await notifying;
  await leadership?.finish();
  await server.close();
  logger.info('daemon stopped');
  return leadership?.lost.aborted ? 'leadership-lost' : 'stopped';
}

async function finishWithin(work: Promise<void>, timeoutMs: number, clock: Clock): Promise<boolean> {
  const timer = new AbortController();
  const timeout = clock.sleep(timeoutMs, timer.signal).then(
    () => false,
    () => true,
  );
  const result = await Promise.race([work.then(() => true), timeout]);
  timer.abort();
  return result;
}

/** Waits (on the clock) until the notifier's queues are empty, at most `timeoutMs`. */
async function drain(notifier: Notifier | undefined, clock: Clock, timeoutMs: number): Promise<void> {
  const deadline = clock.now() + timeoutMs;
  while (notifier && notifier.waiting() > 0 && clock.now() < deadline) await clock.sleep(Math.min(100, deadline - clock.now()));
}
