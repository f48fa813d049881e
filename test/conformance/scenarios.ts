// The conformance scenarios, written once. Each states a behaviour of Alibaba Cloud that the reconciler
// depends on, builds its own raw requests and documents (they test the cloud, not the reconciler), and
// asserts what the project believes. `npm test` runs them against the emulator, `npm run test:live`
// against the real cloud; both import SCENARIOS from here (conformance.test.ts checks it is one object).
import type { Account } from './transcript.js';
import type { CallResult, ConformanceRun } from './target.js';

export interface Scenario {
  id: string;
  title: string;
  /** Image caches the scenario builds (each leaves a billed snapshot while it exists). */
  imageCaches: number;
  run(r: ConformanceRun): Promise<void>;
}

export class ScenarioFailure extends Error {}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new ScenarioFailure(message);
}

function expectCode(res: CallResult, code: string, status: number, what: string): void {
  expect(res.code === code && res.status === status, `${what}: expected ${code} (HTTP ${status}), got ${res.code ?? 'success'} (HTTP ${res.status})`);
}

function expectOk(res: CallResult, what: string): void {
  expect(res.code === null, `${what}: expected success, got ${res.code} (HTTP ${res.status})`);
}

const json = (value: unknown) => JSON.stringify(value);
const trustService = (service: string) => json({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: [service] } }] });
const trustRam = (arn: string) => json({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: [arn] } }] });
const allow = (action: string | string[], resource: string | string[]) => ({ Effect: 'Allow', Action: action, Resource: resource });
const roleArn = (r: ConformanceRun, account: Account, name: string) => `acs:ram::${r.accountIds[account]}:role/${name}`;

async function createRole(r: ConformanceRun, account: Account, name: string, trust: string, extra: Record<string, string> = {}): Promise<CallResult> {
  const res = await r.call(account, 'ram', 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust, ...extra });
  if (res.code === null) r.undo(account, 'ram', 'DeleteRole', { RoleName: name });
  return res;
}

async function createPolicy(r: ConformanceRun, account: Account, name: string, document: string, extra: Record<string, string> = {}): Promise<CallResult> {
  const res = await r.call(account, 'ram', 'CreatePolicy', { PolicyName: name, PolicyDocument: document, ...extra });
  if (res.code === null) r.undo(account, 'ram', 'DeletePolicy', { PolicyName: name, CascadingDelete: 'true' });
  return res;
}

async function attach(r: ConformanceRun, account: Account, roleName: string, policyName: string, policyType: 'System' | 'Custom'): Promise<void> {
  const params = { RoleName: roleName, PolicyName: policyName, PolicyType: policyType };
  expectOk(await r.call(account, 'ram', 'AttachPolicyToRole', params), `attach ${policyName}`);
  r.undo(account, 'ram', 'DetachPolicyFromRole', params);
}

// ---- RAM -------------------------------------------------------------------------------------------

const ramErrors: Scenario = {
  id: 'ram-errors',
  title: 'RAM not-found, already-exists and conflict codes and statuses',
  imageCaches: 0,
  async run(r) {
    const role = r.name('errors');
    expectCode(await r.call('A', 'ram', 'GetRole', { RoleName: role }), 'EntityNotExist.Role', 404, 'GetRole of a missing role');
    expectCode(await r.call('A', 'ram', 'GetPolicy', { PolicyName: role, PolicyType: 'Custom' }), 'EntityNotExist.Policy', 404, 'GetPolicy of a missing policy');
    expectOk(await createRole(r, 'A', role, trustService('eci.aliyuncs.com')), 'CreateRole');
    expectCode(await r.call('A', 'ram', 'CreateRole', { RoleName: role, AssumeRolePolicyDocument: trustService('eci.aliyuncs.com') }), 'EntityAlreadyExists.Role', 409, 'CreateRole twice');
    expectCode(await r.call('A', 'ram', 'DetachPolicyFromRole', { RoleName: role, PolicyName: 'AliyunSTSAssumeRoleAccess', PolicyType: 'System' }), 'EntityNotExist.Role.Policy', 404, 'detach of a policy not attached');
    await attach(r, 'A', role, 'AliyunSTSAssumeRoleAccess', 'System');
    expectCode(await r.call('A', 'ram', 'DeleteRole', { RoleName: role }), 'DeleteConflict.Role.Policy', 409, 'DeleteRole with an attachment');
    const policy = r.name('errors-policy');
    expectOk(await createPolicy(r, 'A', policy, json({ Version: '1', Statement: [allow('cr:GetRepository', '*')] })), 'CreatePolicy');
    expectCode(await r.call('A', 'ram', 'CreatePolicy', { PolicyName: policy, PolicyDocument: json({ Version: '1', Statement: [allow('cr:GetRepository', '*')] }) }), 'EntityAlreadyExists.Policy', 409, 'CreatePolicy twice');
    expectCode(await r.call('A', 'ram', 'CreatePolicy', { PolicyName: r.name('malformed'), PolicyDocument: '{"Version":"1","Statement":[{"Effect":"Allow"}]}' }), 'MalformedPolicyDocument', 400, 'CreatePolicy with a malformed document');
  },
};

