// The health, readiness, metrics and status handlers. Plain functions over the daemon's state,
// as controller-runtime's health checks are, so their rules are tested without a socket.
import { CREDENTIALS_OF } from '../cloud/alibaba/oidc-credentials.js';
import type { Clock } from '../runtime/clock.js';
import type { Daemon } from './daemon.js';
import { json, type Handler, type Reply } from './http-server.js';
import type { Liveness } from './liveness.js';
import type { DaemonMetrics } from './metrics.js';
import { reconcileNow } from './reconcile-now.js';

/** 200 while the work loop moves (or has nothing to do); 503 once it is stuck (src/daemon/liveness.ts). */
export function healthz(liveness: Liveness): Reply {
  const check = liveness.check();
  return json(check.alive ? 200 : 503, check);
}

/** One reason per Account whose credentials failed to renew at its resources' last attempt. */
function credentialReasons(daemon: Daemon): string[] {
  const failing = new Map<string, string>();
  for (const entry of daemon.status.list()) {
    const match = entry.lastError && (entry.state === 'failed' || entry.state === 'blocked') ? CREDENTIALS_OF.exec(entry.lastError.message) : null;
    if (match) failing.set(match[1]!, `Account ${match[1]}: credentials (source: ${match[2]}) failing: ${entry.lastError?.code ?? 'error'}`);
  }
  return [...failing.values()];
}

/**
 * Ready once manifests loaded and a first full pass completed, and while the manifests are valid,
 * the last pass did not fail as a whole, the prune guard did not refuse it, and every Account's
 * credentials renew.
 */
export function readyz(daemon: Daemon): Reply {
  const reasons: string[] = [];
  if (!daemon.desired) reasons.push('no valid manifests loaded yet');
  if (!daemon.firstPassDone) reasons.push('first full pass not completed');
  if (daemon.manifestErrors.length > 0) reasons.push(`${daemon.manifestErrors.length} manifest error(s); using the last valid desired state, prune off`);
  if (daemon.loadFailure !== undefined) reasons.push(`the manifests could not be loaded (${daemon.loadFailure}); using the last valid desired state, prune off`);
  else if (daemon.lastPass?.result === 'error') reasons.push(`the last pass failed: ${daemon.lastPass.error ?? 'unknown error'}; retrying with backoff`);
  if (daemon.prune.status.state === 'refused') reasons.push(`prune refused: ${daemon.prune.status.reason}`);
  reasons.push(...credentialReasons(daemon));
  const ready = reasons.length === 0;
  return json(ready ? 200 : 503, { ready, reasons, manifestErrors: daemon.manifestErrors });
}

export function status(daemon: Daemon, clock: Clock): Reply {
  return json(200, {
    time: new Date(clock.now()).toISOString(),
    manifests: {
      valid: daemon.manifestErrors.length === 0 && daemon.loadFailure === undefined,
      ...(daemon.readRevision !== undefined ? { revision: daemon.readRevision } : {}),
      loaded: daemon.desired !== undefined,
      errors: daemon.manifestErrors,
      ...(daemon.loadFailure !== undefined ? { loadFailure: daemon.loadFailure } : {}),
    },
    revision: daemon.revision ?? null,
    lastPass: daemon.lastPass ?? null,
    prune: daemon.prune.status,
    resources: daemon.status.list(),
  });
}

export function routes(daemon: Daemon, metrics: DaemonMetrics, liveness: Liveness, clock: Clock): Record<string, Handler> {
  return {
    '/healthz': () => healthz(liveness),
    '/readyz': () => readyz(daemon),
    '/status': () => status(daemon, clock),
    '/metrics': async () => ({ status: 200, contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
  };
}

/** The write endpoints: none unless an admin token is set (--admin-token-file), so they are 404. */
export function postRoutes(daemon: Daemon, adminToken: string | undefined): Record<string, Handler> {
  if (adminToken === undefined) return {};
  return { '/reconcile': (request) => reconcileNow(daemon, adminToken, request) };
}
