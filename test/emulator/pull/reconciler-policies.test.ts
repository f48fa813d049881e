// Cross-tests (issue 11, Deliver 1): the reconciler's AcrPullAccess expansion, with each pullPolicy,
// put into a world and judged by the emulator's own pull decision. No code is shared between the
// two sides; only these tests tie them. The expansion's roles, trusts, policies and AcrRegistryInfo
// are used as generated; system policies come from the emulator's seeded documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decidePull } from '../../../src/emulator/pull/decide.js';
import type { AcrRegistryInfo, PullDecision, PullWorld } from '../../../src/emulator/pull/types.js';
import { SYSTEM_POLICIES } from '../../../src/emulator/ram/system-policies.js';
import { expandAcrPull, type AcrPullExpansion, type AcrPullFacts } from '../../../src/manifests/expand.js';
import type { PullPolicyChoice } from '../../../src/manifests/types.js';
import type { PolicyDocument, PolicyStatement } from '../../../src/policy/document.js';
import { actionMatches, resourceMatches } from '../../../src/policy/wildcard.js';
import { A, B, C, CRI_B, pull, registries, world, type Roles } from './fixture.js';

const R = 'cn-hangzhou';
const CRI_B2 = 'cri-b200000000000002';
const CRI_C = 'cri-c000000000000001';
const repo = (name: string, tags: string[]) => ({ name, tags });
const enterprise = (instanceId: string, instanceName: string, repos: ReturnType<typeof repo>[]) => ({
  edition: 'Enterprise' as const, instanceId, instanceName, regionId: R, customDomains: [], namespaces: [], repositories: repos,
});
const personal = (namespace: string) => ({ edition: 'Personal' as const, regionId: R, customDomains: [], namespaces: [namespace], repositories: [repo(`${namespace}/tool`, ['2'])] });

/** The fixture's registries plus a second instance and a second Personal namespace in B, and an instance in C. */
const REGISTRIES = [
  ...registries,
  { accountId: B, registry: enterprise(CRI_B2, 'other', [repo('eci_test/nginx', ['1.0'])]) },
  { accountId: B, registry: personal('b-other') },
  { accountId: C, registry: enterprise(CRI_C, 'gamma-c', [repo('eci_test/nginx', ['1.0'])]) },
];

interface Scenario {
  name: string;
  registryAccountId: string;
  edition: 'Enterprise' | 'Personal';
  /** Images of the AcrPullAccess's scope. */
  inScope: string[];
  /** Images of the same account outside the scope, each with the AcrRegistryInfo entry a user would reuse for it. */
  sameAccountOutside: { image: string; instanceId?: string }[];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'cross account, Enterprise',
    registryAccountId: B,
    edition: 'Enterprise',
    inScope: [
      'acme-registry.cn-hangzhou.cr.aliyuncs.com/eci_test/nginx:1.0',
      'acme-registry-vpc.cn-hangzhou.cr.aliyuncs.com/eci_test/nginx:latest',
      'registry.acme.example/eci_test/nginx:1.0',
    ],
    sameAccountOutside: [{ image: 'other-registry.cn-hangzhou.cr.aliyuncs.com/eci_test/nginx:1.0', instanceId: CRI_B2 }],
  },
  {
    name: 'cross account, Personal',
    registryAccountId: B,
    edition: 'Personal',
    inScope: ['registry.cn-hangzhou.aliyuncs.com/b-personal/tool:2', 'registry-vpc.cn-hangzhou.aliyuncs.com/b-personal/tool:2'],
    sameAccountOutside: [{ image: 'registry.cn-hangzhou.aliyuncs.com/b-other/tool:2' }],
  },
  {
    name: 'same account, Enterprise, restricted',
    registryAccountId: A,
    edition: 'Enterprise',
    inScope: ['alpha-registry.cn-hangzhou.cr.aliyuncs.com/app/web:v1'],
    sameAccountOutside: [{ image: 'beta-registry.cn-hangzhou.cr.aliyuncs.com/app/api:v1', instanceId: 'cri-a200000000000002' }],
  },
];