const policyVersions: Scenario = {
  id: 'ram-policy-versions',
  title: 'At most 5 versions (LimitExceeded.Policy.Version), RotateStrategy, the default version cannot be deleted',
  imageCaches: 0,
  async run(r) {
    const name = r.name('versions');
    const doc = (n: number) => json({ Version: '1', Statement: [allow(`cr:GetRepository`, `acs:cr:*:*:repository/v${n}`)] });
    expectOk(await createPolicy(r, 'A', name, doc(1)), 'CreatePolicy');
    for (let n = 2; n <= 5; n += 1) expectOk(await r.call('A', 'ram', 'CreatePolicyVersion', { PolicyName: name, PolicyDocument: doc(n) }), `version ${n}`);
    expectCode(await r.call('A', 'ram', 'CreatePolicyVersion', { PolicyName: name, PolicyDocument: doc(6) }), 'LimitExceeded.Policy.Version', 409, 'a sixth version');
    const rotated = await r.call('A', 'ram', 'CreatePolicyVersion', { PolicyName: name, PolicyDocument: doc(6), SetAsDefault: 'true', RotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded' });
    expectOk(rotated, 'a sixth version with RotateStrategy');
    const listed = await r.call('A', 'ram', 'ListPolicyVersions', { PolicyName: name, PolicyType: 'Custom' });
    const versions: { VersionId: string; IsDefaultVersion: boolean }[] = listed.body.PolicyVersions?.PolicyVersion ?? [];
    expect(versions.length === 5, `five versions after rotation, got ${versions.length}`);
    expect(!versions.some((v) => v.VersionId === 'v2'), 'the oldest non-default version (v2) was deleted');
    const current = versions.find((v) => v.IsDefaultVersion)?.VersionId ?? '';
    expect(current === rotated.body.PolicyVersion?.VersionId, 'the new version is the default');
    expectCode(await r.call('A', 'ram', 'DeletePolicyVersion', { PolicyName: name, VersionId: current }), 'DeleteConflict.Policy.Version.Default', 409, 'deleting the default version');
  },
};

const documents: Scenario = {
  id: 'ram-documents',
  title: 'RAM returns trust and policy documents re-serialised, meaning unchanged',
  imageCaches: 0,
  async run(r) {
    const role = r.name('documents');
    const trust = '{"Version":"1","Statement":[{"Principal":{"Service":["eci.aliyuncs.com"]},"Effect":"Allow","Action":"sts:AssumeRole"}]}';
    expectOk(await createRole(r, 'A', role, trust), 'CreateRole');
    const got = String((await r.call('A', 'ram', 'GetRole', { RoleName: role })).body.Role?.AssumeRolePolicyDocument ?? '');
    expect(sameMeaning(got, trust), `GetRole returns the same document: ${got}`);
    expect(got !== trust, 'RAM re-serialises the trust document (keys sorted, its own spacing)');
    const policy = r.name('documents-policy');
    const document = '{"Statement":[{"Resource":"*","Action":["cr:GetRepository"],"Effect":"Allow"}],"Version":"1"}';
    expectOk(await createPolicy(r, 'A', policy, document), 'CreatePolicy');
    const version = String((await r.call('A', 'ram', 'GetPolicyVersion', { PolicyName: policy, PolicyType: 'Custom', VersionId: 'v1' })).body.PolicyVersion?.PolicyDocument ?? '');
    expect(sameMeaning(version, document), `GetPolicyVersion returns the same document: ${version}`);
  },
};

function sameMeaning(a: string, b: string): boolean {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  try {
    return json(sort(JSON.parse(a))) === json(sort(JSON.parse(b)));
  } catch {
    return false;
  }
}

const pagingAndTags: Scenario = {
  id: 'ram-paging-tags',
  title: 'ListRoles pages with MaxItems/Marker and filters by tag',
  imageCaches: 0,
  async run(r) {
    const tag = json([{ Key: 'conformance', Value: r.setup.prefix }]);
    for (const n of [1, 2, 3]) expectOk(await createRole(r, 'A', r.name(`page-${n}`), trustService('eci.aliyuncs.com'), { Tag: tag }), `CreateRole ${n}`);
    const seen: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 3; page += 1) {
      const res = await r.call('A', 'ram', 'ListRoles', { MaxItems: '1', Tag: tag, ...(marker ? { Marker: marker } : {}) });
      expectOk(res, 'ListRoles');
      seen.push(...(res.body.Roles?.Role ?? []).map((x: { RoleName: string }) => x.RoleName));
      marker = res.body.IsTruncated ? res.body.Marker : undefined;
      if (page < 2) expect(res.body.IsTruncated === true && typeof marker === 'string', `page ${page + 1} is truncated with a Marker`);
    }
    expect(marker === undefined, 'the last page is not truncated');
    expect(json([...seen].sort()) === json([1, 2, 3].map((n) => r.name(`page-${n}`))), `the tag filter lists exactly the three roles: ${seen.join(', ')}`);
  },
};

// What the daemon's incremental resync relies on (issue 15): the lists carry enough to tell whether
// to look closer, and the marks move on the writes that change what they stand for.

const changeDates: Scenario = {
  id: 'ram-role-marks',
  title: 'ListRoles carries UpdateDate, Description, MaxSessionDuration and Tags; UpdateRole (trust, duration) moves UpdateDate, and GetRole agrees',
  imageCaches: 0,
  async run(r) {
    const tag = json([{ Key: 'conformance', Value: r.setup.prefix }]);
    const role = r.name('marks');
    expectOk(await createRole(r, 'A', role, trustService('eci.aliyuncs.com'), { Tag: tag, Description: 'marks', MaxSessionDuration: '3600' }), 'CreateRole');
    const listed = async () => {
      const res = await r.call('A', 'ram', 'ListRoles', { MaxItems: '1000', Tag: tag });
      expectOk(res, 'ListRoles');
      const item = (res.body.Roles?.Role ?? []).find((x: { RoleName: string }) => x.RoleName === role);
      expect(item !== undefined, 'ListRoles lists the role');
      return item as { UpdateDate?: string; Description?: string; MaxSessionDuration?: number; Tags?: { Tag?: { TagKey: string; TagValue: string }[] } };
    };
    const first = await listed();
    expect(typeof first.UpdateDate === 'string' && first.Description === 'marks' && first.MaxSessionDuration === 3600, `ListRoles carries UpdateDate, Description and MaxSessionDuration: ${json(first)}`);
    expect((first.Tags?.Tag ?? []).some((t) => t.TagKey === 'conformance' && t.TagValue === r.setup.prefix), 'ListRoles carries the tags');
    const changes: [string, Record<string, string>][] = [
      ['trust', { NewAssumeRolePolicyDocument: trustService('ecs.aliyuncs.com') }],
      ['session duration', { NewMaxSessionDuration: '7200' }],
    ];
    for (const [what, change] of changes) {
      const before = (await listed()).UpdateDate ?? '';
      // RAM dates are whole seconds: a change less than a second later could keep the same date.
      await r.setup.wait(1_500);
      expectOk(await r.call('A', 'ram', 'UpdateRole', { RoleName: role, ...change }), `UpdateRole (${what})`);
      const after = (await listed()).UpdateDate ?? '';
      const got = String((await r.call('A', 'ram', 'GetRole', { RoleName: role })).body.Role?.UpdateDate ?? '');
      expect(after > before, `UpdateRole (${what}) moves UpdateDate in ListRoles: ${before} -> ${after}`);
      expect(got === after, `GetRole's UpdateDate equals ListRoles': ${got} / ${after}`);
    }
  },
};

async function listedPolicy(r: ConformanceRun, type: 'Custom' | 'System', name: string, tag?: string): Promise<{ DefaultVersion?: string; UpdateDate?: string; AttachmentCount?: number }> {
  let marker: string | undefined;
  do {
    const res = await r.call('A', 'ram', 'ListPolicies', { PolicyType: type, MaxItems: '1000', ...(tag ? { Tag: tag } : {}), ...(marker ? { Marker: marker } : {}) });
    expectOk(res, `ListPolicies ${type}`);
    const item = (res.body.Policies?.Policy ?? []).find((p: { PolicyName: string }) => p.PolicyName === name);
    if (item) return item;
    marker = res.body.IsTruncated ? res.body.Marker : undefined;
  } while (marker);
  throw new ScenarioFailure(`ListPolicies ${type} does not list ${name}`);
}

async function gotPolicy(r: ConformanceRun, type: 'Custom' | 'System', name: string): Promise<{ DefaultVersion?: string; UpdateDate?: string; AttachmentCount?: number }> {
  const res = await r.call('A', 'ram', 'GetPolicy', { PolicyName: name, PolicyType: type });
  expectOk(res, `GetPolicy ${type} ${name}`);
  return res.body.Policy ?? {};
}

const policyMarks: Scenario = {
  id: 'ram-policy-marks',
  title: 'ListPolicies and GetPolicy carry DefaultVersion, UpdateDate and AttachmentCount for custom and system policies; version changes and attachments move them',
  imageCaches: 0,
  async run(r) {
    const tag = json([{ Key: 'conformance', Value: r.setup.prefix }]);
    const name = r.name('marks-policy');
    const doc = (action: string) => json({ Version: '1', Statement: [allow(action, '*')] });
    expectOk(await createPolicy(r, 'A', name, doc('cr:GetRepository'), { Tag: tag }), 'CreatePolicy');
    let seen = await listedPolicy(r, 'Custom', name, tag);
    expect(seen.DefaultVersion === 'v1' && seen.AttachmentCount === 0 && typeof seen.UpdateDate === 'string', `a new policy: v1, 0 attachments, an UpdateDate: ${json(seen)}`);
    const versionSteps: [string, Record<string, string>, string][] = [
      ['CreatePolicyVersion', { PolicyDocument: doc('cr:ListRepository'), SetAsDefault: 'true' }, 'v2'],
      ['SetDefaultPolicyVersion', { VersionId: 'v1' }, 'v1'],
    ];
    for (const [action, params, expected] of versionSteps) {
      await r.setup.wait(1_500);
      expectOk(await r.call('A', 'ram', action, { PolicyName: name, ...params }), action);
      const now = await listedPolicy(r, 'Custom', name, tag);
      const got = await gotPolicy(r, 'Custom', name);
      expect(now.DefaultVersion === expected && got.DefaultVersion === expected, `${action}: DefaultVersion ${expected} in ListPolicies and GetPolicy: ${json([now, got])}`);
      expect((now.UpdateDate ?? '') > (seen.UpdateDate ?? ''), `${action} moves UpdateDate: ${seen.UpdateDate} -> ${now.UpdateDate}`);
      seen = now;
    }
    const role = r.name('marks-holder');
    expectOk(await createRole(r, 'A', role, trustService('eci.aliyuncs.com')), 'CreateRole');
    const system = 'AliyunECIFullAccess';
    const systemBefore = (await gotPolicy(r, 'System', system)).AttachmentCount ?? -1;
    await attach(r, 'A', role, name, 'Custom');
    await attach(r, 'A', role, system, 'System');
    expect((await listedPolicy(r, 'Custom', name, tag)).AttachmentCount === 1 && (await gotPolicy(r, 'Custom', name)).AttachmentCount === 1, 'attaching a custom policy to a role counts 1 in ListPolicies and GetPolicy');
    const listedSystem = await listedPolicy(r, 'System', system);
    expect(listedSystem.AttachmentCount === systemBefore + 1 && (await gotPolicy(r, 'System', system)).AttachmentCount === systemBefore + 1, `a system policy counts this account's attachments: ${systemBefore} -> ${listedSystem.AttachmentCount}`);
    expect(typeof listedSystem.DefaultVersion === 'string' && typeof listedSystem.UpdateDate === 'string', `ListPolicies System carries DefaultVersion and UpdateDate: ${json(listedSystem)}`);
    expectOk(await r.call('A', 'ram', 'DetachPolicyFromRole', { RoleName: role, PolicyName: name, PolicyType: 'Custom' }), 'detach the custom policy');
    expect((await listedPolicy(r, 'Custom', name, tag)).AttachmentCount === 0, 'detaching moves AttachmentCount back to 0');
  },
};

// ---- STS -------------------------------------------------------------------------------------------

const assumeRole: Scenario = {
  id: 'sts-assume-role',
  title: 'AssumeRole is admitted by a trust naming the caller\'s account and refused by one naming another',
  imageCaches: 0,
  async run(r) {
    const trusted = r.name('trusts-a');
    const untrusted = r.name('trusts-b');
    expectOk(await createRole(r, 'A', trusted, trustRam(`acs:ram::${r.accountIds.A}:root`)), 'CreateRole trusting A');
    expectOk(await createRole(r, 'A', untrusted, trustRam(`acs:ram::${r.accountIds.B}:root`)), 'CreateRole trusting B');
    const ok = await retryUntil(r, () => r.call('A', 'sts', 'AssumeRole', { RoleArn: roleArn(r, 'A', trusted), RoleSessionName: 'conformance' }), (x) => x.code === null);
    expectOk(ok, 'AssumeRole of a role trusting the caller\'s account');
    expect(String(ok.body.Credentials?.AccessKeyId ?? '').startsWith('STS.'), 'STS credentials are issued');
    expectCode(await r.call('A', 'sts', 'AssumeRole', { RoleArn: roleArn(r, 'A', untrusted), RoleSessionName: 'conformance' }), 'NoPermission', 403, 'AssumeRole of a role trusting another account');
    expectCode(await r.call('A', 'sts', 'AssumeRole', { RoleArn: roleArn(r, 'A', r.name('missing')), RoleSessionName: 'conformance' }), 'EntityNotExist.Role', 404, 'AssumeRole of a missing role');
  },
};

/** Read-after-write lag is unknown: retries a call a few times (not recorded) until `done`, then records it. */
async function retryUntil(r: ConformanceRun, call: () => Promise<CallResult>, done: (res: CallResult) => boolean): Promise<CallResult> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const before = r.entries.length;
    const res = await call();
    if (done(res) || attempt === 4) return res;
    r.entries.splice(before);
    await r.setup.wait(2_000);
  }
  throw new ScenarioFailure('unreachable');
}

