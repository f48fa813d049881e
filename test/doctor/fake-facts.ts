// In-memory ports for doctor's pure walk: roles and registries as plain data, no network.
import type { AcrFacts, DoctorFacts, RoleFacts } from '../../src/doctor/types.js';
import type { PolicyDocument } from '../../src/policy/document.js';

export const A = '1000000000000001';
export const B = '1000000000000002';
export const INSTANCE = 'cri-aaaa0000000000001';

export const doc = (...Statement: object[]): PolicyDocument => ({ Version: '1', Statement } as PolicyDocument);
export const eciTrust = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['eci.aliyuncs.com'] } });
export const ramTrust = (...arns: string[]) => doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: arns } });
export const STS_ACCESS = { policyName: 'AliyunSTSAssumeRoleAccess', policyType: 'System' as const, document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) };
export const guidePolicy = (region: string, account: string, instance: string) => ({
  policyName: 'acr-pull',
  policyType: 'Custom' as const,
  document: doc({ Effect: 'Allow', Action: ['cr:Get*', 'cr:List*'], Resource: '*' }, { Effect: 'Allow', Action: ['cr:Pull*'], Resource: [`acs:cr:${region}:${account}:instance/${instance}`] }),
});

export type Roles = Record<string, Record<string, RoleFacts>>;

/** Personal Edition namespaces in cn-hangzhou, by owner. */
export const PERSONAL: Record<string, string> = { 'b-personal': B };

export function fakeFacts(roles: Roles, repos: Record<string, string[]> = { 'eci_test/nginx': ['1.0', 'latest'], 'b-personal/app': ['v1'] }): DoctorFacts & { calls: string[] } {
  const calls: string[] = [];
  const acr = (accountId: string): AcrFacts => ({
    async instanceByName(regionId, name) {
      calls.push(`${accountId} ListInstance`);
      return { ok: true, value: accountId === B && name === 'acme' && regionId === 'cn-hangzhou' ? { accountId, edition: 'Enterprise', regionId, instanceId: INSTANCE, instanceName: 'acme', domainKind: 'default' } : undefined };
    },
    async instanceByDomain(host) {
      calls.push(`${accountId} ListInstanceDomain`);
      return { ok: true, value: accountId === B && host === 'registry.acme.example' ? { accountId, edition: 'Enterprise', regionId: 'cn-hangzhou', instanceId: INSTANCE, instanceName: 'acme', domainKind: 'custom' } : undefined };
    },
    async personalNamespace(regionId, namespace) {
      calls.push(`${accountId} GetNamespace`);
      return { ok: true, value: PERSONAL[namespace] === accountId && regionId === 'cn-hangzhou' ? { accountId, edition: 'Personal', regionId, domainKind: 'personal' } : undefined };
    },
    async repositoryTags(registry, namespace, repository) {
      calls.push(`${accountId} ${registry.edition === 'Personal' ? 'GetRepoTags' : 'ListRepository'}`);
      return { ok: true, value: repos[`${namespace}/${repository}`] };
    },
  });
  return {
    calls,
    ram: (accountId) => ({
      async role(name) {
        calls.push(`${accountId} GetRole ${name}`);
        return { ok: true, value: roles[accountId]?.[name] };
      },
    }),
    acr,
    registryAccounts: (r) => [...new Set([...r.entries.flatMap((e) => (e.arnUser ? [e.arnUser.split(':')[3] ?? ''] : [])), r.eciAccountId, A, B])],
    knownRegions: () => ['cn-hangzhou'],
  };
}

export const roleAssume = `acs:ram::${A}:role/role-assume`;
export const roleAcr = `acs:ram::${B}:role/role-acr`;

/** The guide's cross-account chain, right in every link. */
export function guideRoles(): Roles {
  return {
    [A]: { 'role-assume': { arn: roleAssume, trust: eciTrust, policies: [STS_ACCESS] } },
    [B]: { 'role-acr': { arn: roleAcr, trust: ramTrust(roleAssume), policies: [guidePolicy('cn-hangzhou', B, INSTANCE)] } },
  };
}
