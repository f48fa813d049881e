// The fix for the first broken link: the exact AcrRegistryInfo parameters to pass, and, when roles
// or policies are wrong, an AcrPullAccess manifest whose expansion (src/manifests/expand.ts, the
// reconciler's own decision table) creates a chain that is right. The parameters are computed from
// that expansion, so the manifest and the parameters always agree.
import type { AcrRegistryInfo } from '../model/desired.js';
import { expandAcrPull, type AcrPullFacts } from '../manifests/expand.js';
import { defaultPullPolicyName, defaultServiceRoleName, defaultUserRoleName } from '../manifests/names.js';
import { ackAnnotations, openApiParameters } from '../manifests/outputs.js';
import { parseImage } from './image.js';
import type { ImageDiagnosis, LinkName, RegistryFact, RegistryInfo } from './types.js';

export interface FixContext {
  eciAccountId: string;
  regionId: string;
  /** metadata.name of the Account manifest with this accountId, when there is one. */
  accountName(accountId: string): string | undefined;
  /** metadata.name of the AcrPullAccess manifests already declared: the fix's name avoids them. */
  takenNames?: ReadonlySet<string>;
}

export interface Fix {
  summary: string;
  /** `AcrRegistryInfo.1.<Field>` → value, for CreateImageCache / CreateContainerGroup. */
  parameters?: Record<string, string>;
  /** The same entry as ACK pod annotations. */
  annotations?: Record<string, string>;
  /** An AcrPullAccess (and Account stubs it needs) to apply with `run --once`. */
  manifest?: string;
}

const CHAIN_LINKS: ReadonlySet<LinkName> = new Set(['registry-info', 'service-role', 'service-trust', 'assume-permission', 'user-role', 'user-trust', 'pull-permission']);

export function fixFor(d: ImageDiagnosis, ctx: FixContext): Fix | undefined {
  const link = d.firstBroken;
  const broken = d.links.find((l) => l.link === link);
  if (!link || !broken || broken.status === 'unreadable') return undefined;
  const ref = parseImage(d.image);
  const registry = d.registry;
  if (!ref || !registry) return { summary: link === 'image' ? 'write a valid image reference: [HOST/]NAMESPACE/REPOSITORY[:TAG|@DIGEST]' : 'check the host: the instance name and region in a default domain, or the custom domain as ACR lists it (ListInstanceDomain); doctor reads registries only in accounts it has an Account manifest for' };
  if (link === 'repository') return { summary: `push ${ref.namespace}/${ref.repository} to ${registry.instanceId ?? 'the registry'}, or correct the image name` };
  if (link === 'tag') return { summary: `push tag ${ref.tag} of ${ref.namespace}/${ref.repository}, or use a tag that exists` };
  const base: RegistryInfo = d.entry ?? { domains: [] };
  const cross = registry.accountId !== ctx.eciAccountId;
  const needsChain = CHAIN_LINKS.has(link) || (cross && (base.arnService === undefined || base.arnUser === undefined));
  if (!needsChain) return entryFix(link, withInstance(base, registry, ctx.regionId));
  return manifestFix(registry, ref.host, ref.namespace, ctx);
}

/** The entry with the instance fields a custom domain and another region need. */
function withInstance(base: RegistryInfo, registry: RegistryFact, regionId: string): AcrRegistryInfo {
  const info: AcrRegistryInfo = {};
  if (base.arnService !== undefined) info.arnService = base.arnService;
  if (base.arnUser !== undefined) info.arnUser = base.arnUser;
  if (registry.instanceId !== undefined) info.instanceId = registry.instanceId;
  if (registry.regionId !== regionId) info.regionId = registry.regionId;
  if (base.domains.length > 0) info.domains = [...base.domains];
  return info;
}

