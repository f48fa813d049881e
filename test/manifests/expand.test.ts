import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimalPullStatements } from '../../src/model/acr-pull.js';
import type { PullPolicyChoice } from '../../src/manifests/types.js';
import { expandAcrPull, registryInfoFor, type AcrPullFacts } from '../../src/manifests/expand.js';

const ECI = '1000000000000001';
const ACR = '1000000000000002';
type Edition = 'Personal' | 'Enterprise-default' | 'Enterprise-custom';

function facts(o: { cross: boolean; edition: Edition; crossRegion: boolean; restrict: boolean; pullPolicy: PullPolicyChoice }): AcrPullFacts {
  const enterprise = o.edition !== 'Personal';
  const registryAccount = o.cross ? { account: 'acr', accountId: ACR } : { account: 'eci', accountId: ECI };
  return {
    name: 'pull',
    origin: { kind: 'AcrPullAccess', name: 'pull' },
    eci: { account: 'eci', accountId: ECI, regionId: 'cn-hangzhou' },
    registry: {
      ...registryAccount,
      regionId: o.crossRegion ? 'cn-beijing' : 'cn-hangzhou',
      edition: enterprise ? 'Enterprise' : 'Personal',
      ...(enterprise ? { instanceId: 'cri-abc123' } : { namespaces: ['acme'] }),
      customDomains: o.edition === 'Enterprise-custom' ? ['registry.example.com'] : [],
    },
    restrictToInstance: o.restrict,
    pullPolicy: o.pullPolicy,
    names: { serviceRole: 'pull-eci', userRole: 'pull-acr', policy: 'pull-pull' },
  };
}

const base = { cross: false, edition: 'Enterprise-default' as Edition, crossRegion: false, restrict: true, pullPolicy: 'minimal' as PullPolicyChoice };

test('same account, default domain, unrestricted: nothing is created and nothing is passed', () => {
  const e = expandAcrPull(facts({ ...base, restrict: false }));
  assert.equal(e.case, 'same-account-default-domain');
  assert.deepEqual([e.roles, e.policies, e.registryInfo], [[], [], undefined]);
});

test('same account, Enterprise default domain, restricted: an ECI-trusted role with the minimal policy → ArnService + InstanceId', () => {
  const e = expandAcrPull(facts(base));
  assert.deepEqual(e.registryInfo, { arnService: `acs:ram::${ECI}:role/pull-eci`, instanceId: 'cri-abc123' });
  assert.equal(e.roles.length, 1);
  const role = e.roles[0]!;
  assert.equal(role.accountId, ECI);
  assert.deepEqual(role.trust, { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['eci.aliyuncs.com'] } }] });
  assert.deepEqual(role.policies, [{ policyType: 'Custom', policyName: 'pull-pull' }]);
  assert.deepEqual(e.policies[0]?.document.Statement, minimalPullStatements({ edition: 'Enterprise', accountId: ECI, regionId: 'cn-hangzhou', instanceId: 'cri-abc123' }));
  assert.equal(e.policies[0]?.accountId, ECI);
  assert.deepEqual(role.origin, { kind: 'AcrPullAccess', name: 'pull' });
});

test('same account, Personal, restricted, other region: ArnService + RegionId, policy scoped to the namespaces', () => {
  const e = expandAcrPull(facts({ ...base, edition: 'Personal', crossRegion: true }));
  assert.deepEqual(e.registryInfo, { arnService: `acs:ram::${ECI}:role/pull-eci`, regionId: 'cn-beijing' });
  assert.deepEqual(e.policies[0]?.document.Statement, minimalPullStatements({ edition: 'Personal', accountId: ECI, regionId: 'cn-beijing', namespaces: ['acme'] }));
});

test('same account, restricted, pullPolicy full: the role holds AliyunContainerRegistryFullAccess and no custom policy', () => {
  const e = expandAcrPull(facts({ ...base, pullPolicy: 'full' }));
  assert.deepEqual(e.roles[0]?.policies, [{ policyType: 'System', policyName: 'AliyunContainerRegistryFullAccess' }]);
  assert.deepEqual(e.policies, []);
});

test('same account, custom domain: InstanceId only, no role, whatever the restriction', () => {
  for (const restrict of [true, false]) {
    const e = expandAcrPull(facts({ ...base, edition: 'Enterprise-custom', restrict }));
    assert.equal(e.case, 'same-account-custom-domain');
    assert.deepEqual([e.roles, e.policies, e.registryInfo], [[], [], { instanceId: 'cri-abc123' }]);
  }
});

test('same account, custom domain, other region: InstanceId + RegionId', () => {
  assert.deepEqual(expandAcrPull(facts({ ...base, edition: 'Enterprise-custom', crossRegion: true })).registryInfo, { instanceId: 'cri-abc123', regionId: 'cn-beijing' });
});

