import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decidePull } from '../../../src/emulator/pull/decide.js';
import {
  A, B, C, CRI_A1, CRI_A2, CRI_A3, CRI_B, ROLE_ACR, ROLE_ASSUME, assumeAccess, crossEntry, defaultRoles, doc, guidePull, pull,
  trustRam, trustService, world,
} from './fixture.js';

const ACME = 'acme-registry-vpc.cn-hangzhou.cr.aliyuncs.com/eci_test/nginx:1.0';
const ALPHA = 'alpha-registry.cn-hangzhou.cr.aliyuncs.com/app/web:v1';
const BETA = 'beta-registry-vpc.cn-hangzhou.cr.aliyuncs.com/app/api:v1';

function failure(decision: ReturnType<typeof decidePull>): { link: string; message: string } {
  assert.equal(decision.ok, false, `expected a failure, got ${JSON.stringify(decision)}`);
  return decision as { link: string; message: string };
}

// Same account

test('same account, default domain, no AcrRegistryInfo: pulled through the service-linked role', () => {
  assert.deepEqual(decidePull(pull(ALPHA), world()), { ok: true, via: 'service-linked-role', sizeGiB: 1 });
});

test('same account, Personal Edition, no AcrRegistryInfo: pulled through the service-linked role', () => {
  const decision = decidePull(pull('registry-vpc.cn-hangzhou.aliyuncs.com/a-personal/busybox:1.36'), world());
  assert.deepEqual(decision, { ok: true, via: 'service-linked-role', sizeGiB: 1 });
});

test('same account, custom domain without an entry: fails asking for the InstanceId', () => {
  const f = failure(decidePull(pull('registry.alpha.example/app/web:v1'), world()));
  assert.equal(f.link, 'instance-id');
  assert.match(f.message, new RegExp(`registry\\.alpha\\.example is a custom domain of instance ${CRI_A1}.*InstanceId ${CRI_A1}`));
});

test('same account, custom domain with its InstanceId: pulled without any role', () => {
  const decision = decidePull(pull('registry.alpha.example/app/web:v1', [{ instanceId: CRI_A1 }]), world());
  assert.deepEqual(decision, { ok: true, via: 'service-linked-role', sizeGiB: 1 });
});

test('custom domain of an instance in another region needs RegionId in the entry', () => {
  const image = 'registry.gamma.example/app/db:v1';
  const f = failure(decidePull(pull(image, [{ instanceId: CRI_A3 }]), world()));
  assert.equal(f.link, 'region');
  assert.match(f.message, /cn-beijing/);
  assert.equal(decidePull(pull(image, [{ instanceId: CRI_A3, regionId: 'cn-beijing' }]), world()).ok, true);
});

test('a restricted ArnService role pulls only from the instance it is scoped to', () => {
  const roles = defaultRoles();
  roles[A]!['acr-test'] = { trust: trustService(), policies: [guidePull('cn-hangzhou', A, CRI_A1)] };
  const entry = [{ arnService: `acs:ram::${A}:role/acr-test` }];
  assert.deepEqual(decidePull(pull(ALPHA, entry), world(roles)), { ok: true, via: 'arn-service', sizeGiB: 1 });
  const f = failure(decidePull(pull(BETA, entry), world(roles)));
  assert.equal(f.link, 'pull-permission');
  assert.equal(
    f.message,
    `role acs:ram::${A}:role/acr-test is not allowed cr:PullRepository on acs:cr:cn-hangzhou:${A}:repository/${CRI_A2}/app/api or acs:cr:cn-hangzhou:${A}:instance/${CRI_A2}`,
  );
});

test('an ArnService role that does not trust ECI breaks the chain', () => {
  const roles = defaultRoles();
  roles[A]!['role-assume'] = { trust: trustService('ecs.aliyuncs.com'), policies: [assumeAccess] };
  const f = failure(decidePull(pull(ALPHA, [{ arnService: ROLE_ASSUME }]), world(roles)));
  assert.deepEqual(f, { ok: false, link: 'service-trust', message: `role ${ROLE_ASSUME} does not trust service eci.aliyuncs.com` });
});