// ---- ECI image caches ------------------------------------------------------------------------------

interface CacheSpec {
  account: Account;
  suffix: string;
  image: string;
  registryInfo?: Record<string, string>;
}

/** Creates a cache, waits for a final status (polls are not recorded), records the final Describe. */
async function buildCache(r: ConformanceRun, spec: CacheSpec): Promise<{ id: string; cache: Record<string, any> }> {
  const { account } = spec;
  const base = { RegionId: r.setup.regionId };
  const created = await r.call(account, 'eci', 'CreateImageCache', {
    ...base,
    ImageCacheName: r.name(spec.suffix),
    'Image.1': spec.image,
    SecurityGroupId: r.setup.accounts[account].securityGroupId,
    VSwitchId: r.setup.accounts[account].vSwitchId,
    ImageCacheSize: '20',
    'Tag.1.Key': 'conformance',
    'Tag.1.Value': r.setup.prefix,
    ...Object.fromEntries(Object.entries(spec.registryInfo ?? {}).map(([k, v]) => [`AcrRegistryInfo.1.${k}`, v])),
  });
  expectOk(created, `CreateImageCache ${spec.suffix}`);
  const id = String(created.body.ImageCacheId);
  r.hide(id, `<imc-${spec.suffix}>`);
  r.undo(account, 'eci', 'DeleteImageCache', { ...base, ImageCacheId: id });
  const deadline = Date.now() + r.setup.buildDeadlineMs;
  for (;;) {
    const res = await r.call(account, 'eci', 'DescribeImageCaches', { ...base, ImageCacheId: id }, { record: false });
    const cache = res.body.ImageCaches?.[0] ?? {};
    if (['Ready', 'Failed'].includes(cache.Status) || Date.now() > deadline) break;
    await r.setup.wait(r.setup.pollMs);
  }
  const final = await r.call(account, 'eci', 'DescribeImageCaches', { ...base, ImageCacheId: id });
  return { id, cache: final.body.ImageCaches?.[0] ?? {} };
}