test('cross account, Enterprise custom domain, other region: two roles, exact trust, all four fields and the domain', () => {
  const e = expandAcrPull(facts({ ...base, cross: true, edition: 'Enterprise-custom', crossRegion: true }));
  assert.equal(e.case, 'cross-account');
  assert.deepEqual(e.registryInfo, {
    arnService: `acs:ram::${ECI}:role/pull-eci`,
    arnUser: `acs:ram::${ACR}:role/pull-acr`,
    instanceId: 'cri-abc123',
    regionId: 'cn-beijing',
    domains: ['registry.example.com'],
  });
  const [service, user] = e.roles;
  assert.equal(service?.accountId, ECI);
  assert.deepEqual(service?.policies, [{ policyType: 'System', policyName: 'AliyunSTSAssumeRoleAccess' }]);
  assert.deepEqual(service?.trust.Statement[0]?.Principal, { Service: ['eci.aliyuncs.com'] });
  assert.equal(user?.accountId, ACR);
  assert.deepEqual(user?.trust.Statement[0]?.Principal, { RAM: [`acs:ram::${ECI}:role/pull-eci`] });
  assert.deepEqual(user?.policies, [{ policyType: 'Custom', policyName: 'pull-pull' }]);
  assert.equal(e.policies[0]?.accountId, ACR);
  assert.deepEqual(e.policies[0]?.document.Statement, minimalPullStatements({ edition: 'Enterprise', accountId: ACR, regionId: 'cn-beijing', instanceId: 'cri-abc123' }));
});

test('cross account, Personal, same region: the two ARNs alone (§10 #29)', () => {
  const e = expandAcrPull(facts({ ...base, cross: true, edition: 'Personal' }));
  assert.deepEqual(e.registryInfo, { arnService: `acs:ram::${ECI}:role/pull-eci`, arnUser: `acs:ram::${ACR}:role/pull-acr` });
});

test('cross account, pullPolicy full: the registry role holds AliyunContainerRegistryFullAccess', () => {
  const e = expandAcrPull(facts({ ...base, cross: true, pullPolicy: 'full' }));
  assert.deepEqual(e.roles[1]?.policies, [{ policyType: 'System', policyName: 'AliyunContainerRegistryFullAccess' }]);
  assert.deepEqual(e.policies, []);
});

test('pullPolicy documented: exactly the custom policy of Alibaba\'s ECI guide, scoped to the instance', () => {
  // The guide's example (alibaba-eci-acr-password-free-pull): cr:Get*, cr:List* on "*"; cr:Pull* on instance/<cri-id>.
  const e = expandAcrPull(facts({ ...base, cross: true, pullPolicy: 'documented' }));
  assert.deepEqual(e.policies[0]?.document, {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['cr:Get*', 'cr:List*'], Resource: '*' },
      { Effect: 'Allow', Action: ['cr:Pull*'], Resource: [`acs:cr:cn-hangzhou:${ACR}:instance/cri-abc123`] },
    ],
  });
  assert.deepEqual(e.roles.at(-1)?.policies, [{ policyType: 'Custom', policyName: 'pull-pull' }]);
  assert.equal(e.policies[0]?.accountId, ACR);
});

test('pullPolicy documented on Personal Edition: cr:Pull* on the namespaces, there being no instance', () => {
  const e = expandAcrPull(facts({ ...base, edition: 'Personal', pullPolicy: 'documented' }));
  assert.deepEqual(e.policies[0]?.document.Statement[1], { Effect: 'Allow', Action: ['cr:Pull*'], Resource: [`acs:cr:cn-hangzhou:${ECI}:repository/acme/*`] });
});

test('registryInfoFor recomputes RegionId for an ECI resource in another region', () => {
  const f = facts({ ...base, cross: true });
  assert.equal(registryInfoFor(f, 'cn-hangzhou')?.regionId, undefined);
  assert.equal(registryInfoFor(f, 'cn-shanghai')?.regionId, 'cn-hangzhou');
});

// Every combination of the five facts, checked against the rules of the README's three cases.
const editions: Edition[] = ['Personal', 'Enterprise-default', 'Enterprise-custom'];
for (const cross of [false, true])
  for (const edition of editions)
    for (const crossRegion of [false, true])
      for (const restrict of [false, true])
        for (const pullPolicy of ['minimal', 'documented', 'full'] as const) {
          const o = { cross, edition, crossRegion, restrict, pullPolicy };
          test(`decision table: ${JSON.stringify(o)}`, () => checkRules(o));
        }

function checkRules(o: Parameters<typeof facts>[0]): void {
  const e = expandAcrPull(facts(o));
  const custom = o.edition === 'Enterprise-custom';
  const needsRoles = o.cross || (!custom && o.restrict);
  const info = e.registryInfo;
  if (!o.cross && !custom && !o.restrict) return assert.equal(info, undefined);
  assert.ok(info, 'AcrRegistryInfo is derived');
  assert.equal(e.roles.length, o.cross ? 2 : needsRoles ? 1 : 0);
  assert.equal(info.arnService !== undefined, needsRoles);
  assert.equal(info.arnUser !== undefined, o.cross);
  assert.equal(info.regionId, o.crossRegion ? 'cn-beijing' : undefined);
  assert.equal(info.instanceId, o.edition === 'Personal' ? undefined : 'cri-abc123');
  assert.deepEqual(info.domains, o.cross && custom ? ['registry.example.com'] : undefined);
  const puller = e.roles.at(-1);
  if (puller === undefined) return assert.deepEqual(e.policies, []);
  const full = puller.policies.some((p) => p.policyName === 'AliyunContainerRegistryFullAccess');
  assert.equal(full, o.pullPolicy === 'full');
  assert.equal(e.policies.length, o.pullPolicy === 'full' ? 0 : 1);
  for (const p of e.policies) assert.equal(p.accountId, o.cross ? ACR : ECI);
  if (o.cross) assert.deepEqual(puller.trust.Statement[0]?.Principal, { RAM: [info.arnService] });
}
