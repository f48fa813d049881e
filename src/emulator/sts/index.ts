// STS 2015-04-01: GetCallerIdentity, AssumeRole and AssumeRoleWithOIDC
// (anonymous: the OIDC token is the credential; see oidc.ts).
import { parseRoleArn, trustAdmits } from '../../policy/index.js';
import { ApiError, type ActionContext, type ServiceModule } from '../contracts.js';
import { AccessDenied } from '../errors.js';
import { invalid, optional, required } from '../params.js';
import { assumeRoleWithOidc } from './oidc.js';
import { checkSessionName, sessionTerms } from './terms.js';
import type { World } from '../world.js';
import { issueSession } from './sessions.js';

function callerIdentity(world: World, ctx: ActionContext): Record<string, unknown> {
  const { caller } = ctx;
  const base = { AccountId: caller.accountId, Arn: caller.arn };
  // A captured real answer for a root key (alibaba-cloud-csi-driver's openapi_test.go) has UserId = account ID.
  if (caller.kind === 'root') return { ...base, IdentityType: 'Account', PrincipalId: caller.accountId, UserId: caller.accountId };
  if (caller.kind === 'user') {
    const userId = world.account(caller.accountId)?.users.get(caller.userName ?? '')?.userId ?? '';
    return { ...base, IdentityType: 'RAMUser', PrincipalId: userId, UserId: userId };
  }
  const roleId = world.keys.get(caller.accessKeyId)?.roleId ?? '';
  return { ...base, IdentityType: 'AssumedRoleUser', PrincipalId: `${roleId}:${caller.sessionName}`, RoleId: roleId };
}

// STS's documented message when a root key calls AssumeRole (Alibaba's STS error list, doc-detail/42775).
const ROOT_REFUSED = 'Roles may not be assumed by root accounts.';

function denied(ctx: ActionContext, why: string, message?: string): AccessDenied {
  const { caller } = ctx;
  return new AccessDenied({
    AuthAction: 'sts:AssumeRole',
    AuthPrincipalType: caller.kind === 'root' ? 'Account' : caller.kind === 'user' ? 'SubUser' : 'AssumedRoleUser',
    AuthPrincipalDisplayName: caller.kind === 'root' ? caller.accountId : caller.kind === 'user' ? (caller.userName ?? '') : `${caller.roleName}:${caller.sessionName}`,
    AuthPrincipalOwnerId: caller.accountId,
    PolicyType: 'ResourceBasedPolicy',
    NoPermissionType: 'ImplicitDeny',
    EncodedDiagnosticMessage: why,
  }, message);
}

// §5.1 order: role exists → not root → trust admits → caller holds sts:AssumeRole → session name →
// duration → session policy.
function assumeRole(world: World, ctx: ActionContext): Record<string, unknown> {
  const { params, caller } = ctx;
  const roleArn = required(params, 'RoleArn');
  const target = parseRoleArn(roleArn);
  if (!target) throw invalid('InvalidParameter.RoleArn', `The parameter RoleArn "${roleArn}" is not a valid role ARN.`);
  const role = world.account(target.accountId)?.roles.get(target.roleName);
  const trust = world.ram.role(target.accountId, target.roleName)?.trust;
  if (!role || !trust) throw new ApiError('EntityNotExist.Role', 404, 'The specified Role not exists.');
  if (caller.kind === 'root') throw denied(ctx, ROOT_REFUSED, ROOT_REFUSED);
  if (!trustAdmits(trust, { type: 'RAM', accountId: caller.accountId, arn: caller.arn, ...(caller.roleName ? { roleName: caller.roleName } : {}) })) {
    throw denied(ctx, 'The caller is not trusted by the role.');
  }
  ctx.authorize('sts:AssumeRole', role.arn);
  const sessionName = checkSessionName(required(params, 'RoleSessionName'));
  const { durationSeconds, sessionPolicy } = sessionTerms(params, role.maxSessionDuration);
  const externalId = optional(params, 'ExternalId');
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) throw invalid('InvalidParameter.ExternalId', 'The parameter ExternalId is invalid.');
  const session = issueSession(world, { accountId: target.accountId, role, sessionName, durationSeconds, sessionPolicy, now: ctx.now });
  const sourceIdentity = optional(params, 'SourceIdentity');
  return { ...session, ...(sourceIdentity ? { SourceIdentity: sourceIdentity } : {}) };
}

export function createStsService(world: World): ServiceModule {
  return {
    name: 'sts',
    version: '2015-04-01',
    hostId: () => 'sts.aliyuncs.com',
    actions: {
      GetCallerIdentity: (ctx) => callerIdentity(world, ctx),
      AssumeRole: (ctx) => assumeRole(world, ctx),
      AssumeRoleWithOIDC: (ctx) => assumeRoleWithOidc(world, ctx),
    },
    anonymousActions: ['AssumeRoleWithOIDC'],
  };
}