const cacheLifecycle: Scenario = {
  id: 'eci-image-cache-lifecycle',
  title: 'An image cache is built from the registry\'s default domain, reports Events, is found by tag, and is deleted',
  imageCaches: 1,
  async run(r) {
    const base = { RegionId: r.setup.regionId };
    const { id, cache } = await buildCache(r, { account: 'B', suffix: 'lifecycle', image: `${r.setup.registry.defaultDomain}/${r.setup.registry.image}` });
    expect(cache.Status === 'Ready', `the cache is Ready, got ${cache.Status}: ${json(cache.Events ?? [])}`);
    const events: { Type?: string; Reason?: string }[] = cache.Events ?? [];
    expect(events.length > 0 && events.every((e) => typeof e.Type === 'string' && typeof e.Reason === 'string'), 'Events carry Type and Reason');
    const byTag = await r.call('B', 'eci', 'DescribeImageCaches', { ...base, 'Tag.1.Key': 'conformance', 'Tag.1.Value': r.setup.prefix });
    expect((byTag.body.ImageCaches ?? []).some((c: { ImageCacheId: string }) => c.ImageCacheId === id), 'the tag filter finds the cache');
    const unknown = await r.call('B', 'eci', 'DescribeImageCaches', { ...base, ImageCacheId: 'imc-doesnotexist0000000' });
    expect(unknown.code === null && (unknown.body.ImageCaches ?? []).length === 0, 'an unknown ID is an empty list');
    expectOk(await r.call('B', 'eci', 'DeleteImageCache', { ...base, ImageCacheId: id }), 'DeleteImageCache');
    const again = await r.call('B', 'eci', 'DeleteImageCache', { ...base, ImageCacheId: id });
    // The code is unknown (fidelity audit); the reconciler counts any 404 or *NotFound/*NotExist as gone.
    expect(again.code !== null && (again.status === 404 || /(NotFound|NotExist)$/.test(again.code)), `a second delete says not-found: ${again.code} ${again.status}`);
  },
};

