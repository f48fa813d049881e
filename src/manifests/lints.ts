// Warnings: legal manifests that grant more than a pull needs, or that will not do what they seem
// to. Each names its fix. They run on valid manifests only.
import { ECI_SERVICE_PRINCIPAL, type PolicyDocument } from '../policy/document.js';
import { parseRamIdentityArn } from '../policy/arn.js';
import { trustPrincipals } from '../policy/trust.js';
import { actionMatches } from '../policy/wildcard.js';
import { stringList } from '../policy/values.js';
import { report, type Context } from './context.js';
import { ACR_FULL_ACCESS_POLICY } from './expand.js';
import { lintRegions } from './lint-regions.js';
import { arnOfRoleRef } from './resolve-ram.js';
import type { ResolvedPullAccess } from './resolve-pull.js';
import type { Manifest } from './types.js';

export function runLints(ctx: Context, pulls: Map<string, ResolvedPullAccess>): void {
  for (const m of ctx.manifests.RamRole.values()) {
    lintBroadTrust(ctx, m);
    lintRoleFullAccess(ctx, m);
  }
  for (const m of ctx.manifests.RamPolicy.values()) lintPullResourceWildcard(ctx, m);
  for (const pull of pulls.values()) lintPullAccess(ctx, pull);
  lintEciRoleTrust(ctx);
  lintRegions(ctx, pulls);
}

const BROAD_HINT = 'name the one role that assumes it ({roleRef: <RamRole>} or acs:ram::<uid>:role/<name>); Alibaba\'s guide recommends narrowing the default account-root trust';

function lintBroadTrust(ctx: Context, m: Manifest<'RamRole'>): void {
  const { principals, document } = m.spec.trust;
  (principals ?? []).forEach((p, i) => {
    if (p.arn === undefined || !isBroad(p.arn)) return;
    report(ctx, m, ['spec', 'trust', 'principals', i, 'arn'], 'LINT_TRUST_TOO_BROAD', `trust admits ${p.arn === '*' ? 'everyone' : `every RAM identity of account ${p.arn.split(':')[3]}`} (${p.arn})`, { hint: BROAD_HINT });
  });
  if (document === undefined) return;
  document.Statement.forEach((s, i) => {
    if (s.Effect !== 'Allow') return;
    const at = ['spec', 'trust', 'document', 'Statement', i, 'Principal'];
    if (s.Principal === '*') return void report(ctx, m, at, 'LINT_TRUST_TOO_BROAD', 'trust admits everyone (Principal "*")', { hint: BROAD_HINT });
    const ram = stringList(s.Principal?.RAM) ?? [];
    const broad = ram.filter(isBroad);
    if (broad.length === 0) return;
    report(ctx, m, [...at, 'RAM'], 'LINT_TRUST_TOO_BROAD', `trust admits whole accounts or everyone: ${broad.join(', ')}`, { hint: BROAD_HINT });
  });
}

const isBroad = (arn: string): boolean => arn === '*' || parseRamIdentityArn(arn)?.kind === 'root';

const FULL_HINT = 'a pull needs only cr:GetAuthorizationToken, cr:ListInstanceEndpoint and cr:PullRepository: use a pull-only RamPolicy (or AcrPullAccess pullPolicy: minimal, or documented for the ECI guide\'s own policy)';

function lintRoleFullAccess(ctx: Context, m: Manifest<'RamRole'>): void {
  (m.spec.policies ?? []).forEach((p, i) => {
    if (p.system !== ACR_FULL_ACCESS_POLICY) return;
    report(ctx, m, ['spec', 'policies', i, 'system'], 'LINT_FULL_ACCESS', `${ACR_FULL_ACCESS_POLICY} grants full management of every ACR instance of the account`, { hint: FULL_HINT });
  });
}