test('ArnService must exist and belong to the pulling account', () => {
  assert.equal(failure(decidePull(pull(ALPHA, [{ arnService: `acs:ram::${A}:role/ghost` }]), world())).link, 'arn-service');
  const f = failure(decidePull(pull(ALPHA, [{ arnService: ROLE_ACR }]), world()));
  assert.equal(f.link, 'arn-service');
  assert.match(f.message, new RegExp(`not a role of account ${A}`));
});

test('an entry naming another instance does not apply to an image', () => {
  const entry = [{ instanceId: CRI_A2, arnService: `acs:ram::${A}:role/ghost` }];
  assert.deepEqual(decidePull(pull(ALPHA, entry), world()), { ok: true, via: 'service-linked-role', sizeGiB: 1 });
});

test('an entry is matched by its Domain list', () => {
  const entry = [{ domains: ['beta-registry-vpc.cn-hangzhou.cr.aliyuncs.com'], arnService: `acs:ram::${A}:role/ghost` }];
  assert.equal(failure(decidePull(pull(BETA, entry), world())).link, 'arn-service');
  assert.equal(decidePull(pull(ALPHA, entry), world()).ok, true, 'other domains are not covered by the entry');
});

// Cross account

test('the complete cross-account chain pulls through ArnUser', () => {
  assert.deepEqual(decidePull(pull(ACME, [crossEntry]), world()), { ok: true, via: 'cross-account', sizeGiB: 3 });
});

test('a cross-account image without AcrRegistryInfo fails', () => {
  assert.equal(failure(decidePull(pull(ACME), world())).link, 'acr-registry-info');
});

test('a cross-account entry with ArnService alone fails asking for ArnUser', () => {
  const f = failure(decidePull(pull(ACME, [{ arnService: ROLE_ASSUME }]), world()));
  assert.equal(f.link, 'acr-registry-info');
  assert.match(f.message, /needs ArnUser/);
});

test('role-acr trusting someone else breaks the chain with a message naming both roles', () => {
  const roles = defaultRoles();
  roles[B]!['role-acr']!.trust = trustRam(`acs:ram::${C}:role/role-assume`);
  assert.deepEqual(decidePull(pull(ACME, [crossEntry]), world(roles)), {
    ok: false,
    link: 'role-trust',
    message: `role ${ROLE_ACR} does not trust ${ROLE_ASSUME}`,
  });
});

test("role-acr trusting account A's root admits role-assume", () => {
  const roles = defaultRoles();
  roles[B]!['role-acr']!.trust = trustRam(`acs:ram::${A}:root`);
  assert.equal(decidePull(pull(ACME, [crossEntry]), world(roles)).ok, true);
});

test('role-assume without sts:AssumeRole breaks the chain', () => {
  const roles = defaultRoles();
  roles[A]!['role-assume']!.policies = [];
  assert.deepEqual(decidePull(pull(ACME, [crossEntry]), world(roles)), {
    ok: false,
    link: 'assume-permission',
    message: `role ${ROLE_ASSUME} is not allowed sts:AssumeRole on ${ROLE_ACR}`,
  });
});

test('a pull policy scoped to another instance is not enough', () => {
  const roles = defaultRoles();
  roles[B]!['role-acr']!.policies = [guidePull('cn-hangzhou', B, 'cri-other00000000001')];
  const f = failure(decidePull(pull(ACME, [crossEntry]), world(roles)));
  assert.equal(f.link, 'pull-permission');
  assert.match(f.message, new RegExp(`^role ${ROLE_ACR} is not allowed cr:PullRepository on .*instance/${CRI_B}$`));
});

test('an explicit Deny on the repository wins over the instance-wide Allow', () => {
  const roles = defaultRoles();
  roles[B]!['role-acr']!.policies.push(doc({ Effect: 'Deny', Action: 'cr:PullRepository', Resource: `acs:cr:*:*:repository/${CRI_B}/*` }));
  assert.equal(failure(decidePull(pull(ACME, [crossEntry]), world(roles))).link, 'pull-permission');
});

