// The emulator's pull requirements, row by row, each against the public page it comes from
// (the `source` keys are listed with their URLs in src/emulator/README.md, "Pull requirements").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { srcPolicy } from '../../../src/emulator/pull/policy-port.js';
import { missingPermission, pullRequirements, type PullTarget } from '../../../src/emulator/pull/requirements.js';
import { SYSTEM_POLICIES } from '../../../src/emulator/ram/system-policies.js';
import type { PolicyDocument } from '../../../src/policy/document.js';
import { B, CRI_B, doc, guidePull } from './fixture.js';

const R = 'cn-hangzhou';
const ENTERPRISE: PullTarget = { edition: 'Enterprise', accountId: B, regionId: R, instanceId: CRI_B, namespace: 'eci_test', repository: 'nginx' };
const PERSONAL: PullTarget = { edition: 'Personal', accountId: B, regionId: R, namespace: 'b-personal', repository: 'tool' };
const INSTANCE = `acs:cr:${R}:${B}:instance/${CRI_B}`;
const REPO = `acs:cr:${R}:${B}:repository/${CRI_B}/eci_test/nginx`;

const missing = (docs: PolicyDocument[], target: PullTarget = ENTERPRISE): string | undefined =>
  missingPermission(pullRequirements(target), (action, resource) => srcPolicy.evaluate(docs, action, resource));
const system = (name: string): PolicyDocument => JSON.parse(SYSTEM_POLICIES.get(name)!.document) as PolicyDocument;
const allow = (Action: string[], Resource: string | string[]) => ({ Effect: 'Allow' as const, Action, Resource });
const PULL_ACTIONS = ['cr:GetAuthorizationToken', 'cr:ListInstanceEndpoint', 'cr:PullRepository'];

interface Row {
  source: string;
  says: string;
  policy: PolicyDocument[];
  target?: PullTarget;
  /** undefined: the pull passes; otherwise the missing permission the refusal names. */
  refused?: string;
}

