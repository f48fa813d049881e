// The pull model end to end: roles built by hand with the RAM SDK, caches created with the ECI SDK,
// and the verdict read from DescribeImageCaches' Status and Events.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACCOUNT_A, ACCOUNT_B, ACME_IMAGE, ALPHA_IMAGE, BETA_IMAGE, CRI_ACME, CRI_ALPHA, buildCache, withEciEmulator, makeRole, pullPolicy, ramA, ramB,
  roleArn, trustRam, trustService,
} from './fixture.js';

const emu = await withEciEmulator();
const ASSUME = roleArn(ACCOUNT_A, 'role-assume');
const ACR = roleArn(ACCOUNT_B, 'role-acr');

function warningOf(cache: Awaited<ReturnType<typeof buildCache>>): string {
  assert.equal(cache.status, 'Failed');
  const warnings = (cache.events ?? []).filter((e) => e.type === 'Warning');
  assert.equal(warnings.length, 1);
  return warnings[0]!.message ?? '';
}

describe('cross-account chain', () => {
  before(async () => {
    const a = ramA(emu);
    const b = ramB(emu);
    // The chain of Alibaba's guide.
    await makeRole(a, 'role-assume', trustService(), { system: 'AliyunSTSAssumeRoleAccess' });
    await makeRole(b, 'role-acr', trustRam(ASSUME), { custom: 'acr-pull', document: pullPolicy(ACCOUNT_B, CRI_ACME) });
    // Variants, each with exactly one broken link.
    await makeRole(b, 'role-acr-elsewhere', trustRam(roleArn(ACCOUNT_A, 'someone-else')), { custom: 'acr-pull-2', document: pullPolicy(ACCOUNT_B, CRI_ACME) });
    await makeRole(a, 'role-assume-bare', trustService(), null);
    await makeRole(b, 'role-acr-for-bare', trustRam(roleArn(ACCOUNT_A, 'role-assume-bare')), { custom: 'acr-pull-3', document: pullPolicy(ACCOUNT_B, CRI_ACME) });
    await makeRole(b, 'role-acr-other-instance', trustRam(ASSUME), { custom: 'acr-pull-other', document: pullPolicy(ACCOUNT_B, 'cri-other00000000009') });
  });

  test('role-assume trusting ECI with AliyunSTSAssumeRoleAccess and role-acr trusting exactly role-assume: Ready', async () => {
    const cache = await buildCache(emu, { images: [ACME_IMAGE], acr: [{ arnService: ASSUME, arnUser: ACR }] });
    assert.equal(cache.status, 'Ready');
  });

  test('role-acr trusting someone else: Failed, naming both roles', async () => {
    const other = roleArn(ACCOUNT_B, 'role-acr-elsewhere');
    const cache = await buildCache(emu, { images: [ACME_IMAGE], acr: [{ arnService: ASSUME, arnUser: other }] });
    assert.equal(warningOf(cache), `Failed to pull image "${ACME_IMAGE}": role ${other} does not trust ${ASSUME}`);
  });

  test('role-assume lacking sts:AssumeRole: Failed', async () => {
    const bare = roleArn(ACCOUNT_A, 'role-assume-bare');
    const user = roleArn(ACCOUNT_B, 'role-acr-for-bare');
    const cache = await buildCache(emu, { images: [ACME_IMAGE], acr: [{ arnService: bare, arnUser: user }] });
    assert.match(warningOf(cache), new RegExp(`role ${bare} is not allowed sts:AssumeRole on ${user}$`));
  });

  test('pull policy scoped to another instance: Failed', async () => {
    const scoped = roleArn(ACCOUNT_B, 'role-acr-other-instance');
    const cache = await buildCache(emu, { images: [ACME_IMAGE], acr: [{ arnService: ASSUME, arnUser: scoped }] });
    assert.match(warningOf(cache), new RegExp(`role ${scoped} is not allowed cr:PullRepository on .*instance/${CRI_ACME}$`));
  });

  test('a tag that does not exist: Failed', async () => {
    const image = ACME_IMAGE.replace(':1.0', ':2.0');
    const cache = await buildCache(emu, { images: [image], acr: [{ arnService: ASSUME, arnUser: ACR }] });
    assert.match(warningOf(cache), /tag 2\.0 does not exist in repository eci_test\/nginx/);
  });

  test('a custom domain without InstanceId: Failed; with it: Ready', async () => {
    const image = 'registry.acme.example/eci_test/nginx:latest';
    const without = await buildCache(emu, { images: [image], acr: [{ arnService: ASSUME, arnUser: ACR }] });
    assert.match(warningOf(without), new RegExp(`registry\\.acme\\.example is a custom domain .* needs InstanceId ${CRI_ACME}`));
    const withId = await buildCache(emu, { images: [image], acr: [{ arnService: ASSUME, arnUser: ACR, instanceId: CRI_ACME }] });
    assert.equal(withId.status, 'Ready');
  });

  test('a cross-account image without AcrRegistryInfo: Failed', async () => {
    const cache = await buildCache(emu, { images: [ACME_IMAGE] });
    assert.match(warningOf(cache), /belongs to another account/);
  });
});

describe('same account', () => {
  before(async () => {
    await makeRole(ramA(emu), 'acr-test', trustService(), { custom: 'alpha-only', document: pullPolicy(ACCOUNT_A, CRI_ALPHA) });
  });

  test('the default domain works without AcrRegistryInfo', async () => {
    assert.equal((await buildCache(emu, { images: [ALPHA_IMAGE, BETA_IMAGE] })).status, 'Ready');
  });

  test('a custom domain needs InstanceId', async () => {
    const image = 'registry.alpha.example/app/web:v1';
    assert.match(warningOf(await buildCache(emu, { images: [image] })), /needs InstanceId cri-alpha/);
    assert.equal((await buildCache(emu, { images: [image], acr: [{ instanceId: CRI_ALPHA }] })).status, 'Ready');
  });

  test('a restricted ArnService role pulls only from the instance it is scoped to', async () => {
    const arnService = roleArn(ACCOUNT_A, 'acr-test');
    assert.equal((await buildCache(emu, { images: [ALPHA_IMAGE], acr: [{ arnService }] })).status, 'Ready');
    const other = await buildCache(emu, { images: [BETA_IMAGE], acr: [{ arnService }] });
    assert.match(warningOf(other), new RegExp(`role ${arnService} is not allowed cr:PullRepository`));
  });
});

describe('public images', () => {
  test('need an EIP or a NAT vSwitch', async () => {
    const image = 'nginx:1.27';
    assert.match(warningOf(await buildCache(emu, { images: [image] })), /needs internet access/);
    assert.equal((await buildCache(emu, { images: [image], vSwitchId: 'vsw-nat' })).status, 'Ready');
    assert.equal((await buildCache(emu, { images: [image], eipInstanceId: 'eip-1' })).status, 'Ready');
  });
});