// ---- Pulls: three cases × three policies -----------------------------------------------------------

type PolicyKind = 'minimal' | 'documented' | 'full';
type PullCase = 'same-account-default-domain' | 'same-account-custom-domain' | 'cross-account';

/** The pull permissions under test, built here from the documentation (not from the reconciler). */
function pullStatements(r: ConformanceRun, kind: Exclude<PolicyKind, 'full'>): object[] {
  const { regionId } = r.setup;
  const instance = `acs:cr:${regionId}:${r.accountIds.B}:instance/${r.setup.registry.instanceId}`;
  if (kind === 'documented') {
    // Alibaba's ECI guide, its custom policy example: Get*/List* on everything, Pull* on the instance.
    return [allow(['cr:Get*', 'cr:List*'], '*'), allow('cr:Pull*', instance)];
  }
  // The action set ACS and SAE document, each on the narrowest resource documented for it: the token on
  // `*` (ACR's GetAuthorizationToken page: "All Resources"; ACR does not scope it to an instance), the
  // endpoint list on the instance, the pull on the repository.
  const repository = r.setup.registry.image.split(':')[0];
  return [
    allow('cr:GetAuthorizationToken', '*'),
    allow('cr:ListInstanceEndpoint', instance),
    allow('cr:PullRepository', `acs:cr:${regionId}:${r.accountIds.B}:repository/${r.setup.registry.instanceId}/${repository}`),
  ];
}