const ROWS: Row[] = [
  { source: 'eci-guide-custom-policy', says: 'the guide\'s custom policy lets ECI pull from its instance', policy: [guidePull(R, B, CRI_B)] },
  {
    source: 'eci-guide-custom-policy',
    says: 'the guide\'s custom policy allows pulling from the named instance only',
    policy: [guidePull(R, B, 'cri-other00000000009')],
    refused: `cr:PullRepository on ${REPO} or ${INSTANCE}`,
  },
  { source: 'acr-system-policies', says: 'AliyunContainerRegistryFullAccess (cr:* on *) pulls', policy: [system('AliyunContainerRegistryFullAccess')] },
  { source: 'acr-system-policies', says: 'AliyunContainerRegistryReadOnlyAccess (cr:Get*, cr:List*, cr:PullRepository on *) pulls', policy: [system('AliyunContainerRegistryReadOnlyAccess')] },
  { source: 'acs-default-policy', says: 'ACS\'s AliyunCCManagedAcrRolePolicy (the three actions on *) pulls', policy: [doc(allow(PULL_ACTIONS, ['*']))] },
  {
    source: 'sae-cross-account',
    says: 'SAE\'s cross-account policy (five actions on *) pulls',
    policy: [doc(allow([...PULL_ACTIONS, 'cr:GetRepository', 'cr:ListRepositoryTag'], '*'))],
  },
  { source: 'acs-narrowed-policy', says: 'ACS\'s narrowing of the three actions to repository/<instance>/* pulls', policy: [doc(allow(PULL_ACTIONS, [`acs:cr:*:*:repository/${CRI_B}/*`]))] },
  {
    source: 'acr-api-get-authorization-token',
    says: 'cr:GetAuthorizationToken is not scoped to a resource: granting it on the instance ARN only does not count',
    policy: [doc(allow(PULL_ACTIONS, [INSTANCE]))],
    refused: `cr:GetAuthorizationToken on * or ${REPO}`,
  },
  {
    source: 'acr-api-list-instance-endpoint',
    says: 'a policy without cr:ListInstanceEndpoint is refused, naming it on the instance',
    policy: [doc(allow(['cr:GetAuthorizationToken', 'cr:PullRepository'], '*'))],
    refused: `cr:ListInstanceEndpoint on ${INSTANCE} or ${REPO}`,
  },
  {
    source: 'acr-arn-formats',
    says: 'cr:PullRepository on the repository ARN (repository/<instance>/<namespace>/<repository>) counts',
    policy: [doc(allow(['cr:GetAuthorizationToken'], '*'), allow(['cr:ListInstanceEndpoint'], [INSTANCE]), allow(['cr:PullRepository'], [REPO]))],
  },
  {
    source: 'acr-arn-formats',
    says: 'cr:PullRepository on another namespace\'s repositories does not',
    policy: [doc(allow(['cr:GetAuthorizationToken'], '*'), allow(['cr:ListInstanceEndpoint'], [INSTANCE]), allow(['cr:PullRepository'], [`acs:cr:${R}:${B}:repository/${CRI_B}/other/*`]))],
    refused: `cr:PullRepository on ${REPO} or ${INSTANCE}`,
  },
  {
    source: 'acr-personal-access-control',
    says: 'Personal Edition: a namespace-scoped policy with cr:Get* and cr:PullRepository pulls',
    policy: [doc(allow(['cr:Get*', 'cr:List*', 'cr:PullRepository'], ['acs:cr:*:*:repository/b-personal/*', 'acs:cr:*:*:repository/b-personal']))],
    target: PERSONAL,
  },
  {
    source: 'acr-personal-access-control',
    says: 'Personal Edition: a policy for another namespace is refused',
    policy: [doc(allow(['cr:Get*', 'cr:List*', 'cr:PullRepository'], ['acs:cr:*:*:repository/juzhong/*']))],
    target: PERSONAL,
    refused: `cr:GetAuthorizationToken on * or acs:cr:${R}:${B}:repository/b-personal/tool`,
  },
  { source: 'acr-system-policies', says: 'Personal Edition: AliyunContainerRegistryReadOnlyAccess pulls', policy: [system('AliyunContainerRegistryReadOnlyAccess')], target: PERSONAL },
];

for (const row of ROWS) {
  test(`pull requirements [${row.source}]: ${row.says}`, () => {
    assert.equal(missing(row.policy, row.target), row.refused);
  });
}

test('pull requirements: an explicit Deny on any accepted resource refuses, even with an Allow on another', () => {
  const denied = [system('AliyunContainerRegistryFullAccess'), doc({ Effect: 'Deny', Action: 'cr:PullRepository', Resource: `acs:cr:*:*:repository/${CRI_B}/*` })];
  assert.equal(missing(denied), `cr:PullRepository on ${REPO} or ${INSTANCE}`);
});

test('pull requirements: Enterprise asks for exactly the three actions ACS and SAE document, Personal for two', () => {
  assert.deepEqual(pullRequirements(ENTERPRISE).map((r) => r.action), PULL_ACTIONS);
  assert.deepEqual(pullRequirements(PERSONAL).map((r) => r.action), ['cr:GetAuthorizationToken', 'cr:PullRepository']);
});

test('pull requirements: every source a row names is listed with its URL in the emulator README, and marked documented or inferred', () => {
  const readme = readFileSync('src/emulator/README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Pull requirements'), readme.indexOf('## Faults and rate limits'));
  const cited = new Set([...pullRequirements(ENTERPRISE), ...pullRequirements(PERSONAL)].flatMap((r) => r.accepted.map((a) => a.source)));
  for (const row of ROWS) cited.add(row.source);
  for (const source of cited) assert.match(section, new RegExp(`\\| \`${source}\` \\| .*https://`), `README lists ${source} with a URL`);
  const documented = pullRequirements(ENTERPRISE).flatMap((r) => r.accepted.filter((a) => a.basis === 'documented-for-eci').map((a) => `${r.action} ${a.resource}`));
  assert.deepEqual(documented, ['cr:GetAuthorizationToken *', `cr:PullRepository ${INSTANCE}`]);
});
