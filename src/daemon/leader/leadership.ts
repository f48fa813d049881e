// The daemon's side of leader election: wait to lead, keep the Lease while reconciling, and on losing
// it abort everything in flight (the caller's hard signal) so no write lands after the renew deadline;
// on a clean shutdown release the Lease. A replica that lost leadership exits (as controller-runtime's
// managers do) and the pod restarts as a fresh candidate, rather than resuming with state from a time
// it was not in charge.
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { json, type Handler, type Reply } from '../http-server.js';
import { LeaderElector } from './elector.js';
import type { LeaseStore } from './lease-store.js';
import type { LeaderElectionSettings } from './settings.js';

export type LeaseStoreFactory = (settings: LeaderElectionSettings) => LeaseStore;

/**
 * The Lease in the cluster: the in-cluster service account, else KUBECONFIG / ~/.kube/config. The
 * official client is loaded only here: importing it costs about 75 MB of RSS, which a daemon without
 * leader election (and the benchmark's 200 MB budget) should not pay.
 */
async function defaultLeaseStore(settings: LeaderElectionSettings): Promise<LeaseStore> {
  const [{ KubeConfig }, { kubernetesLeaseStore }] = await Promise.all([import('@kubernetes/client-node'), import('./k8s-lease-store.js')]);
  const config = new KubeConfig();
  config.loadFromDefault();
  const namespace = settings.namespace ?? config.getContextObject(config.getCurrentContext())?.namespace ?? 'default';
  return kubernetesLeaseStore({ namespace, name: settings.lease }, config);
}

export class Leadership {
  readonly elector: LeaderElector;
  private readonly lostController = new AbortController();
  private holding: Promise<unknown> = Promise.resolve();

  /** `store` for tests (the in-repo Lease server); by default the cluster's, through the official client. */
  static async create(settings: LeaderElectionSettings, clock: Clock, logger: Logger, store?: LeaseStoreFactory): Promise<Leadership> {
    return new Leadership(settings, clock, logger, store ? store(settings) : await defaultLeaseStore(settings));
  }

  private constructor(settings: LeaderElectionSettings, clock: Clock, private readonly logger: Logger, store: LeaseStore) {
    this.elector = new LeaderElector({ store, identity: settings.identity, clock, timing: settings.timing, logger });
  }

  /** Aborted when the leadership is lost: stop taking work and abort what is in flight. */
  get lost(): AbortSignal {
    return this.lostController.signal;
  }

  /** Waits to lead (serving the endpoints as a standby meanwhile); false when `stop` came first. */
  async acquire(stop: AbortSignal): Promise<boolean> {
    this.logger.info('leader election: standing by until this replica holds the lease', { ...this.elector.status() });
    return this.elector.acquire(stop);
  }

  /** Renews until `stop`; a failed renewal aborts `lost`. */
  hold(stop: AbortSignal): void {
    this.holding = this.elector.hold(stop).then((result) => {
      if (result === 'lost') this.lostController.abort(new Error('leader election lost: the lease could not be renewed'));
    });
  }

  /** After the work stopped: releases the Lease unless it was lost. */
  async finish(): Promise<void> {
    await this.holding;
    if (!this.lost.aborted) await this.elector.release();
  }
}

/**
 * The endpoints while leader election is on: /status says which replica this is and who leads;
 * /readyz is not ready on a standby (it must not receive traffic meant for the reconciling replica).
 */
export function electionRoutes(routes: Record<string, Handler>, leadership: Leadership | undefined): Record<string, Handler> {
  if (!leadership) return routes;
  const election = () => {
    const status = leadership.elector.status();
    return { role: status.leading ? 'leader' : 'standby', leaderElection: status };
  };
  const readyz = routes['/readyz']!;
  const statusRoute = routes['/status']!;
  return {
    ...routes,
    '/readyz': async (request) => {
      const status = leadership.elector.status();
      if (status.leading) return readyz(request);
      const holder = status.holder ? `${status.holder} holds the lease ${status.lease}` : `waiting for the lease ${status.lease}`;
      return json(503, { ready: false, reasons: [`standby: ${holder}; this replica does not reconcile`], standby: true });
    },
    '/status': async (request) => withFields(await statusRoute(request), election()),
  };
}

function withFields(reply: Reply, fields: Record<string, unknown>): Reply {
  if (reply.status !== 200) return reply;
  return json(reply.status, { ...fields, ...(JSON.parse(reply.body) as Record<string, unknown>) });
}

/** A standby runs no work loop: "reconcile now" is the leader's to answer, so a standby says where it is. */
export function electionPostRoutes(routes: Record<string, Handler>, leadership: Leadership | undefined): Record<string, Handler> {
  if (!leadership) return routes;
  return Object.fromEntries(
    Object.entries(routes).map(([path, handler]) => [
      path,
      async (request: Parameters<Handler>[0]) => {
        const status = leadership.elector.status();
        if (status.leading) return handler(request);
        return json(503, { error: `standby: this replica does not reconcile; ${status.holder ?? 'no replica'} holds the lease ${status.lease}` });
      },
    ]),
  );
}
