// The health, readiness, metrics and status handlers. Plain functions over the daemon's state,
// as controller-runtime's health checks are, so their rules are tested without a socket.
import { CREDENTIALS_OF } from '../cloud/alibaba/oidc-credentials.js';
import type { Clock } from '../runtime/clock.js';
import type { Daemon } from './daemon.js';
import { json, type Handler, type Reply } from './http-server.js';
import type { DaemonMetrics } from './metrics.js';

/** The loop's heartbeat: a timer on the daemon's clock; /healthz fails when it stops beating. */
export class Heartbeat {
  private last: number;

  constructor(
    private readonly clock: Clock,
    readonly intervalMs = 5_000,
  ) {
    this.last = clock.now();
  }

  async start(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.last = this.clock.now();
      try {
        await this.clock.sleep(this.intervalMs, signal);
      } catch {
        return;
      }
    }
  }

  ageMs(): number {
    return this.clock.now() - this.last;
  }
}

export function healthz(heartbeat: Heartbeat): Reply {
  const ageMs = heartbeat.ageMs();
  const alive = ageMs <= heartbeat.intervalMs * 6;
  return json(alive ? 200 : 503, { alive, heartbeatAgeSeconds: ageMs / 1000 });
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
      loaded: daemon.desired !== undefined,
      errors: daemon.manifestErrors,
      ...(daemon.loadFailure !== undefined ? { loadFailure: daemon.loadFailure } : {}),
    },
    lastPass: daemon.lastPass ?? null,
    prune: daemon.prune.status,
    resources: daemon.status.list(),
  });
}

export function routes(daemon: Daemon, metrics: DaemonMetrics, heartbeat: Heartbeat, clock: Clock): Record<string, Handler> {
  return {
    '/healthz': () => healthz(heartbeat),
    '/readyz': () => readyz(daemon),
    '/status': () => status(daemon, clock),
    '/metrics': async () => ({ status: 200, contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
  };
}
