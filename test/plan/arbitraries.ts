// fast-check generators for desired and observed states over small name pools, so that desired and
// observed resources collide often (the interesting cases: drift, adoption, conflicts, orphans).
import fc from 'fast-check';
import type { DesiredImageCache, DesiredPolicy, DesiredRole, DesiredState, PolicyAttachment } from '../../src/model/desired.js';
import type { ObservedImageCache, ObservedPolicy, ObservedRole, Tags } from '../../src/model/observed.js';
import type { PolicyDocument } from '../../src/policy/document.js';
import type { ObservedAccountState, ObservedState } from '../../src/plan/observed-state.js';

export const ACCOUNTS = [
  { name: 'eci', accountId: '1000000000000001' },
  { name: 'acr', accountId: '1000000000000002' },
];
const ROLE_NAMES = ['role-a', 'role-b', 'role-c'];
const POLICY_NAMES = ['pol-a', 'pol-b'];
const CACHE_NAMES = ['cache-a', 'cache-b'];
const REGIONS = ['cn-hangzhou', 'cn-beijing'];
/** Owner tag values: each account's own ownerId (its name) and a set no desired account is. */
const OWNERS = [...ACCOUNTS.map((a) => a.name), 'other-set'];
const roleArnOf = (accountId: string, name: string) => `acs:ram::${accountId}:role/${name}`;
const ALL_ROLE_ARNS = ACCOUNTS.flatMap((a) => ROLE_NAMES.map((n) => roleArnOf(a.accountId, n)));

const trustDoc: fc.Arbitrary<PolicyDocument> = fc.oneof(
  fc.constant<PolicyDocument>({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['eci.aliyuncs.com'] } }] }),
  fc.subarray(ALL_ROLE_ARNS, { minLength: 1, maxLength: 3 }).map((arns): PolicyDocument => ({
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: arns } }],
  })),
  fc.subarray(ALL_ROLE_ARNS, { minLength: 1, maxLength: 2 }).map((arns): PolicyDocument => ({
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: 'eci.aliyuncs.com' } },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: arns } },
    ],
  })),
);

const permissionDoc: fc.Arbitrary<PolicyDocument> = fc
  .subarray(['cr:Get*', 'cr:List*', 'cr:PullRepository', 'ecs:Describe*'], { minLength: 1 })
  .map((actions) => ({ Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }));

/** A document as RAM might return it: reformatted, keys reordered, or sometimes garbage. */
const storedDoc = (doc: fc.Arbitrary<PolicyDocument>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: doc.map((d) => JSON.stringify(d)) },
    { weight: 1, arbitrary: doc.map((d) => JSON.stringify({ Statement: d.Statement, Version: d.Version }, null, 1)) },
    { weight: 1, arbitrary: fc.string() },
  );

const attachment: fc.Arbitrary<PolicyAttachment> = fc.oneof(
  fc.constantFrom('AliyunSTSAssumeRoleAccess', 'AliyunContainerRegistryFullAccess').map((policyName) => ({ policyType: 'System' as const, policyName })),
  fc.constantFrom(...POLICY_NAMES).map((policyName) => ({ policyType: 'Custom' as const, policyName })),
);

const ownTags = (kind: string): fc.Arbitrary<Tags> =>
  fc.oneof(
    fc.constant<Tags>({}),
    fc.constant<Tags>({ 'managed-by': 'eci-acr-reconciler' }),
    fc.constantFrom(...ROLE_NAMES, ...POLICY_NAMES, 'gone').map((n) => ({ 'managed-by': 'eci-acr-reconciler', 'eci-acr-reconciler.manifest': `${kind}/${n}` })),
    fc.constant<Tags>({ 'managed-by': 'eci-acr-reconciler', 'eci-acr-reconciler.deletion-policy': 'Retain' }),
    fc.constant<Tags>({ owner: 'someone-else' }),
    // Owner tags: this set's (an account's ownerId is its name here), or another manifest set's.
    fc.constantFrom(...OWNERS).map((owner) => ({ 'managed-by': 'eci-acr-reconciler', 'eci-acr-reconciler.owner': owner, 'eci-acr-reconciler.manifest': `${kind}/gone` })),
  );

function desiredRole(account: (typeof ACCOUNTS)[number], roleName: string): fc.Arbitrary<DesiredRole> {
  return fc.record({
    trust: trustDoc,
    policies: fc.array(attachment, { maxLength: 3 }),
    adopt: fc.boolean(),
    deletionPolicy: fc.constantFrom('Delete' as const, 'Retain' as const),
    description: fc.constantFrom('', 'pull role', 'other'),
    maxSessionDuration: fc.constantFrom(3600, 7200),
  }).map((r) => ({ ...r, account: account.name, accountId: account.accountId, roleName, origin: { kind: 'RamRole' as const, name: roleName } }));
}

function desiredPolicy(account: (typeof ACCOUNTS)[number], policyName: string): fc.Arbitrary<DesiredPolicy> {
  return fc.record({ document: permissionDoc, adopt: fc.boolean(), deletionPolicy: fc.constantFrom('Delete' as const, 'Retain' as const) }).map((p) => ({
    ...p,
    account: account.name,
    accountId: account.accountId,
    policyName,
    description: 'a policy',
    origin: { kind: 'RamPolicy' as const, name: policyName },
  }));
}

