// Random pull chains for doctor's property test: each case is an image, the AcrRegistryInfo entries
// a cache passes, and the roles/policies (unique names per case) the seed holds. All cases live in
// ONE seed, so one emulator serves every case without mutation between them.
import type { RegistryInfo } from '../../src/doctor/types.js';
import { mulberry32 } from '../../src/emulator/faults/prng.js';

export const A = '1000000000000001';
export const B = '1000000000000002';
const ECI_REGION = 'cn-hangzhou';

interface Reg {
  owner: string;
  edition: 'Enterprise' | 'Personal';
  regionId: string;
  instanceId?: string;
  name?: string;
  custom?: string;
  namespace: string;
}

export const REGISTRIES: Reg[] = [
  { owner: A, edition: 'Enterprise', regionId: 'cn-hangzhou', instanceId: 'cri-a100000000000001', name: 'alpha', custom: 'registry.alpha.example', namespace: 'ns' },
  { owner: A, edition: 'Enterprise', regionId: 'cn-beijing', instanceId: 'cri-a200000000000002', name: 'abj', custom: 'registry.abj.example', namespace: 'ns' },
  { owner: A, edition: 'Personal', regionId: 'cn-hangzhou', namespace: 'a-personal' },
  { owner: B, edition: 'Enterprise', regionId: 'cn-hangzhou', instanceId: 'cri-b100000000000001', name: 'bravo', custom: 'registry.bravo.example', namespace: 'ns' },
  { owner: B, edition: 'Enterprise', regionId: 'cn-beijing', instanceId: 'cri-b200000000000002', name: 'bbj', custom: 'registry.bbj.example', namespace: 'ns' },
  { owner: B, edition: 'Personal', regionId: 'cn-hangzhou', namespace: 'b-personal' },
];
export const PUBLIC_IMAGE = 'docker.io/library/nginx:1.27';

export function seedRegistries(owner: string): object[] {
  return REGISTRIES.filter((r) => r.owner === owner).map((r) =>
    r.edition === 'Enterprise'
      ? { edition: 'Enterprise', instanceId: r.instanceId, instanceName: r.name, regionId: r.regionId, customDomains: [r.custom], repositories: [{ name: `${r.namespace}/app`, tags: ['v1', 'v2'] }] }
      : { edition: 'Personal', regionId: r.regionId, namespaces: [r.namespace], repositories: [{ name: `${r.namespace}/app`, tags: ['v1', 'v2'] }] },
  );
}

/** The emulator's own seeded generator: reproducible cases from one number. */
export const prng = mulberry32;

type Rng = () => number;
const chance = (r: Rng, p: number) => r() < p;
function weighted<T>(r: Rng, options: [number, T][]): T {
  const total = options.reduce((s, [w]) => s + w, 0);
  let x = r() * total;
  for (const [w, v] of options) {
    x -= w;
    if (x < 0) return v;
  }
  return options[options.length - 1]![1];
}

const doc = (...Statement: object[]) => JSON.stringify({ Version: '1', Statement });
const arnOf = (account: string, role: string) => `acs:ram::${account}:role/${role}`;

export interface SeedRole {
  account: string;
  roleName: string;
  trust: string;
  policies: string[];
}
export interface SeedPolicy {
  account: string;
  policyName: string;
  document: string;
}

export interface ChainCase {
  index: number;
  image: string;
  entries: RegistryInfo[];
  eip: boolean;
  roles: SeedRole[];
  policies: SeedPolicy[];
  /** Short words describing what was varied, for the printed counts. */
  traits: string[];
}

