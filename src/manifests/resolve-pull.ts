// AcrPullAccess manifests → facts → expansion (expand.ts). Checks here are the ones that need
// resolved accounts; the rest is the schema's.
import { accountOf, originOf, report, type Context } from './context.js';
import { instanceNameKey } from '../model/instance-names.js';
import { expandAcrPull, type AcrPullExpansion, type AcrPullFacts } from './expand.js';
import { defaultPullPolicyName, defaultServiceRoleName, defaultUserRoleName } from './names.js';
import type { Manifest } from './types.js';

export interface ResolvedPullAccess {
  manifest: Manifest<'AcrPullAccess'>;
  facts: AcrPullFacts;
  expansion: AcrPullExpansion;
}

export function resolvePullAccesses(ctx: Context): Map<string, ResolvedPullAccess> {
  const out = new Map<string, ResolvedPullAccess>();
  for (const m of ctx.manifests.AcrPullAccess.values()) {
    const facts = factsOf(ctx, m);
    if (facts !== undefined) out.set(m.name, { manifest: m, facts, expansion: expandAcrPull(facts) });
  }
  return out;
}

function factsOf(ctx: Context, m: Manifest<'AcrPullAccess'>): AcrPullFacts | undefined {
  const { spec } = m;
  const eci = accountOf(ctx, m, ['spec', 'eciAccount'], spec.eciAccount);
  const registryAccount = accountOf(ctx, m, ['spec', 'registry', 'account'], spec.registry.account);
  const personalOk = checkPersonal(ctx, m);
  if (eci === undefined || registryAccount === undefined || !personalOk) return undefined;
  const r = spec.registry;
  const regionId = r.regionId ?? registryAccount.regionId;
  const instance = instanceOf(ctx, m, registryAccount, regionId);
  if (instance === undefined) return undefined;
  return {
    name: m.name,
    origin: originOf(m),
    eci: { account: eci.name, accountId: eci.accountId, regionId: eci.regionId },
    registry: {
      account: registryAccount.name,
      accountId: registryAccount.accountId,
      regionId,
      edition: r.edition,
      ...instance,
      customDomains: r.customDomains ?? [],
      ...(r.namespaces !== undefined ? { namespaces: r.namespaces } : {}),
    },
    restrictToInstance: spec.restrictToInstance ?? true,
    pullPolicy: spec.pullPolicy ?? 'minimal',
    names: {
      serviceRole: spec.roleNames?.service ?? defaultServiceRoleName(m.name),
      userRole: spec.roleNames?.user ?? defaultUserRoleName(m.name),
      policy: defaultPullPolicyName(m.name),
    },
  };
}

/** Personal Edition has no instance id and no custom domains. */
function checkPersonal(ctx: Context, m: Manifest<'AcrPullAccess'>): boolean {
  const r = m.spec.registry;
  if (r.edition !== 'Personal') return true;
  let ok = true;
  for (const field of ['instanceId', 'instanceName'] as const) {
    if (r[field] === undefined) continue;
    report(ctx, m, ['spec', 'registry', field], 'CONFLICTING_FIELDS', `ACR Personal Edition has no ${field === 'instanceId' ? 'instance id' : 'instance name'}`, {
      hint: `remove ${field}, or set edition: Enterprise`,
    });
    ok = false;
  }
  if ((r.customDomains ?? []).length > 0) {
    report(ctx, m, ['spec', 'registry', 'customDomains'], 'CONFLICTING_FIELDS', 'custom domains exist only for ACR Enterprise Edition', {
      hint: 'remove customDomains, or set edition: Enterprise',
    });
    ok = false;
  }
  return ok;
}

/**
 * Enterprise: the instanceId as written, or the one ACR gave for instanceName (ResolveOptions). A
 * name nobody has looked up yet is recorded for the caller, with a stand-in id that never reaches the
 * cloud: plan and run --once look it up and load again; the daemon is told to write the id instead.
 */
function instanceOf(ctx: Context, m: Manifest<'AcrPullAccess'>, account: { name: string; accountId: string }, regionId: string): { instanceId?: string; instanceName?: string } | undefined {
  const r = m.spec.registry;
  if (r.edition !== 'Enterprise') return {};
  if (r.instanceId !== undefined && r.instanceName !== undefined) {
    report(ctx, m, ['spec', 'registry', 'instanceName'], 'CONFLICTING_FIELDS', 'give instanceId or instanceName, not both', { anchor: 'key', hint: 'instanceName is looked up in ACR; instanceId is used as written' });
    return undefined;
  }
  if (r.instanceId !== undefined) return { instanceId: r.instanceId };
  if (r.instanceName === undefined) {
    report(ctx, m, ['spec', 'registry'], 'MISSING_FIELD', 'missing required field "instanceId" in registry', { hint: 'an Enterprise registry needs instanceId (cri-…) or instanceName' });
    return undefined;
  }
  const key = instanceNameKey(account.name, regionId, r.instanceName);
  const answer = ctx.options.instanceNames?.get(key);
  if (answer && 'instanceId' in answer) return { instanceId: answer.instanceId, instanceName: r.instanceName };
  if (answer) {
    report(ctx, m, ['spec', 'registry', 'instanceName'], 'INSTANCE_NAME_UNKNOWN', answer.problem, { hint: 'check the name, the registry account and regionId, or write instanceId' });
    return undefined;
  }
  if (ctx.options.requireInstanceIds) {
    report(ctx, m, ['spec', 'registry', 'instanceName'], 'INSTANCE_NAME_UNRESOLVED', `instanceName "${r.instanceName}" was not looked up in ACR`, { hint: 'the manifests changed while the names were looked up; the next pass looks again' });
    return undefined;
  }
  (ctx.lookups ??= []).push({ key, access: m.name, account: account.name, accountId: account.accountId, regionId, instanceName: r.instanceName });
  return { instanceId: unresolvedInstanceId(r.instanceName), instanceName: r.instanceName };
}

/** The stand-in id of a name not looked up yet; not an instance id (no cri- prefix), so it can never match one. */
export const unresolvedInstanceId = (instanceName: string): string => `<instanceName ${instanceName}>`;
