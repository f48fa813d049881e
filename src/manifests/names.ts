// Default RAM names for what an AcrPullAccess expands into. The rule (documented in the README):
//   service role  <metadata.name>-eci   (ECI account; ArnService)
//   user role     <metadata.name>-acr   (registry account; ArnUser; cross account only)
//   pull policy   <metadata.name>-pull  with '.' turned into '-' (policy names do not allow '.')
// A name that would exceed RAM's limit (64 for roles) keeps a prefix and gains a 6-hex-digit hash of
// the full metadata.name, so two long manifest names never collapse into one role.
import { createHash } from 'node:crypto';

export const ROLE_NAME_MAX = 64;
export const POLICY_NAME_MAX = 128;

export function fitName(base: string, suffix: string, max: number): string {
  if (base.length + suffix.length <= max) return `${base}${suffix}`;
  const hash = createHash('sha256').update(base).digest('hex').slice(0, 6);
  const prefix = base.slice(0, max - suffix.length - hash.length - 1).replace(/[.-]+$/, '');
  return `${prefix}-${hash}${suffix}`;
}

export const defaultServiceRoleName = (name: string): string => fitName(name, '-eci', ROLE_NAME_MAX);
export const defaultUserRoleName = (name: string): string => fitName(name, '-acr', ROLE_NAME_MAX);
export const defaultPullPolicyName = (name: string): string => fitName(name.replace(/\./g, '-'), '-pull', POLICY_NAME_MAX);