/** Creates the role that pulls (in the registry account B) with the policy under test. */
async function pullingRole(r: ConformanceRun, name: string, trust: string, kind: PolicyKind): Promise<void> {
  expectOk(await createRole(r, 'B', name, trust), `CreateRole ${name}`);
  if (kind === 'full') return attach(r, 'B', name, 'AliyunContainerRegistryFullAccess', 'System');
  const policy = `${name}-policy`;
  expectOk(await createPolicy(r, 'B', policy, json({ Version: '1', Statement: pullStatements(r, kind) })), `CreatePolicy ${policy}`);
  return attach(r, 'B', name, policy, 'Custom');
}

function pullScenario(pullCase: PullCase, kind: PolicyKind): Scenario {
  const short = `${pullCase === 'cross-account' ? 'x' : pullCase === 'same-account-custom-domain' ? 'c' : 'd'}-${kind}`;
  return {
    id: `pull-${pullCase}-${kind}`,
    title: `ECI pulls a small image from an ACR Enterprise instance: ${pullCase}, ${kind} pull policy`,
    imageCaches: 1,
    async run(r) {
      const { registry } = r.setup;
      const puller = r.name(`pull-${short}`);
      const instanceInfo = { InstanceId: registry.instanceId, RegionId: r.setup.regionId };
      if (pullCase === 'cross-account') {
        const assumer = r.name(`assume-${short}`);
        expectOk(await createRole(r, 'A', assumer, trustService('eci.aliyuncs.com')), 'CreateRole in the ECI account');
        await attach(r, 'A', assumer, 'AliyunSTSAssumeRoleAccess', 'System');
        await pullingRole(r, puller, trustRam(roleArn(r, 'A', assumer)), kind);
        const image = `${registry.defaultDomain}/${registry.image}`;
        const { cache } = await buildCache(r, { account: 'A', suffix: short, image, registryInfo: { ...instanceInfo, ArnService: roleArn(r, 'A', assumer), ArnUser: roleArn(r, 'B', puller) } });
        expect(cache.Status === 'Ready', `pulled across accounts with the ${kind} policy: ${cache.Status} ${json(cache.Events ?? [])}`);
        return;
      }
      // Same account: the cache lives in the registry's account B; ECI assumes the scoping role itself.
      await pullingRole(r, puller, trustService('eci.aliyuncs.com'), kind);
      const custom = pullCase === 'same-account-custom-domain';
      const image = `${custom ? registry.customDomain : registry.defaultDomain}/${registry.image}`;
      const registryInfo = { ...(custom ? instanceInfo : {}), ArnService: roleArn(r, 'B', puller) };
      const { cache } = await buildCache(r, { account: 'B', suffix: short, image, registryInfo });
      expect(cache.Status === 'Ready', `pulled (${pullCase}) with the ${kind} policy: ${cache.Status} ${json(cache.Events ?? [])}`);
    },
  };
}

