// Trust policies (AssumeRolePolicyDocument): who may call sts:AssumeRole on a
// role. Being admitted here is necessary, not sufficient: RAM callers also need sts:AssumeRole in
// their own identity policies, which evaluatePolicies decides.
import type { PolicyDocument } from './document.js';
import { parseRamIdentityArn, roleArn } from './arn.js';
import type { RequestContext } from './conditions.js';
import { actionApplies, conditionApplies } from './evaluate.js';
import { isPlainObject, stringList } from './values.js';

export type TrustCaller =
  | { type: 'Service'; service: string }
  /** `arn` is the user ARN, the root ARN, or the ROLE ARN for a role session (a session ARN is also accepted). */
  | { type: 'RAM'; accountId: string; arn: string; roleName?: string }
  /** An identity provider (AssumeRoleWithOIDC/SAML): `provider` is acs:ram::<uid>:oidc-provider/<name>. */
  | { type: 'Federated'; provider: string };

export interface TrustPrincipals {
  services: string[];
  ramArns: string[];
  federated: string[];
  /** True if some Allow statement admits anyone (`"Principal": "*"` or a `"*"` value): lints warn. */
  wildcard: boolean;
}

const ASSUME_ROLE = 'sts:AssumeRole';

/**
 * Whether the trust policy lets `caller` assume the role. Deny statements that match win; otherwise
 * any matching Allow admits. Matching rules:
 * - `acs:ram::<uid>:root` admits every RAM identity of account <uid> (root, users, role sessions);
 * - `acs:ram::<uid>:role/<name>` admits sessions of exactly that role (exact, case-sensitive compare);
 * - `acs:ram::<uid>:user/<name>` admits exactly that user;
 * - a Service principal admits only that service (names compared case-insensitively), never RAM callers;
 * - a Federated principal admits tokens of exactly that provider ARN; conditions (oidc:iss, oidc:aud,
 *   oidc:sub) then narrow it, evaluated against the context the caller passes;
 * - `"*"` (whole Principal or one value of a type) admits everyone of that reach.
 * Unknown condition operators fail closed (an Allow does not admit, a Deny applies).
 */
export function trustAdmits(trust: PolicyDocument, caller: TrustCaller, context: RequestContext = {}): boolean {
  let admitted = false;
  const unsupported = new Set<string>();
  for (const statement of trustStatements(trust)) {
    const effect = statement.Effect;
    if (effect !== 'Allow' && effect !== 'Deny') continue;
    if (!actionApplies(statement, ASSUME_ROLE) || !principalMatches(statement.Principal, caller)) continue;
    if (!conditionApplies(statement, effect, context, unsupported)) continue;
    if (effect === 'Deny') return false;
    admitted = true;
  }
  return admitted;
}

/** Principals named by Allow statements that grant sts:AssumeRole, de-duplicated, in document order. */
export function trustPrincipals(trust: PolicyDocument): TrustPrincipals {
  const services = new Set<string>();
  const ramArns = new Set<string>();
  const federated = new Set<string>();
  let wildcard = false;
  for (const statement of trustStatements(trust)) {
    if (statement.Effect !== 'Allow' || !actionApplies(statement, ASSUME_ROLE)) continue;
    const principal = statement.Principal;
    if (principal === '*') {
      wildcard = true;
      continue;
    }
    if (!isPlainObject(principal)) continue;
    const service = valuesOf(principal, 'Service');
    const ram = valuesOf(principal, 'RAM');
    if (service.includes('*') || ram.includes('*')) wildcard = true;
    for (const s of service) if (s !== '*') services.add(s);
    for (const a of ram) if (a !== '*') ramArns.add(a);
    for (const f of valuesOf(principal, 'Federated')) federated.add(f);
  }
  return { services: [...services], ramArns: [...ramArns], federated: [...federated], wildcard };
}

function trustStatements(trust: PolicyDocument): Record<string, unknown>[] {
  const statements: unknown = isPlainObject(trust) ? trust.Statement : undefined;
  return Array.isArray(statements) ? statements.filter(isPlainObject) : [];
}

function valuesOf(principal: Record<string, unknown>, type: string): string[] {
  return Object.hasOwn(principal, type) ? (stringList(principal[type]) ?? []) : [];
}

function principalMatches(principal: unknown, caller: TrustCaller): boolean {
  if (principal === '*') return true;
  if (!isPlainObject(principal)) return false;
  if (caller.type === 'Service') {
    const wanted = caller.service.toLowerCase();
    return valuesOf(principal, 'Service').some((s) => s === '*' || s.toLowerCase() === wanted);
  }
  if (caller.type === 'Federated') return valuesOf(principal, 'Federated').includes(caller.provider);
  const callerArn = canonicalCallerArn(caller);
  return valuesOf(principal, 'RAM').some((entry) => ramEntryAdmits(entry, caller.accountId, callerArn));
}

function ramEntryAdmits(entry: string, accountId: string, callerArn: string): boolean {
  if (entry === '*') return true;
  const named = parseRamIdentityArn(entry);
  // A session ARN in a trust policy names nothing RAM recognises; it admits no one.
  if (named === undefined || (named.kind === 'role' && named.sessionName !== undefined)) return false;
  if (named.kind === 'root') return named.accountId === accountId;
  return entry === callerArn;
}

/** Role sessions compare by their role ARN; the account must agree with the ARN's account. */
function canonicalCallerArn(caller: Extract<TrustCaller, { type: 'RAM' }>): string {
  const identity = parseRamIdentityArn(caller.arn);
  if (identity === undefined || identity.accountId !== caller.accountId) return caller.arn;
  if (identity.kind === 'role') return roleArn(identity.accountId, identity.name);
  return caller.arn;
}