function facts(s: Scenario, pullPolicy: PullPolicyChoice): AcrPullFacts {
  const instanceId = s.registryAccountId === B ? CRI_B : 'cri-a100000000000001';
  return {
    name: 'pull',
    origin: { kind: 'AcrPullAccess', name: 'pull' },
    eci: { account: 'eci', accountId: A, regionId: R },
    registry: {
      account: s.registryAccountId === A ? 'eci' : 'acr',
      accountId: s.registryAccountId,
      regionId: R,
      edition: s.edition,
      ...(s.edition === 'Enterprise' ? { instanceId } : { namespaces: ['b-personal'] }),
      customDomains: [],
    },
    restrictToInstance: true,
    pullPolicy,
    names: { serviceRole: 'pull-eci', userRole: 'pull-acr', policy: 'pull-pull' },
  };
}

const systemDocument = (name: string): PolicyDocument => {
  const policy = SYSTEM_POLICIES.get(name);
  assert.ok(policy, `the emulator seeds system policy ${name}`);
  return JSON.parse(policy.document) as PolicyDocument;
};

/** The expansion's roles as RAM would hold them, with `edit` applied to its custom policy documents. */
function rolesOf(e: AcrPullExpansion, edit: (d: PolicyDocument) => PolicyDocument = (d) => d): Roles {
  const roles: Roles = {};
  for (const role of e.roles) {
    const policies = role.policies.map((p) =>
      p.policyType === 'System' ? systemDocument(p.policyName) : edit(e.policies.find((c) => c.policyName === p.policyName && c.accountId === role.accountId)!.document),
    );
    (roles[role.accountId] ??= {})[role.roleName] = { trust: role.trust, policies };
  }
  return roles;
}

const worldOf = (roles: Roles): PullWorld => ({ ...world(roles), registries: REGISTRIES });

function entryOf(e: AcrPullExpansion, instanceId?: string): Partial<AcrRegistryInfo>[] {
  const { instanceId: _ignored, ...rest } = e.registryInfo ?? {};
  return [{ ...rest, ...(instanceId === undefined ? {} : { instanceId }) }];
}

const decide = (e: AcrPullExpansion, roles: Roles, image: string, instanceId?: string): PullDecision =>
  decidePull(pull(image, entryOf(e, instanceId ?? e.registryInfo?.instanceId)), worldOf(roles));

for (const s of SCENARIOS) {
  for (const choice of ['minimal', 'documented', 'full'] as const) {
    test(`issue 11 D1 cross-test, ${s.name}, pullPolicy ${choice}: the emulator pulls every image of the scope`, () => {
      const e = expandAcrPull(facts(s, choice));
      for (const image of s.inScope) {
        const d = decide(e, rolesOf(e), image);
        assert.equal(d.ok, true, `${image}: ${JSON.stringify(d)}`);
      }
    });
  }

  for (const choice of ['minimal', 'documented'] as const) {
    test(`issue 11 D1 cross-test, ${s.name}, pullPolicy ${choice}: the same roles pull nothing outside the scope`, () => {
      const e = expandAcrPull(facts(s, choice));
      for (const { image, instanceId } of s.sameAccountOutside) {
        const d = decide(e, rolesOf(e), image, instanceId);
        assert.equal(d.ok ? 'pulled' : d.link, 'pull-permission', `${image} must be refused by the pull policy: ${JSON.stringify(d)}`);
      }
    });
  }
}

test('issue 11 D1 cross-test, pullPolicy full: the whole registry account is in reach (the documented trade-off), another account is not', () => {
  const s = SCENARIOS[0]!;
  const e = expandAcrPull(facts(s, 'full'));
  const { image, instanceId } = s.sameAccountOutside[0]!;
  assert.equal(decide(e, rolesOf(e), image, instanceId).ok, true, 'AliyunContainerRegistryFullAccess pulls from every instance of its account');
  const other = decide(e, rolesOf(e), 'gamma-c-registry.cn-hangzhou.cr.aliyuncs.com/eci_test/nginx:1.0', CRI_C);
  assert.equal(other.ok ? 'pulled' : other.link, 'arn-user', 'a role of account B never pulls from account C');
});

