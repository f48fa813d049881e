// The Lease through the official @kubernetes/client-node (CoordinationV1Api): in a pod from the
// service account (in-cluster), elsewhere from KUBECONFIG or ~/.kube/config (KubeConfig.loadFromDefault).
import { CoordinationV1Api, KubeConfig, V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import type { LeaseRecord, LeaseStore, StoredLease } from './lease-store.js';

export interface LeaseLocation {
  namespace: string;
  name: string;
}

export function kubernetesLeaseStore(location: LeaseLocation, config: KubeConfig = defaultKubeConfig()): LeaseStore {
  const api = config.makeApiClient(CoordinationV1Api);
  const { namespace, name } = location;
  return {
    describe: `${namespace}/${name}`,
    async get() {
      try {
        return stored(await api.readNamespacedLease({ name, namespace }));
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async create(record) {
      return stored(await api.createNamespacedLease({ namespace, body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: spec(record) } }));
    },
    async replace(record, resourceVersion) {
      const body: V1Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace, resourceVersion }, spec: spec(record) };
      return stored(await api.replaceNamespacedLease({ name, namespace, body }));
    },
  };
}

function defaultKubeConfig(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromDefault();
  return config;
}

/** The HTTP status of a failed API call (ApiException.code), if any. */
export const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : undefined;

// MicroTime: the API's format for Lease times (RFC 3339 with microseconds); V1MicroTime writes it.
const micro = (text: string | undefined) => (text === undefined ? undefined : new V1MicroTime(text));

function spec(record: LeaseRecord): NonNullable<V1Lease['spec']> {
  const out: NonNullable<V1Lease['spec']> = {};
  if (record.holderIdentity !== undefined) out.holderIdentity = record.holderIdentity;
  if (record.leaseDurationSeconds !== undefined) out.leaseDurationSeconds = record.leaseDurationSeconds;
  if (record.leaseTransitions !== undefined) out.leaseTransitions = record.leaseTransitions;
  const acquire = micro(record.acquireTime);
  const renew = micro(record.renewTime);
  if (acquire) out.acquireTime = acquire;
  if (renew) out.renewTime = renew;
  return out;
}

function stored(lease: V1Lease): StoredLease {
  const s = lease.spec ?? {};
  // The client leaves MicroTime fields as the text the server sent (or a Date on some paths).
  const text = (v: unknown) => (v === undefined || v === null ? undefined : v instanceof Date ? v.toISOString() : String(v));
  const record: LeaseRecord = {};
  if (s.holderIdentity) record.holderIdentity = s.holderIdentity;
  if (s.leaseDurationSeconds !== undefined) record.leaseDurationSeconds = s.leaseDurationSeconds;
  if (s.leaseTransitions !== undefined) record.leaseTransitions = s.leaseTransitions;
  const acquire = text(s.acquireTime);
  const renew = text(s.renewTime);
  if (acquire) record.acquireTime = acquire;
  if (renew) record.renewTime = renew;
  return { record, resourceVersion: lease.metadata?.resourceVersion ?? '' };
}
