// AcrPullAccess manifests → facts → expansion (expand.ts). Checks here are the ones that need
// resolved accounts; the rest is the schema's.
import { accountOf, originOf, report, type Context } from './context.js';
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
  return {
    name: m.name,
    origin: originOf(m),
    eci: { account: eci.name, accountId: eci.accountId, regionId: eci.regionId },
    registry: {
      account: registryAccount.name,
      accountId: registryAccount.accountId,
      regionId: r.regionId ?? registryAccount.regionId,
      edition: r.edition,
      ...(r.instanceId !== undefined ? { instanceId: r.instanceId } : {}),
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
  if (r.instanceId !== undefined) {
    report(ctx, m, ['spec', 'registry', 'instanceId'], 'CONFLICTING_FIELDS', 'ACR Personal Edition has no instance id', {
      hint: 'remove instanceId, or set edition: Enterprise',
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
