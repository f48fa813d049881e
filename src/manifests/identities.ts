// Two manifests that would manage one cloud object. RAM names are compared case-insensitively
// (RAM may treat "Role-A" and "role-a" as one name, so they collide).
import type { DesiredPolicy, DesiredRole } from '../model/desired.js';
import { report, type Context } from './context.js';
import type { Located } from './resolve-ram.js';

export function checkCloudIdentities(ctx: Context, roles: Located<DesiredRole>[], policies: Located<DesiredPolicy>[]): void {
  checkUnique(ctx, 'role', roles, (r) => `${r.accountId}/${r.roleName.toLowerCase()}`, (r) => r.roleName);
  checkUnique(ctx, 'policy', policies, (p) => `${p.accountId}/${p.policyName.toLowerCase()}`, (p) => p.policyName);
}

function checkUnique<T extends DesiredRole | DesiredPolicy>(
  ctx: Context,
  what: string,
  items: Located<T>[],
  key: (t: T) => string,
  name: (t: T) => string,
): void {
  const first = new Map<string, Located<T>>();
  for (const item of items) {
    const k = key(item.value);
    const seen = first.get(k);
    if (seen === undefined) {
      first.set(k, item);
      continue;
    }
    const other = `${seen.manifest.kind} "${seen.manifest.name}" (${seen.manifest.sd.source.file})`;
    report(ctx, item.manifest, item.namePath, 'DUPLICATE_CLOUD_NAME', `RAM ${what} "${name(item.value)}" in account ${item.value.accountId} is also managed by ${other}`, {
      hint: `RAM ${what} names are unique per account, ignoring case; give one of them another name`,
    });
  }
}