const PULL_CASES: PullCase[] = ['same-account-default-domain', 'same-account-custom-domain', 'cross-account'];
const POLICY_KINDS: PolicyKind[] = ['minimal', 'documented', 'full'];

/** Every scenario, in run order. The one list both targets read. */
export const SCENARIOS: readonly Scenario[] = Object.freeze([
  ramErrors,
  policyVersions,
  documents,
  pagingAndTags,
  changeDates,
  policyMarks,
  assumeRole,
  cacheLifecycle,
  ...PULL_CASES.flatMap((c) => POLICY_KINDS.map((k) => pullScenario(c, k))),
]);

export interface ScenarioOutcome {
  id: string;
  ok: boolean;
  message?: string;
}

/** Runs scenarios in order, each followed by its clean-up; a failure never stops the others. */
export async function runScenarios(r: ConformanceRun, scenarios: readonly Scenario[], report: (line: string) => void = () => undefined): Promise<ScenarioOutcome[]> {
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of scenarios) {
    r.scenario = scenario.id;
    try {
      await scenario.run(r);
      outcomes.push({ id: scenario.id, ok: true });
    } catch (error) {
      outcomes.push({ id: scenario.id, ok: false, message: (error as Error).message.split('?')[0] ?? '' });
    } finally {
      await r.cleanUp(report);
    }
  }
  return outcomes;
}
