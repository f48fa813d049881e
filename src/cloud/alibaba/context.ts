// What the per-service adapters of one account share: its identity, the call runner and lazily
// built clients (building may fail with a credentials configuration error, which then surfaces
// from the first call as a terminal CloudError).
import type { CallContext, Service } from '../classify.js';
import type { Runner } from './call.js';
import type { AcrClient, EciClient, RamClient, StsClient } from './clients.js';

export interface AccountContext {
  accountName: string;
  accountId: string;
  run: Runner;
  /** Same limits and events, one attempt: for calls made inside another call's attempt (AssumeRole). */
  runOnce: Runner;
  ram(): RamClient;
  sts(): StsClient;
  eci(regionId: string): EciClient;
  cr(regionId: string): AcrClient;
  /** Every RAM ARN a response carries goes through this (pinning cross-check); it throws on another account's. */
  checkArn(arn: string | undefined, ctx: CallContext): void;
  /** Where a service's calls go, as `scheme://host[:port]`. */
  endpointOf(service: Service, regionId: string): string;
  /** Shared by an account's foreground and background views: the same account, credentials and limits. */
  identity?: object;
}

export const roleResource = (c: AccountContext, roleName: string) => `role acs:ram::${c.accountId}:role/${roleName}`;
export const policyResource = (c: AccountContext, policyName: string) => `policy acs:ram::${c.accountId}:policy/${policyName}`;
export const cacheResource = (regionId: string, id: string) => `image cache ${id} in ${regionId}`;

/** `Tags.Tag[]` (RAM, TagKey/TagValue) or a flat `Tags[]` (ECI, Key/Value) as a record. */
export function tagRecord(list: { tagKey?: string; tagValue?: string; key?: string; value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) {
    const key = t.tagKey ?? t.key;
    if (key !== undefined) out[key] = t.tagValue ?? t.value ?? '';
  }
  return out;
}

export const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