function pullPolicy(r: Rng, reg: Reg, account: string, name: string, traits: string[]): { system?: string; custom?: SeedPolicy } {
  const scope = reg.edition === 'Enterprise' ? `${reg.instanceId}/*` : `${reg.namespace}/*`;
  const repo = `acs:cr:${reg.regionId}:${reg.owner}:repository/${scope}`;
  const instance = `acs:cr:${reg.regionId}:${reg.owner}:instance/${reg.instanceId ?? 'none'}`;
  const variant = weighted(r, [[3, 'full'], [2, 'readonly'], [4, 'guide'], [4, 'minimal'], [1, 'no-token'], [1, 'no-endpoint'], [1, 'no-pull'], [1, 'deny-pull'], [1, 'wrong-instance'], [1, 'wrong-region'], [1, 'token-on-instance'], [1, 'none']] as [number, string][]);
  traits.push(`pull:${variant}`);
  const custom = (...statements: object[]) => ({ custom: { account, policyName: name, document: doc(...statements) } });
  const token = { Effect: 'Allow', Action: 'cr:GetAuthorizationToken', Resource: '*' };
  const endpoint = { Effect: 'Allow', Action: 'cr:ListInstanceEndpoint', Resource: reg.edition === 'Enterprise' ? instance : '*' };
  const pull = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: repo };
  switch (variant) {
    case 'full': return { system: 'AliyunContainerRegistryFullAccess' };
    case 'readonly': return { system: 'AliyunContainerRegistryReadOnlyAccess' };
    case 'guide': return custom({ Effect: 'Allow', Action: ['cr:Get*', 'cr:List*'], Resource: '*' }, { Effect: 'Allow', Action: 'cr:Pull*', Resource: reg.edition === 'Enterprise' ? instance : repo });
    case 'minimal': return custom(token, endpoint, pull);
    case 'no-token': return custom(endpoint, pull);
    case 'no-endpoint': return custom(token, pull);
    case 'no-pull': return custom(token, endpoint);
    case 'deny-pull': return custom({ Effect: 'Allow', Action: 'cr:*', Resource: '*' }, { Effect: 'Deny', Action: 'cr:PullRepository', Resource: repo });
    case 'wrong-instance': return custom(token, { ...endpoint, Resource: instance.replace(/instance\/.*/, 'instance/cri-other0000000009') }, { ...pull, Resource: repo.replace(scope, 'cri-other0000000009/*') });
    case 'wrong-region': return custom(token, { ...endpoint, Resource: instance.replace(reg.regionId, 'cn-shanghai') }, { ...pull, Resource: repo.replace(reg.regionId, 'cn-shanghai') });
    case 'token-on-instance': return custom({ ...token, Resource: instance }, endpoint, pull);
    default: return {};
  }
}

function serviceTrust(r: Rng, traits: string[]): string {
  const v = weighted(r, [[8, 'eci'], [1, 'wrong-service'], [1, 'account-root']] as [number, string][]);
  traits.push(`svc-trust:${v}`);
  if (v === 'eci') return doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['eci.aliyuncs.com'] } });
  if (v === 'wrong-service') return doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['ecs.aliyuncs.com'] } });
  return doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${A}:root`] } });
}

function userTrust(r: Rng, serviceArn: string, traits: string[]): string {
  const v = weighted(r, [[6, 'exact'], [2, 'eci-root'], [1, 'other-role'], [1, 'registry-root'], [1, 'service'], [1, 'exact-and-deny']] as [number, string][]);
  traits.push(`usr-trust:${v}`);
  const allow = (principal: object) => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal });
  switch (v) {
    case 'exact': return doc(allow({ RAM: [serviceArn] }));
    case 'eci-root': return doc(allow({ RAM: [`acs:ram::${A}:root`] }));
    case 'other-role': return doc(allow({ RAM: [arnOf(A, 'someone-else')] }));
    case 'registry-root': return doc(allow({ RAM: [`acs:ram::${B}:root`] }));
    case 'service': return doc(allow({ Service: ['eci.aliyuncs.com'] }));
    default: return doc(allow({ RAM: [serviceArn] }), { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: [serviceArn] } });
  }
}

function assumeGrant(r: Rng, account: string, name: string, userArn: string, traits: string[]): { systems: string[]; custom?: SeedPolicy } {
  const v = weighted(r, [[6, 'sts-access'], [2, 'custom-exact'], [1, 'none'], [1, 'deny'], [1, 'custom-other']] as [number, string][]);
  traits.push(`assume:${v}`);
  const custom = (...statements: object[]) => ({ account, policyName: name, document: doc(...statements) });
  if (v === 'sts-access') return { systems: ['AliyunSTSAssumeRoleAccess'] };
  if (v === 'custom-exact') return { systems: [], custom: custom({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: userArn }) };
  if (v === 'deny') return { systems: ['AliyunSTSAssumeRoleAccess'], custom: custom({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: userArn }) };
  if (v === 'custom-other') return { systems: [], custom: custom({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arnOf(B, 'another') }) };
  return { systems: [] };
}

export { chance, weighted, arnOf, pullPolicy, serviceTrust, userTrust, assumeGrant, ECI_REGION };
export type { Reg, Rng };
