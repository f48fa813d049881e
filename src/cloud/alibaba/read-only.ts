// What `doctor` reads beyond the engine's AccountCloud, over the same account context (limits,
// retries, redaction, pinning). Read calls only: doctor never writes.
import type { AccountContext } from './context.js';
import { readRoleWithPolicies, type RoleWithPolicies } from './ram-read.js';

export interface ReadOnlyAccount {
  accountName: string;
  accountId: string;
  regionId: string;
  /** GetRole, ListPoliciesForRole and GetPolicy per attachment; undefined when the role does not exist. */
  roleWithPolicies(roleName: string): Promise<RoleWithPolicies | undefined>;
}

export type { RoleWithPolicies };

export function readOnlyAccount(c: AccountContext, regionId: string): ReadOnlyAccount {
  return {
    accountName: c.accountName,
    accountId: c.accountId,
    regionId,
    roleWithPolicies: (roleName) => readRoleWithPolicies(c, roleName),
  };
}