function desiredCache(account: (typeof ACCOUNTS)[number], name: string): fc.Arbitrary<DesiredImageCache> {
  return fc.record({
    regionId: fc.constantFrom(...REGIONS),
    images: fc.subarray(['r.example/a:1', 'r.example/b:2', 'r.example/c:3'], { minLength: 1 }),
    imageCacheSize: fc.constantFrom(20, 40),
    retentionDays: fc.option(fc.constantFrom(1, 7), { nil: undefined }),
    arnService: fc.option(fc.constantFrom(...ALL_ROLE_ARNS), { nil: undefined }),
    deletionPolicy: fc.constantFrom('Delete' as const, 'Retain' as const),
  }).map(({ arnService, retentionDays, ...c }) => ({
    ...c,
    ...(retentionDays === undefined ? {} : { retentionDays }),
    account: account.name,
    accountId: account.accountId,
    imageCacheName: name,
    vSwitchId: 'vsw-1',
    securityGroupId: 'sg-1',
    tags: { env: 'test' },
    acrRegistryInfo: arnService ? [{ arnService }] : [],
    origin: { kind: 'ImageCache' as const, name },
  }));
}

export const desiredState: fc.Arbitrary<DesiredState> = fc
  .tuple(
    ...ACCOUNTS.map((a) =>
      fc.record({
        roles: fc.subarray(ROLE_NAMES).chain((names) => fc.tuple(...names.map((n) => desiredRole(a, n)))),
        policies: fc.subarray(POLICY_NAMES).chain((names) => fc.tuple(...names.map((n) => desiredPolicy(a, n)))),
        caches: fc.subarray(CACHE_NAMES).chain((names) => fc.tuple(...names.map((n) => desiredCache(a, n)))),
      }),
    ),
  )
  .map((parts) => ({
    accounts: ACCOUNTS.map((a) => ({ name: a.name, accountId: a.accountId, ownerId: a.name, regionId: 'cn-hangzhou', credentials: { source: 'default' as const }, endpoints: {}, origin: { kind: 'Account' as const, name: a.name } })),
    roles: parts.flatMap((p) => p.roles),
    policies: parts.flatMap((p) => p.policies),
    imageCaches: parts.flatMap((p) => p.caches),
  }));

function observedRole(accountId: string, roleName: string): fc.Arbitrary<ObservedRole> {
  return fc.record({
    description: fc.constantFrom('', 'pull role', 'human'),
    maxSessionDuration: fc.constantFrom(3600, 7200),
    tags: ownTags('RamRole'),
    trustDocument: storedDoc(trustDoc),
    attachedPolicies: fc.array(attachment, { maxLength: 3 }),
  }).map((r) => ({ ...r, roleName, arn: roleArnOf(accountId, roleName) }));
}

function observedPolicy(policyName: string): fc.Arbitrary<ObservedPolicy> {
  return fc
    .record({ docs: fc.array(storedDoc(permissionDoc), { minLength: 1, maxLength: 5 }), defaultIndex: fc.nat(), tags: ownTags('RamPolicy') })
    .map(({ docs, defaultIndex, tags }) => {
      const d = defaultIndex % docs.length;
      const versions = docs.map((document, i) => ({ versionId: `v${i + 1}`, isDefault: i === d, createDate: `2026-01-0${i + 1}T00:00:00Z`, document }));
      return { policyName, description: 'a policy', defaultVersion: `v${d + 1}`, tags, versions };
    });
}

const observedCache: fc.Arbitrary<ObservedImageCache> = fc
  .record({
    id: fc.nat({ max: 1000 }),
    regionId: fc.constantFrom(...REGIONS),
    manifest: fc.constantFrom(...CACHE_NAMES, 'gone'),
    status: fc.constantFrom('Ready', 'Creating', 'Failed', 'Updating', 'UpdateFailed', 'Expired'),
    images: fc.subarray(['r.example/a:1', 'r.example/b:2', 'r.example/c:3']),
    imageCacheSize: fc.constantFrom(20, 40),
    fingerprint: fc.constantFrom('0000000000000000', 'zzz'),
    managed: fc.boolean(),
    owner: fc.option(fc.constantFrom(...OWNERS), { nil: undefined }),
  })
  .map((c): ObservedImageCache => ({
    regionId: c.regionId,
    imageCacheId: `imc-${c.id}`,
    imageCacheName: c.manifest,
    status: c.status,
    images: c.images,
    imageCacheSize: c.imageCacheSize,
    tags: c.managed
      ? { 'managed-by': 'eci-acr-reconciler', 'eci-acr-reconciler.manifest': `ImageCache/${c.manifest}`, 'eci-acr-reconciler.fingerprint': c.fingerprint, ...(c.owner ? { 'eci-acr-reconciler.owner': c.owner } : {}) }
      : { owner: 'human' },
    events: c.status === 'Failed' ? [{ type: 'Warning', reason: 'PullFailed', message: 'denied' }] : [],
  }));

function observedAccount(a: (typeof ACCOUNTS)[number]): fc.Arbitrary<ObservedAccountState> {
  return fc
    .record({
      roles: fc.subarray(ROLE_NAMES).chain((names) => fc.tuple(...names.map((n) => observedRole(a.accountId, n)))),
      policies: fc.subarray(POLICY_NAMES).chain((names) => fc.tuple(...names.map(observedPolicy))),
      imageCaches: fc.uniqueArray(observedCache, { maxLength: 4, selector: (c) => c.imageCacheId }),
      failed: fc.nat({ max: 9 }).map((n) => n === 0),
    })
    .map(({ failed, ...s }) => ({ accountName: a.name, accountId: a.accountId, regions: REGIONS, ...s, ...(failed ? { error: { message: 'observe failed' } } : {}) }));
}

export const observedState: fc.Arbitrary<ObservedState> = fc.tuple(...ACCOUNTS.map(observedAccount)).map((accounts) => ({ accounts }));
