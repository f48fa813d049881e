// Leader election's settings, checked, and where its defaults come from: whether the process runs in
// a Kubernetes pod (the API server's address in the environment and a mounted service-account token,
// the two things client libraries' in-cluster configuration needs) and the pod's namespace.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ElectionTiming } from './elector.js';

export interface LeaderElectionSettings {
  /** Absent: the kubeconfig context's namespace, else `default`. */
  namespace?: string;
  lease: string;
  identity: string;
  timing: ElectionTiming;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface PodFacts {
  env: Record<string, string | undefined>;
  exists?: (path: string) => boolean;
  read?: (path: string) => string | undefined;
}

/** In a Kubernetes pod: KUBERNETES_SERVICE_HOST is set and the service-account token is mounted. */
export function inKubernetes({ env, exists = existsSync }: PodFacts): boolean {
  return Boolean(env['KUBERNETES_SERVICE_HOST']) && exists(`${SERVICE_ACCOUNT_DIR}/token`);
}

/** The pod's own namespace, from its service account; undefined outside a pod. */
export function podNamespace({ read = readOptional }: PodFacts): string | undefined {
  const text = read(`${SERVICE_ACCOUNT_DIR}/namespace`)?.trim();
  return text ? text : undefined;
}

/** client-go's advice: the host name plus something unique, so a restarted pod is a new candidate. */
export const defaultIdentity = (): string => `${hostname()}_${randomBytes(4).toString('hex')}`;

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
