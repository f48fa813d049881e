// ctx.authorize: root keys may do everything (STS refuses root AssumeRole itself); RAM users and
// role sessions need an Allow from their attached policies, and a session policy narrows a session.
import { evaluatePolicies, type RequestContext } from '../policy/index.js';
import { AccessDenied } from './errors.js';
import type { KeyRecord, World } from './world.js';

export type Authorizer = (action: string, resource: string) => void;

export function authorizerFor(world: World, record: KeyRecord, context: RequestContext): Authorizer {
  const { caller } = record;
  if (caller.kind === 'root') return () => undefined;
  const principal = caller.kind === 'user' ? { kind: 'user' as const, userName: caller.userName ?? '' } : { kind: 'role' as const, roleName: caller.roleName ?? '' };
  return (action, resource) => {
    const request = { action, resource, context };
    const docs = world.ram.policiesOf(caller.accountId, principal);
    const identity = evaluatePolicies(docs, request).decision;
    const session = record.sessionPolicy ? evaluatePolicies([record.sessionPolicy], request).decision : 'Allow';
    if (identity === 'Allow' && session === 'Allow') return;
    const explicit = identity === 'ExplicitDeny' || session === 'ExplicitDeny';
    throw new AccessDenied({
      AuthAction: action,
      AuthPrincipalType: caller.kind === 'user' ? 'SubUser' : 'AssumedRoleUser',
      AuthPrincipalDisplayName: caller.kind === 'user' ? (caller.userName ?? '') : `${caller.roleName}:${caller.sessionName}`,
      AuthPrincipalOwnerId: caller.accountId,
      PolicyType: identity !== 'Allow' ? 'AccountLevelIdentityBasedPolicy' : 'SessionPolicy',
      NoPermissionType: explicit ? 'ExplicitDeny' : 'ImplicitDeny',
      EncodedDiagnosticMessage: '',
    });
  };
}

/** Condition keys the emulator can supply (§4.1): time (emulated), transport, source IP. */
export function requestContext(nowMs: number, sourceIp: string): RequestContext {
  return { 'acs:CurrentTime': new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'), 'acs:SecureTransport': false, 'acs:SourceIp': sourceIp, 'acs:MFAPresent': false };
}
