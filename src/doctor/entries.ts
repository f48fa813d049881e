// Which AcrRegistryInfo entry ECI applies to an image. ECI's guide shows three uses, and doctor
// reads them as a lookup in this order:
//   1. an entry naming the image's instance by InstanceId ("ACR企业版实例使用自定义域名时，必须设置
//      该参数"), whose Domain list, when given, has the image's host;
//   2. an entry without InstanceId whose Domain list has the host;
//   3. an entry with neither, ARNs alone, as the guide's cross-account and restricted examples pass
//      for Personal and default-domain images.
// An entry naming another instance never applies to this image.
import type { RegistryInfo } from './types.js';

export interface EntryMatch {
  entry: RegistryInfo;
  byInstanceId: boolean;
}

export function matchEntry(entries: readonly RegistryInfo[], instanceId: string | undefined, host: string): EntryMatch | undefined {
  const namesHost = (e: RegistryInfo): boolean => e.domains.some((d) => d.toLowerCase() === host);
  if (instanceId !== undefined) {
    const byId = entries.find((e) => e.instanceId === instanceId && (e.domains.length === 0 || namesHost(e)));
    if (byId) return { entry: byId, byInstanceId: true };
  }
  const byDomain = entries.find((e) => e.instanceId === undefined && namesHost(e));
  if (byDomain) return { entry: byDomain, byInstanceId: false };
  const plain = entries.find((e) => e.instanceId === undefined && e.domains.length === 0);
  return plain ? { entry: plain, byInstanceId: false } : undefined;
}
