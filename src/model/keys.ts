// Resource keys name one cloud object across plan, engine, daemon queue, status and metrics.
// Image caches are keyed by their manifest, not their name, because ECI allows duplicate names
// and the ID only exists after creation.
export type ResourceKind = 'role' | 'policy' | 'imagecache';

export const roleKey = (accountId: string, roleName: string): string => `role/${accountId}/${roleName}`;
export const policyKey = (accountId: string, policyName: string): string => `policy/${accountId}/${policyName}`;
export const imageCacheKey = (accountId: string, regionId: string, manifestName: string): string =>
  `imagecache/${accountId}/${regionId}/${manifestName}`;

export function parseKey(key: string): { kind: ResourceKind; accountId: string; rest: string[] } | undefined {
  const [kind, accountId, ...rest] = key.split('/');
  if ((kind === 'role' || kind === 'policy' || kind === 'imagecache') && accountId && rest.length > 0) {
    return { kind, accountId, rest };
  }
  return undefined;
}
