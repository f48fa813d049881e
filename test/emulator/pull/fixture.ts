// A small world for the pull model's unit tests: account A pulls, account B owns a registry.
import type { RamReader } from '../../../src/emulator/contracts.js';
import { srcPolicy } from '../../../src/emulator/pull/policy-port.js';
import type { AcrRegistryInfo, OwnedRegistry, PullRequest, PullWorld } from '../../../src/emulator/pull/types.js';
import type { PolicyDocument } from '../../../src/policy/document.js';

export const A = '1000000000000001';
export const B = '1000000000000002';
export const C = '1000000000000003';
export const CRI_B = 'cri-b000000000000001';
export const CRI_A1 = 'cri-a100000000000001';
export const CRI_A2 = 'cri-a200000000000002';
export const CRI_A3 = 'cri-a300000000000003';
export const ROLE_ASSUME = `acs:ram::${A}:role/role-assume`;
export const ROLE_ACR = `acs:ram::${B}:role/role-acr`;

export const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '1', Statement });
export const trustService = (service = 'eci.aliyuncs.com'): PolicyDocument =>
  doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: [service] } });
export const trustRam = (...arns: string[]): PolicyDocument => doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: arns } });
export const assumeAccess = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
/** The policy of Alibaba's guide: reads everywhere, pulls on one instance. */
export const guidePull = (region: string, account: string, instanceId: string): PolicyDocument =>
  doc(
    { Effect: 'Allow', Action: ['cr:Get*', 'cr:List*'], Resource: '*' },
    { Effect: 'Allow', Action: ['cr:Pull*'], Resource: [`acs:cr:${region}:${account}:instance/${instanceId}`] },
  );

interface FakeRole {
  trust: PolicyDocument;
  policies: PolicyDocument[];
}

export type Roles = Record<string, Record<string, FakeRole>>;

export function defaultRoles(): Roles {
  return {
    [A]: { 'role-assume': { trust: trustService(), policies: [assumeAccess] } },
    [B]: { 'role-acr': { trust: trustRam(ROLE_ASSUME), policies: [guidePull('cn-hangzhou', B, CRI_B)] } },
  };
}

const enterprise = (instanceId: string, instanceName: string, regionId: string, customDomains: string[], repos: [string, string[], number?][]) => ({
  edition: 'Enterprise' as const,
  instanceId,
  instanceName,
  regionId,
  customDomains,
  namespaces: [],
  repositories: repos.map(([name, tags, sizeGiB]) => (sizeGiB === undefined ? { name, tags } : { name, tags, sizeGiB })),
});

export const registries: OwnedRegistry[] = [
  { accountId: B, registry: enterprise(CRI_B, 'acme', 'cn-hangzhou', ['registry.acme.example'], [['eci_test/nginx', ['1.0', 'latest'], 3]]) },
  {
    accountId: B,
    registry: { edition: 'Personal', regionId: 'cn-hangzhou', customDomains: [], namespaces: ['b-personal'], repositories: [{ name: 'b-personal/tool', tags: ['2'] }] },
  },
  { accountId: A, registry: enterprise(CRI_A1, 'alpha', 'cn-hangzhou', ['registry.alpha.example'], [['app/web', ['v1']]]) },
  { accountId: A, registry: enterprise(CRI_A2, 'beta', 'cn-hangzhou', [], [['app/api', ['v1']]]) },
  { accountId: A, registry: enterprise(CRI_A3, 'gamma', 'cn-beijing', ['registry.gamma.example'], [['app/db', ['v1']]]) },
  {
    accountId: A,
    registry: { edition: 'Personal', regionId: 'cn-hangzhou', customDomains: [], namespaces: ['a-personal'], repositories: [{ name: 'a-personal/busybox', tags: ['1.36'] }] },
  },
];

export function world(roles: Roles = defaultRoles()): PullWorld {
  const ram: RamReader = {
    role: (accountId, roleName) => {
      const role = roles[accountId]?.[roleName];
      return role && { arn: `acs:ram::${accountId}:role/${roleName}`, trust: role.trust, maxSessionDuration: 3600 };
    },
    policiesOf: (accountId, principal) => (principal.kind === 'role' ? (roles[accountId]?.[principal.roleName]?.policies ?? []) : []),
  };
  return {
    ram,
    registries,
    publicImages: [{ image: 'docker.io/library/nginx:1.27', sizeGiB: 2 }, { image: 'quay.io/prometheus/busybox:latest' }],
    natVSwitchIds: (accountId) => (accountId === A ? ['vsw-nat'] : []),
    policy: srcPolicy,
  };
}

export function pull(image: string, acrRegistryInfo: Partial<AcrRegistryInfo>[] = [], extra: Partial<PullRequest> = {}): PullRequest {
  return {
    image,
    accountId: A,
    regionId: 'cn-hangzhou',
    acrRegistryInfo: acrRegistryInfo.map((e) => ({ domains: [], ...e })),
    vSwitchIds: ['vsw-private'],
    ...extra,
  };
}

export const crossEntry: Partial<AcrRegistryInfo> = { arnService: ROLE_ASSUME, arnUser: ROLE_ACR };