test('ArnUser must be a role of the registry account', () => {
  const f = failure(decidePull(pull(ACME, [{ arnService: ROLE_ASSUME, arnUser: `acs:ram::${C}:role/role-acr` }]), world()));
  assert.equal(f.link, 'arn-user');
  assert.match(f.message, new RegExp(`not a role of account ${B}`));
});

test('a missing tag or repository fails after the chain holds', () => {
  const tag = failure(decidePull(pull(ACME.replace(':1.0', ':9.9'), [crossEntry]), world()));
  assert.equal(tag.link, 'tag');
  assert.match(tag.message, /^tag 9\.9 does not exist in repository eci_test\/nginx of instance cri-b/);
  const repo = failure(decidePull(pull(ACME.replace('nginx', 'redis'), [crossEntry]), world()));
  assert.equal(repo.link, 'repository');
});

test('a cross-account custom domain needs InstanceId even with both roles', () => {
  const image = 'registry.acme.example/eci_test/nginx:latest';
  assert.equal(failure(decidePull(pull(image, [crossEntry]), world())).link, 'instance-id');
  assert.equal(decidePull(pull(image, [{ ...crossEntry, instanceId: CRI_B }]), world()).ok, true);
});

test('cross-account Personal Edition works with the two ARNs and a repository-scoped policy', () => {
  const roles = defaultRoles();
  roles[B]!['role-acr']!.policies = [
    doc({ Effect: 'Allow', Action: ['cr:GetAuthorizationToken', 'cr:PullRepository'], Resource: `acs:cr:cn-hangzhou:${B}:repository/b-personal/*` }),
  ];
  const image = 'registry.cn-hangzhou.aliyuncs.com/b-personal/tool:2';
  assert.deepEqual(decidePull(pull(image, [crossEntry]), world(roles)), { ok: true, via: 'cross-account', sizeGiB: 1 });
  roles[B]!['role-acr']!.policies = [guidePull('cn-hangzhou', B, CRI_B)];
  assert.equal(failure(decidePull(pull(image, [crossEntry]), world(roles))).link, 'pull-permission');
});

test('an ACR-shaped host that matches no seeded instance is an unknown registry, not a public image', () => {
  assert.equal(failure(decidePull(pull('registry.cn-hangzhou.aliyuncs.com/nobody/x:1'), world())).link, 'registry');
  assert.equal(failure(decidePull(pull('zeta-registry.cn-hangzhou.cr.aliyuncs.com/a/b:1'), world())).link, 'registry');
});

// Public images

test('a public image needs an EIP or a NAT vSwitch', () => {
  const f = failure(decidePull(pull('nginx:1.27'), world()));
  assert.equal(f.link, 'network');
  assert.match(f.message, /docker\.io\/library\/nginx:1\.27 needs internet access: no EipInstanceId and vSwitch vsw-private has no NAT/);
  assert.deepEqual(decidePull(pull('nginx:1.27', [], { eipInstanceId: 'eip-1' }), world()), { ok: true, via: 'public', sizeGiB: 2 });
  assert.equal(decidePull(pull('docker.io/library/nginx:1.27', [], { vSwitchIds: ['vsw-private', 'vsw-nat'] }), world()).ok, true);
});

test('public images never use AcrRegistryInfo, and unknown ones are not found', () => {
  const broken = [{ arnService: `acs:ram::${A}:role/ghost` }];
  assert.equal(decidePull(pull('quay.io/prometheus/busybox', broken, { eipInstanceId: 'eip-1' }), world()).ok, true);
  assert.equal(failure(decidePull(pull('nginx:9', [], { eipInstanceId: 'eip-1' }), world())).link, 'public-image');
});

test('an invalid reference is reported as such', () => {
  assert.equal(failure(decidePull(pull('not an image'), world())).link, 'image-reference');
});

test('a cross-account chain also passes with the documented full-access policy', () => {
  const roles = defaultRoles();
  roles[B]!['role-acr']!.policies = [doc({ Effect: 'Allow', Action: 'cr:*', Resource: '*' })];
  assert.equal(decidePull(pull(ACME, [{ ...crossEntry, instanceId: CRI_B }]), world(roles)).ok, true);
});
