// The one-change case's edit: somebody widens one role's trust policy in the console. Done with
// the official RAM client against the emulator, as any other actor in the account would.
import Ram, * as $Ram from '@alicloud/ram20150501';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { EmulatorState } from './admin.js';
import type { FleetAccount } from './fleet.js';

export interface Drift {
  accountId: string;
  roleName: string;
  before: string;
  after: string;
}

/** The first managed role of the first account that has one, preferring registry accounts (cross-account trust). */
export function chooseDriftTarget(state: EmulatorState, accounts: readonly FleetAccount[]): { account: FleetAccount; roleName: string; trust: string } {
  const ordered = [...accounts].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'registry' ? -1 : 1));
  for (const account of ordered) {
    const roles = (state.accounts[account.accountId]?.ram?.roles ?? []) as { roleName: string; trust?: string; tags?: { Key?: string; key?: string }[] }[];
    const managed = roles.find((r) => typeof r.trust === 'string' && (r.tags ?? []).some((t) => (t.Key ?? t.key) === 'managed-by'));
    if (managed) return { account, roleName: managed.roleName, trust: managed.trust as string };
  }
  throw new Error('one-change case: no managed role found in the emulator state (did cold converge create any?)');
}

/** Names the whole trusted account instead of the one role: the console's default, and a real drift. */
export function widenedTrust(trust: string): string {
  const doc = JSON.parse(trust) as { Version: string; Statement: { Principal?: { RAM?: string | string[]; Service?: string | string[] } }[] };
  for (const statement of doc.Statement) {
    const principal = statement.Principal;
    if (!principal) continue;
    if (principal.RAM !== undefined) {
      const arns = Array.isArray(principal.RAM) ? principal.RAM : [principal.RAM];
      principal.RAM = arns.map((arn) => arn.replace(/:(role|user)\/.*$/, ':root'));
    } else {
      const services = principal.Service === undefined ? [] : Array.isArray(principal.Service) ? principal.Service : [principal.Service];
      principal.Service = [...services, 'ecs.aliyuncs.com'];
    }
  }
  return JSON.stringify(doc);
}

export async function applyDrift(endpoint: string, state: EmulatorState, accounts: readonly FleetAccount[]): Promise<Drift> {
  const target = chooseDriftTarget(state, accounts);
  const after = widenedTrust(target.trust);
  const client = new Ram.default(
    new $OpenApiUtil.Config({
      endpoint,
      protocol: 'http',
      regionId: target.account.regionId,
      accessKeyId: target.account.deployer.accessKeyId,
      accessKeySecret: target.account.deployer.accessKeySecret,
      readTimeout: 10_000,
      connectTimeout: 10_000,
    }),
  );
  await client.updateRole(new $Ram.UpdateRoleRequest({ roleName: target.roleName, newAssumeRolePolicyDocument: after }));
  return { accountId: target.account.accountId, roleName: target.roleName, before: target.trust, after };
}
