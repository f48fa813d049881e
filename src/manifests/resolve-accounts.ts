// Account manifests → DesiredAccount, with `via` chains of assume-role credentials checked for
// unknown names and cycles (a chain that never reaches real credentials).
import type { CredentialSource } from '../model/desired.js';
import { accountRootArn } from '../model/desired.js';
import { alibabaEndpointProblem, type EndpointService } from '../model/endpoints.js';
import { parseRoleArn } from '../policy/arn.js';
import { lookup, originOf, report, type Context } from './context.js';
import type { AccountSpec, Manifest } from './types.js';

export const DEFAULT_SESSION_NAME = 'eci-acr-reconciler';

export function resolveAccounts(ctx: Context): void {
  for (const m of ctx.manifests.Account.values()) {
    const credentials = credentialsOf(m.spec);
    if (credentials.source === 'assumeRole' && !checkVia(ctx, m)) continue;
    if (!checkEndpoints(ctx, m)) continue;
    ctx.accounts.set(m.name, {
      name: m.name,
      accountId: m.spec.accountId,
      ownerId: m.spec.ownerId ?? m.name,
      regionId: m.spec.regionId,
      credentials,
      endpoints: { ...m.spec.endpoints },
      ...(m.spec.rateLimits ? { rateLimits: { ...m.spec.rateLimits } } : {}),
      ...(m.spec.backgroundQuotaShare ? { backgroundShare: Number(m.spec.backgroundQuotaShare.slice(0, -1)) / 100 } : {}),
      origin: originOf(m),
    });
  }
}

/**
 * Per-service endpoints must be Alibaba Cloud's over HTTPS (finding G2: an STS endpoint of anyone
 * else's can answer GetCallerIdentity with the pinned account ID), unless the Account opts in
 * (warned about on every run) or the run sends everything to the emulator anyway.
 */
function checkEndpoints(ctx: Context, m: Manifest<'Account'>): boolean {
  if (m.spec.allowCustomEndpoints === true) {
    report(ctx, m, ['spec', 'allowCustomEndpoints'], 'CUSTOM_ENDPOINTS', `Account ${m.name} allows endpoints that are not Alibaba Cloud's`, {
      hint: 'an endpoint you do not trust can answer STS GetCallerIdentity with any account ID; pinning then rests on the account ID in the ARNs RAM returns',
    });
    return true;
  }
  if (ctx.options.emulatorMode === true) return true;
  let ok = true;
  for (const service of ['ram', 'sts', 'eci', 'cr'] as const satisfies readonly EndpointService[]) {
    const raw = m.spec.endpoints?.[service];
    const problem = raw === undefined ? undefined : alibabaEndpointProblem(service, raw);
    if (problem === undefined) continue;
    ok = false;
    report(ctx, m, ['spec', 'endpoints', service], 'ENDPOINT_NOT_ALIBABA', `endpoints.${service} ${problem}`, {
      hint: 'use an Alibaba Cloud endpoint over HTTPS, or set allowCustomEndpoints: true if you trust this endpoint (every run then warns)',
    });
  }
  return ok;
}

function credentialsOf(spec: AccountSpec): CredentialSource {
  const c = spec.credentials ?? { source: 'default' };
  switch (c.source) {
    case 'env':
      return { source: 'env', accessKeyIdEnv: c.accessKeyIdEnv as string, accessKeySecretEnv: c.accessKeySecretEnv as string, ...(c.securityTokenEnv ? { securityTokenEnv: c.securityTokenEnv } : {}) };
    case 'profile':
      return { source: 'profile', profile: c.profile as string };
    case 'assumeRole':
      return { source: 'assumeRole', roleArn: c.roleArn as string, via: c.via as string, sessionName: c.sessionName ?? DEFAULT_SESSION_NAME, ...(c.externalId ? { externalId: c.externalId } : {}) };
    case 'oidc':
      return { source: 'oidc', roleArn: c.roleArn as string, oidcProviderArn: c.oidcProviderArn as string, tokenFile: c.tokenFile as string, sessionName: c.sessionName ?? DEFAULT_SESSION_NAME };
    default:
      return { source: 'default' };
  }
}

/** True when the chain of `via` accounts ends in an account with real credentials. */
function checkVia(ctx: Context, m: Manifest<'Account'>): boolean {
  const path = ['spec', 'credentials', 'via'];
  const roleArn = m.spec.credentials?.roleArn as string;
  const target = parseRoleArn(roleArn);
  if (target !== undefined && target.accountId !== m.spec.accountId) {
    report(ctx, m, ['spec', 'credentials', 'roleArn'], 'WRONG_ACCOUNT', `roleArn is in account ${target.accountId}, but this Account is ${m.spec.accountId}`, {
      hint: `assume a role of this account (acs:ram::${m.spec.accountId}:role/<name>); ${accountRootArn(m.spec.accountId)} is the account itself`,
    });
    return false;
  }
  const seen = [m.name];
  let current: Manifest<'Account'> = m;
  for (;;) {
    const via = current.spec.credentials?.via as string;
    // Only the first hop is this manifest's reference; later hops are reported by their own manifests.
    const next = current === m ? lookup(ctx, m, path, 'Account', via) : ctx.manifests.Account.get(via);
    if (next === undefined) return false;
    if (seen.includes(next.name)) {
      report(ctx, m, path, 'REF_CYCLE', `assumeRole chain never reaches credentials: ${[...seen, next.name].join(' → ')}`, {
        hint: 'one Account in the chain needs source: default, env or profile',
      });
      return false;
    }
    if (next.spec.credentials?.source !== 'assumeRole') return true;
    seen.push(next.name);
    current = next;
  }
}
