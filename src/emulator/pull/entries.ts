// Which AcrRegistryInfo entry applies to an ACR image. Alibaba documents the fields but not the
// matching, so the emulator fixes one order (README "Pull model"):
//   1. an entry whose InstanceId is the image's instance (and whose Domain list, if any, has the host);
//   2. an entry without InstanceId whose Domain list has the image's host;
//   3. the first entry with neither InstanceId nor Domain (Alibaba's guide uses such an entry, with
//      ArnService/ArnUser alone, for Personal and default-domain images).
// An entry naming another instance never applies. InstanceName is informational only.
import type { AcrRegistryInfo } from './types.js';

export interface EntryMatch {
  entry: AcrRegistryInfo;
  byInstanceId: boolean;
}

export function matchEntry(entries: readonly AcrRegistryInfo[], instanceId: string | undefined, host: string): EntryMatch | undefined {
  const hasHost = (e: AcrRegistryInfo): boolean => e.domains.some((d) => d.toLowerCase() === host);
  const byId = instanceId === undefined ? undefined : entries.find((e) => e.instanceId === instanceId && (e.domains.length === 0 || hasHost(e)));
  if (byId) return { entry: byId, byInstanceId: true };
  const byDomain = entries.find((e) => e.instanceId === undefined && hasHost(e));
  if (byDomain) return { entry: byDomain, byInstanceId: false };
  const generic = entries.find((e) => e.instanceId === undefined && e.domains.length === 0);
  return generic ? { entry: generic, byInstanceId: false } : undefined;
}