function lintPullAccess(ctx: Context, pull: ResolvedPullAccess): void {
  const m = pull.manifest;
  if (pull.facts.pullPolicy === 'full' && pull.expansion.case !== 'same-account-custom-domain' && (pull.expansion.case === 'cross-account' || pull.facts.restrictToInstance)) {
    report(ctx, m, ['spec', 'pullPolicy'], 'LINT_FULL_ACCESS', `pullPolicy: full attaches ${ACR_FULL_ACCESS_POLICY}, which manages every ACR instance of the account`, {
      hint: 'pullPolicy: minimal grants only what a pull needs on this instance; documented is the policy Alibaba\'s ECI guide shows for one instance',
    });
  }
  if (pull.expansion.case === 'same-account-default-domain' && !pull.facts.restrictToInstance) {
    report(ctx, m, ['spec', 'restrictToInstance'], 'LINT_UNRESTRICTED_SAME_ACCOUNT', 'ECI will pull through AliyunServiceRoleForECI, which can pull from every Personal and default-domain Enterprise instance of the account', {
      hint: 'restrictToInstance: true creates a role that may pull from this instance only',
    });
  }
}

function lintPullResourceWildcard(ctx: Context, m: Manifest<'RamPolicy'>): void {
  m.spec.document.Statement.forEach((s, i) => {
    if (s.Effect !== 'Allow' || s.Action === undefined) return;
    const actions = stringList(s.Action) ?? [];
    if (!actions.some((a) => actionMatches(a, 'cr:PullRepository'))) return;
    const resources = stringList(s.Resource) ?? [];
    const at = resources.indexOf('*');
    if (at < 0) return;
    const path = ['spec', 'document', 'Statement', i, 'Resource', ...(Array.isArray(s.Resource) ? [at] : [])];
    report(ctx, m, path, 'LINT_PULL_RESOURCE_WILDCARD', 'this statement allows pulling from every registry the account can reach (Resource "*")', {
      hint: 'scope cr:Pull* to acs:cr:<region>:<uid>:instance/<cri-id> (Enterprise) or acs:cr:<region>:<uid>:repository/<namespace>/* (Personal)',
    });
  });
}

/** Roles ECI assumes (ArnService) should trust the ECI service and nothing else. */
function lintEciRoleTrust(ctx: Context): void {
  const arnToRole = new Map<string, Manifest<'RamRole'>>();
  for (const role of ctx.manifests.RamRole.values()) {
    const arn = arnOfRoleRef(ctx, role);
    if (arn !== undefined) arnToRole.set(arn, role);
  }
  const serviceRoles = new Set<Manifest<'RamRole'>>();
  for (const cache of ctx.manifests.ImageCache.values()) {
    for (const entry of cache.spec.acrRegistryInfo ?? []) {
      const ref = entry.arnService;
      const role = ref?.roleRef !== undefined ? ctx.manifests.RamRole.get(ref.roleRef) : ref?.arn !== undefined ? arnToRole.get(ref.arn) : undefined;
      if (role !== undefined) serviceRoles.add(role);
    }
  }
  for (const role of serviceRoles) lintServiceRoleTrust(ctx, role);
}

function lintServiceRoleTrust(ctx: Context, m: Manifest<'RamRole'>): void {
  const { services, principals, document } = m.spec.trust;
  const others = document !== undefined ? othersInDocument(document) : [...(services ?? []).filter((s) => s !== ECI_SERVICE_PRINCIPAL), ...(principals ?? []).map((p) => p.arn ?? `role ${p.roleRef}`)];
  if (others.length === 0) return;
  const at = document !== undefined ? ['spec', 'trust', 'document'] : (services ?? []).some((s) => s !== ECI_SERVICE_PRINCIPAL) ? ['spec', 'trust', 'services'] : ['spec', 'trust', 'principals'];
  report(ctx, m, at, 'LINT_ECI_ROLE_TRUST', `this role is used as ArnService, but its trust also admits ${others.join(', ')}`, {
    hint: `an ArnService role should trust only ${ECI_SERVICE_PRINCIPAL}; give other callers their own role`,
  });
}

function othersInDocument(doc: PolicyDocument): string[] {
  const t = trustPrincipals(doc);
  return [...(t.wildcard ? ['*'] : []), ...t.services.filter((s) => s !== ECI_SERVICE_PRINCIPAL), ...t.ramArns, ...t.federated];
}

