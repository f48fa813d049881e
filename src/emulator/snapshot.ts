// GET /_emulator/state: the whole world per account, as JSON. Secrets and tokens are never included.
import type { ServiceModule } from './contracts.js';
import { ramTime, type RamAccount } from './ram/state.js';
import type { World } from './world.js';

function ramSnapshot(account: RamAccount): unknown {
  return {
    rootAccessKeyIds: account.rootAccessKeys.map((k) => k.accessKeyId),
    users: [...account.users.values()].map((u) => ({ userName: u.userName, userId: u.userId, accessKeyIds: u.accessKeys.map((k) => k.accessKeyId), attachments: u.attachments })),
    roles: [...account.roles.values()].map((r) => ({ ...r, createDate: ramTime(r.createDate), updateDate: ramTime(r.updateDate) })),
    policies: [...account.policies.values()].map((p) => ({ ...p, createDate: ramTime(p.createDate), updateDate: ramTime(p.updateDate) })),
  };
}

function stsSessions(world: World, accountId: string): unknown[] {
  return [...world.keys.values()]
    .filter((k) => k.securityToken !== undefined && k.caller.accountId === accountId)
    .map((k) => ({ accessKeyId: k.accessKeyId, arn: k.caller.arn, expiration: k.expiresAt === undefined ? null : new Date(k.expiresAt).toISOString(), expired: (k.expiresAt ?? Infinity) <= world.now() }));
}

export function stateSnapshot(world: World, modules: ServiceModule[]): unknown {
  const accounts: Record<string, unknown> = {};
  for (const [accountId, account] of world.accounts) {
    const entry: Record<string, unknown> = { ram: ramSnapshot(account), sts: { sessions: stsSessions(world, accountId) } };
    for (const module of modules) {
      if (module.snapshot) entry[module.name] = module.snapshot(accountId);
    }
    accounts[accountId] = entry;
  }
  return { now: new Date(world.now()).toISOString(), accounts, faults: world.faults.current?.() ?? null };
}