// Mutation tests: every statement, and every action of a statement, is needed.

interface Mutation {
  label: string;
  document: (d: PolicyDocument) => PolicyDocument;
  removed: PolicyStatement;
  /** The removed action patterns. */
  actions: string[];
}

const actionsOf = (s: PolicyStatement): string[] => [s.Action ?? []].flat();
const resourcesOf = (s: PolicyStatement): string[] => [s.Resource ?? []].flat();

function mutations(document: PolicyDocument): Mutation[] {
  const out: Mutation[] = [];
  document.Statement.forEach((statement, i) => {
    const without = (d: PolicyDocument): PolicyDocument => ({ ...d, Statement: d.Statement.filter((_, j) => j !== i) });
    out.push({ label: `statement ${i} (${actionsOf(statement).join(', ')})`, document: without, removed: statement, actions: actionsOf(statement) });
    const actions = actionsOf(statement);
    if (actions.length < 2) return;
    for (const action of actions) {
      const trimmed = (d: PolicyDocument): PolicyDocument => ({
        ...d,
        Statement: d.Statement.map((s, j) => (j === i ? { ...s, Action: actionsOf(s).filter((a) => a !== action) } : s)),
      });
      out.push({ label: `${action} of statement ${i}`, document: trimmed, removed: statement, actions: [action] });
    }
  });
  return out;
}

for (const s of SCENARIOS) {
  for (const choice of ['minimal', 'documented'] as const) {
    test(`issue 11 D1 mutation, ${s.name}, pullPolicy ${choice}: removing any statement or action refuses the pull, naming the missing permission`, () => {
      const e = expandAcrPull(facts(s, choice));
      const generated = e.policies[0]?.document;
      assert.ok(generated, 'the choice generates a custom policy');
      const all = mutations(generated);
      assert.ok(all.length >= generated.Statement.length, 'every statement is mutated');
      for (const m of all) {
        const d = decide(e, rolesOf(e, m.document), s.inScope[0]!);
        if (s.edition === 'Personal' && m.actions.join() === 'cr:List*') {
          // Personal Edition has no instance endpoints to list: the guide's cr:List* is kept for its shape, not needed.
          assert.equal(d.ok, true, `Personal Edition pulls without cr:List*: ${JSON.stringify(d)}`);
          continue;
        }
        assert.equal(d.ok, false, `without ${m.label} the pull must be refused`);
        if (d.ok) continue;
        assert.equal(d.link, 'pull-permission', `${m.label}: ${d.message}`);
        const named = /is not allowed (\S+) on (.+)$/.exec(d.message);
        assert.ok(named, `the refusal names an action and resources: ${d.message}`);
        const [, action, resources] = named;
        assert.ok(m.actions.some((p) => actionMatches(p, action!)), `${m.label}: the refusal names ${action}, which the removed part granted`);
        const removedOn = resourcesOf(m.removed);
        assert.ok(
          resources!.split(' or ').some((r) => removedOn.some((p) => resourceMatches(p, r))),
          `${m.label}: the refusal names a resource (${resources}) the removed part covered (${removedOn.join(', ')})`,
        );
      }
    });
  }
}

test('issue 11 D1: the minimal policy generated before this change (cr:GetAuthorizationToken on the instance only) is refused', () => {
  const s = SCENARIOS[0]!;
  const e = expandAcrPull(facts(s, 'minimal'));
  const old = (): PolicyDocument => ({
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['cr:GetAuthorizationToken', 'cr:ListInstanceEndpoint'], Resource: [`acs:cr:${R}:${B}:instance/${CRI_B}`] },
      { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: [`acs:cr:${R}:${B}:repository/${CRI_B}/*`] },
    ],
  });
  const d = decide(e, rolesOf(e, old), s.inScope[0]!);
  assert.equal(d.ok ? 'pulled' : d.message, `role acs:ram::${B}:role/pull-acr is not allowed cr:GetAuthorizationToken on * or acs:cr:${R}:${B}:repository/${CRI_B}/eci_test/nginx`);
});
