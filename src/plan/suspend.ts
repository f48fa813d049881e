// Suspended resources (the manifest annotation `eci-acr-reconciler/suspend: "true"`): the diff is
// still computed, so their drift is reported, but the plan gives them no steps and the prune guard
// does not count their deletions. On an Account the annotation covers every resource of the account,
// the owned ones that left the manifests included (a paused account is not pruned either); on an
// AcrPullAccess it covers the roles and policy it expands to, which carry its origin.
import type { DesiredState } from '../model/desired.js';
import type { ResourceDiff } from './types.js';

export const SUSPENDED_REASON = 'suspended (eci-acr-reconciler/suspend): left untouched';

export function markSuspended(diffs: ResourceDiff[], desired: DesiredState): ResourceDiff[] {
  const accounts = new Set(desired.accounts.filter((a) => a.origin.suspended).map((a) => a.name));
  if (accounts.size === 0 && !hasSuspendedResource(desired)) return diffs;
  return diffs.map((d) => (accounts.has(d.accountName) || d.desired?.origin.suspended ? suspend(d) : d));
}

function hasSuspendedResource(desired: DesiredState): boolean {
  return [...desired.roles, ...desired.policies, ...desired.imageCaches].some((r) => r.origin.suspended);
}

/** In sync or not, a suspended resource says so; its drift stays in `reasons` and `changes`. */
const suspend = (d: ResourceDiff): ResourceDiff => ({ ...d, suspended: true, reasons: [SUSPENDED_REASON, ...d.reasons] });