function entryFix(link: LinkName, info: AcrRegistryInfo): Fix {
  const what = link === 'region' ? `RegionId ${info.regionId ?? ''}` : `InstanceId ${info.instanceId ?? ''}${info.regionId ? ` and RegionId ${info.regionId}` : ''}`;
  return { summary: `pass ${what} in the AcrRegistryInfo entry`, parameters: openApiParameters(info), annotations: ackAnnotations(info) };
}

function manifestFix(registry: RegistryFact, host: string, namespace: string, ctx: FixContext): Fix {
  const name = freeName(accessName(registry, namespace), ctx.takenNames ?? new Set());
  const eciName = ctx.accountName(ctx.eciAccountId) ?? 'eci';
  const registryName = registry.accountId === ctx.eciAccountId ? eciName : (ctx.accountName(registry.accountId) ?? 'registry');
  const facts: AcrPullFacts = {
    name,
    origin: { kind: 'AcrPullAccess', name },
    eci: { account: eciName, accountId: ctx.eciAccountId, regionId: ctx.regionId },
    registry: {
      account: registryName,
      accountId: registry.accountId,
      regionId: registry.regionId,
      edition: registry.edition,
      ...(registry.instanceId !== undefined ? { instanceId: registry.instanceId } : {}),
      customDomains: registry.domainKind === 'custom' ? [host] : [],
      ...(registry.edition === 'Personal' ? { namespaces: [namespace] } : {}),
    },
    restrictToInstance: true,
    pullPolicy: 'minimal',
    names: { serviceRole: defaultServiceRoleName(name), userRole: defaultUserRoleName(name), policy: defaultPullPolicyName(name) },
  };
  const info = expandAcrPull(facts).registryInfo ?? {};
  const stubs = [ctx.accountName(ctx.eciAccountId) ? undefined : accountStub(eciName, ctx.eciAccountId, ctx.regionId)];
  if (registryName === 'registry') stubs.push(accountStub(registryName, registry.accountId, registry.regionId));
  const manifest = [...stubs.filter((s): s is string => s !== undefined), pullAccessYaml(facts)].join('---\n');
  return {
    summary: `apply this AcrPullAccess with \`run --once\`, then pass the parameters it implies`,
    parameters: openApiParameters(info),
    annotations: ackAnnotations(info),
    manifest,
  };
}

/** A valid metadata.name: lowercase letters, digits, '-' and '.', ≤ 63 characters. */
function accessName(registry: RegistryFact, namespace: string): string {
  const base = (registry.instanceName ?? registry.instanceId ?? namespace).toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  return `pull-${base}`.slice(0, 50).replace(/[.-]+$/, '');
}

function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}`;
  return name;
}

function accountStub(name: string, accountId: string, regionId: string): string {
  return [
    'apiVersion: eci-acr-reconciler/v1alpha1',
    'kind: Account',
    `metadata: {name: ${name}}`,
    'spec:',
    `  accountId: "${accountId}"`,
    `  regionId: ${regionId}`,
    '  credentials: {source: default}   # credentials of that account: see the Account kind',
    '',
  ].join('\n');
}

function pullAccessYaml(f: AcrPullFacts): string {
  const r = f.registry;
  const lines = [
    'apiVersion: eci-acr-reconciler/v1alpha1',
    'kind: AcrPullAccess',
    `metadata: {name: ${f.name}}`,
    'spec:',
    `  eciAccount: ${f.eci.account}`,
    '  registry:',
    `    account: ${r.account}`,
    `    edition: ${r.edition}`,
    ...(r.instanceId ? [`    instanceId: ${r.instanceId}`] : []),
    `    regionId: ${r.regionId}`,
    ...(r.customDomains.length > 0 ? [`    customDomains: [${r.customDomains.join(', ')}]`] : []),
    ...(r.namespaces ? [`    namespaces: [${r.namespaces.join(', ')}]`] : []),
    ...(f.eci.accountId === r.accountId ? ['  restrictToInstance: true'] : []),
    '  pullPolicy: minimal',
    '',
  ];
  return lines.join('\n');
}
