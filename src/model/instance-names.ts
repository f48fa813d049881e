// AcrPullAccess instanceNames the manifests loader cannot turn into instance ids by itself: the
// caller (plan, run --once, the daemon's engine) asks ACR and loads again with the answers.

export type InstanceNameAnswer = { instanceId: string } | { problem: string };

/** An instanceName the loader could not turn into an id by itself: the caller asks ACR and loads again. */
export interface InstanceNameLookup {
  key: string;
  /** The AcrPullAccess. */
  access: string;
  /** The registry Account (metadata.name) and its id, and the instance's region. */
  account: string;
  accountId: string;
  regionId: string;
  instanceName: string;
}

export const instanceNameKey = (account: string, regionId: string, instanceName: string): string => `${account}\u0000${regionId}\u0000${instanceName}`;
