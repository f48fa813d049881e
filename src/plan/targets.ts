// `--target Kind/name`: a partial plan of the named manifests and what they need, like Terraform's
// -target. Pure: the desired state in, the selected part of it (and the resource keys it may touch)
// out. What a target needs:
// - an AcrPullAccess: every role and policy it expands into (they carry its name as their origin);
// - a role: the Custom policies it attaches and the declared roles its trust names (they must exist
//   before RAM accepts the trust);
// - an image cache: the declared roles its AcrRegistryInfo names, and what those need.
// Nothing outside the selection is read in detail, planned or written; in particular nothing outside
// it is pruned (the plan is made without prune: every target is declared, so none is a deletion).
import { roleArn, type DesiredImageCache, type DesiredPolicy, type DesiredRole, type DesiredState, type ManifestKind } from '../model/desired.js';
import { imageCacheKey, policyKey, roleKey } from '../model/keys.js';
import { trustPrincipals } from '../policy/trust.js';
import { editDistance } from '../runtime/did-you-mean.js';

export interface TargetSelection {
  /** The targets as given, in order: recorded in the plan, which says it is partial. */
  targets: string[];
  desired: DesiredState;
  /** The resource keys of `desired`: the only ones the partial plan shows or changes. */
  keys: ReadonlySet<string>;
}

export interface UnknownTarget {
  target: string;
  suggestion?: string;
}

export const TARGET_KINDS: readonly ManifestKind[] = ['RamRole', 'RamPolicy', 'ImageCache', 'AcrPullAccess'];

const address = (o: { origin: { kind: string; name: string } }): string => `${o.origin.kind}/${o.origin.name}`;

/** Every address a target may name: the manifests that declare roles, policies or image caches. */
export function targetAddresses(desired: DesiredState): string[] {
  return [...new Set([...desired.roles, ...desired.policies, ...desired.imageCaches].map(address))].sort();
}

export function selectTargets(desired: DesiredState, targets: readonly string[]): { selection: TargetSelection } | { unknown: UnknownTarget[] } {
  const known = targetAddresses(desired);
  const unknown = targets.filter((t) => !known.includes(t)).map((target) => ({ target, ...suggestionFor(target, known) }));
  if (unknown.length > 0) return { unknown };
  const wanted = new Set(targets);
  const roles = new Set<DesiredRole>(desired.roles.filter((r) => wanted.has(address(r))));
  const policies = new Set<DesiredPolicy>(desired.policies.filter((p) => wanted.has(address(p))));
  const caches = desired.imageCaches.filter((c) => wanted.has(address(c)));
  const byArn = new Map(desired.roles.map((r) => [roleArn(r.accountId, r.roleName), r]));
  for (const c of caches) for (const arn of registryArns(c)) addRole(byArn.get(arn), roles);
  // Closure over trust principals; a role's policies follow once the role set is complete.
  const pending = [...roles];
  while (pending.length > 0) {
    const role = pending.pop()!;
    for (const arn of trustPrincipals(role.trust).ramArns) {
      const principal = byArn.get(arn);
      if (principal !== undefined && !roles.has(principal)) pending.push(principal);
      addRole(principal, roles);
    }
  }
  for (const r of roles) for (const p of attachedCustom(r, desired.policies)) policies.add(p);
  const picked = { roles: desired.roles.filter((r) => roles.has(r)), policies: desired.policies.filter((p) => policies.has(p)), imageCaches: caches };
  const accountNames = new Set([...picked.roles, ...picked.policies, ...picked.imageCaches].map((x) => x.account));
  const selected: DesiredState = { accounts: desired.accounts.filter((a) => accountNames.has(a.name)), ...picked };
  return { selection: { targets: [...targets], desired: selected, keys: keysOf(selected) } };
}

function addRole(role: DesiredRole | undefined, roles: Set<DesiredRole>): void {
  if (role !== undefined) roles.add(role);
}

const registryArns = (c: DesiredImageCache): string[] => c.acrRegistryInfo.flatMap((e) => [e.arnService, e.arnUser]).filter((a): a is string => a !== undefined);

const attachedCustom = (r: DesiredRole, policies: DesiredPolicy[]): DesiredPolicy[] =>
  r.policies.flatMap((a) => (a.policyType === 'Custom' ? policies.filter((p) => p.account === r.account && p.policyName === a.policyName) : []));

function keysOf(desired: DesiredState): Set<string> {
  return new Set([
    ...desired.roles.map((r) => roleKey(r.accountId, r.roleName)),
    ...desired.policies.map((p) => policyKey(p.accountId, p.policyName)),
    ...desired.imageCaches.map((c) => imageCacheKey(c.accountId, c.regionId, c.origin.name)),
  ]);
}

/** The closest known address (a kind written in other case, or a name a few edits away). */
function suggestionFor(target: string, known: string[]): { suggestion?: string } {
  const lower = target.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact !== undefined) return { suggestion: exact };
  let best: { address: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(lower, k.toLowerCase());
    if (distance <= Math.max(2, Math.floor(k.length / 4)) && (best === undefined || distance < best.distance)) best = { address: k, distance };
  }
  return best ? { suggestion: best.address } : {};
}
