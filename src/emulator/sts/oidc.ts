// STS AssumeRoleWithOIDC, as ACK's RRSA uses it: the pod's projected service-account token is
// exchanged for a role session. Anonymous (no AccessKey signature). Parameters and limits from the
// AssumeRoleWithOIDC API reference (help.aliyun.com/en/ram/developer-reference/
// api-sts-2015-04-01-assumerolewithoidc); codes from the STS error-code list. The evaluation order
// is the emulator's choice (unconfirmed): parameters → provider → token → role → trust → terms.
import { randomBytes } from 'node:crypto';
import { parseRoleArn, trustAdmits } from '../../policy/index.js';
import { ApiError, type ActionContext } from '../contracts.js';
import { invalid, optional, required } from '../params.js';
import type { SeedOidcProvider } from '../seed-types.js';
import type { World } from '../world.js';
import { verifyOidcToken, type OidcClaims } from './oidc-token.js';
import { issueSession } from './sessions.js';
import { checkSessionName, sessionTerms } from './terms.js';

const PROVIDER_ARN = /^acs:ram::(\d+):oidc-provider\/(.+)$/;

const noPermission = (message: string) => new ApiError('AuthenticationFail.NoPermission', 401, message);

function provider(world: World, arn: string): SeedOidcProvider {
  const match = PROVIDER_ARN.exec(arn);
  const found = match ? world.seed.accounts.find((a) => a.accountId === match[1])?.oidcProviders.find((p) => p.name === match[2]) : undefined;
  if (!found) throw noPermission('No such OIDC Provider registered.');
  return found;
}

function tokenInfo(claims: OidcClaims): Record<string, unknown> {
  const time = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { Issuer: claims.iss, Subject: claims.sub, ClientIds: claims.aud.join(','), ExpirationTime: time(claims.exp), IssuanceTime: time(claims.iat), VerificationInfo: 'Success' };
}

export function assumeRoleWithOidc(world: World, ctx: ActionContext): Record<string, unknown> {
  const { params } = ctx;
  const providerArn = required(params, 'OIDCProviderArn');
  const roleArn = required(params, 'RoleArn');
  const token = optional(params, 'OIDCToken');
  if (token === undefined) throw new ApiError('AuthenticationFail.OIDCToken.Invalid', 401, 'The OIDCToken can not empty.');
  if (token.length < 4 || token.length > 20_000) throw invalid('InvalidParameter.OIDCToken', 'The parameter OIDCToken must be 4 to 20000 characters long.');
  const idp = provider(world, providerArn);
  const claims = verifyOidcToken(token, idp, ctx.now);
  const target = parseRoleArn(roleArn);
  if (!target) throw invalid('InvalidParameter.RoleArn', `The parameter RoleArn "${roleArn}" is not a valid role ARN.`);
  const role = world.account(target.accountId)?.roles.get(target.roleName);
  const trust = world.ram.role(target.accountId, target.roleName)?.trust;
  if (!role || !trust) throw new ApiError('EntityNotExist.Role', 404, 'The specified Role not exists.');
  const context = { 'oidc:iss': claims.iss, 'oidc:aud': claims.aud, 'oidc:sub': claims.sub };
  if (!trustAdmits(trust, { type: 'Federated', provider: providerArn }, context)) throw noPermission('There is no permission');
  // Optional in the current reference; the emulator names an unnamed session like a random client would.
  const sessionName = checkSessionName(optional(params, 'RoleSessionName') ?? `oidc-${randomBytes(6).toString('hex')}`);
  const { durationSeconds, sessionPolicy } = sessionTerms(params, role.maxSessionDuration);
  const session = issueSession(world, { accountId: target.accountId, role, sessionName, durationSeconds, sessionPolicy, now: ctx.now });
  return { ...session, OIDCTokenInfo: tokenInfo(claims) };
}
