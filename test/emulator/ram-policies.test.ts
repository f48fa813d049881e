// RAM custom policies, versions and attachments through the official client.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import { ROOT_A, twoAccountSeed, withEmulator } from '../helpers/emulator.js';
import { ramClient, rejection } from '../helpers/sdk.js';
import { ramSerialised } from '../../src/emulator/ram/reserialise.js';

const doc = (action: string) => JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: ['acs:ram::1000000000000001:root'] } }] });

const emu = await withEmulator(twoAccountSeed());
const ram = ramClient(emu.endpoint, ROOT_A);

async function newPolicy(name: string, document = doc('cr:Get*')) {
  return ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: name, policyDocument: document, description: `policy ${name}` }));
}
async function versionIds(name: string) {
  const res = await ram.listPolicyVersions(new $Ram.ListPolicyVersionsRequest({ policyName: name, policyType: 'Custom' }));
  return (res.body?.policyVersions?.policyVersion ?? []).map((v) => `${v.versionId}${v.isDefaultVersion ? '*' : ''}`);
}

describe('RAM custom policies', () => {
  test('CreatePolicy and GetPolicy with DefaultPolicyVersion', async () => {
    const created = await newPolicy('acr-pull', doc('cr:Pull*'));
    assert.deepEqual({ ...created.body?.policy, createDate: undefined }, { createDate: undefined, defaultVersion: 'v1', description: 'policy acr-pull', policyName: 'acr-pull', policyType: 'Custom' });
    const got = (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'acr-pull', policyType: 'Custom' }))).body;
    assert.equal(got?.defaultPolicyVersion?.policyDocument, ramSerialised(doc('cr:Pull*')));
    assert.equal(got?.defaultPolicyVersion?.versionId, 'v1');
    assert.equal(got?.defaultPolicyVersion?.isDefaultVersion, true);
    assert.equal(got?.policy?.attachmentCount, 0);
  });

  test('GetPolicy without PolicyType answers InvalidParameter.PolicyType; unknown policies EntityNotExist.Policy', async () => {
    const noType = await rejection(ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'acr-pull' })));
    assert.deepEqual([noType.code, noType.statusCode], ['InvalidParameter.PolicyType', 400]);
    const missing = await rejection(ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'nope', policyType: 'Custom' })));
    assert.deepEqual([missing.code, missing.statusCode], ['EntityNotExist.Policy', 404]);
  });

  test('CreatePolicy validation and conflicts', async () => {
    const cases: [Partial<$Ram.CreatePolicyRequest>, string, number][] = [
      [{ policyName: 'bad.name' }, 'InvalidParameter.PolicyName.InvalidChars', 400],
      [{ policyName: 'p'.repeat(129) }, 'InvalidParameter.PolicyName.Length', 400],
      [{ policyName: 'big', policyDocument: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:Get*', Resource: 'x'.repeat(6200) }] }) }, 'InvalidParameter.PolicyDocument.Length', 400],
      [{ policyName: 'bad-doc', policyDocument: '{"Version":"2","Statement":[]}' }, 'MalformedPolicyDocument', 400],
      [{ policyName: 'not-resource', policyDocument: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","NotResource":"*"}]}' }, 'MalformedPolicyDocument', 400],
      [{ policyName: 'ACR-PULL' }, 'EntityAlreadyExists.Policy', 409],
      [{ policyName: 'AdministratorAccess' }, 'EntityAlreadyExists.Policy', 409],
    ];
    for (const [fields, code, status] of cases) {
      const error = await rejection(ram.createPolicy(new $Ram.CreatePolicyRequest({ policyDocument: doc('cr:Get*'), ...fields })));
      assert.deepEqual([error.code, error.statusCode], [code, status], JSON.stringify(fields).slice(0, 80));
    }
  });

  test('a 6144-character document is accepted although percent-encoding makes the URL longer than 16 KB', async () => {
    const withColons = (n: number) => JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'cr:Get*', Resource: `acs:cr:*:*:repository/${':'.repeat(n)}` }] });
    const text = withColons(6144 - withColons(0).length);
    assert.equal(text.length, 6144);
    assert.ok(encodeURIComponent(text).length > 16_384, 'the encoded document alone exceeds Node\'s default header limit');
    await ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: 'dense', policyDocument: text }));
    const got = (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'dense', policyType: 'Custom' }))).body;
    assert.equal(got?.defaultPolicyVersion?.policyDocument, ramSerialised(text));
    await ram.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'dense' }));
  });

  test('a sixth version fails with LimitExceeded.Policy.Version; numbering is never reused', async () => {
    await newPolicy('five');
    for (let i = 2; i <= 5; i += 1) await ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'five', policyDocument: doc(`cr:Get${i}`) }));
    assert.deepEqual(await versionIds('five'), ['v1*', 'v2', 'v3', 'v4', 'v5']);
    const limit = await rejection(ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'five', policyDocument: doc('cr:Get6') })));
    assert.deepEqual([limit.code, limit.statusCode], ['LimitExceeded.Policy.Version', 409]);
    await ram.deletePolicyVersion(new $Ram.DeletePolicyVersionRequest({ policyName: 'five', versionId: 'v5' }));
    const next = await ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'five', policyDocument: doc('cr:Get6') }));
    assert.equal(next.body?.policyVersion?.versionId, 'v6');
  });

  test('RotateStrategy deletes the oldest non-default version, and SetAsDefault moves the default', async () => {
    const res = await ram.createPolicyVersion(new $Ram.CreatePolicyVersionRequest({ policyName: 'five', policyDocument: doc('cr:Get7'), rotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded', setAsDefault: true }));
    assert.deepEqual([res.body?.policyVersion?.versionId, res.body?.policyVersion?.isDefaultVersion], ['v7', true]);
    assert.deepEqual(await versionIds('five'), ['v1', 'v3', 'v4', 'v6', 'v7*']);
    const got = (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'five', policyType: 'Custom' }))).body;
    assert.equal(got?.policy?.defaultVersion, 'v7');
    assert.equal(got?.defaultPolicyVersion?.policyDocument, ramSerialised(doc('cr:Get7')));
  });

  test('the default version cannot be deleted; SetDefaultPolicyVersion and GetPolicyVersion', async () => {
    const conflict = await rejection(ram.deletePolicyVersion(new $Ram.DeletePolicyVersionRequest({ policyName: 'five', versionId: 'v7' })));
    assert.deepEqual([conflict.code, conflict.statusCode], ['DeleteConflict.Policy.Version.Default', 409]);
    await ram.setDefaultPolicyVersion(new $Ram.SetDefaultPolicyVersionRequest({ policyName: 'five', versionId: 'v3' }));
    const v3 = (await ram.getPolicyVersion(new $Ram.GetPolicyVersionRequest({ policyName: 'five', policyType: 'Custom', versionId: 'v3' }))).body?.policyVersion;
    assert.deepEqual([v3?.isDefaultVersion, v3?.policyDocument], [true, ramSerialised(doc('cr:Get3'))]);
    const missing = await rejection(ram.getPolicyVersion(new $Ram.GetPolicyVersionRequest({ policyName: 'five', policyType: 'Custom', versionId: 'v2' })));
    assert.deepEqual([missing.code, missing.statusCode], ['EntityNotExist.Policy.Version', 404]);
    const format = await rejection(ram.getPolicyVersion(new $Ram.GetPolicyVersionRequest({ policyName: 'five', policyType: 'Custom', versionId: '3' })));
    assert.equal(format.code, 'InvalidParameter.VersionId.Format');
  });

  test('DeletePolicy: DeleteConflict.Policy.Version without CascadingDelete, DeleteConflict.Role.Policy while attached', async () => {
    await ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'holder', assumeRolePolicyDocument: TRUST }));
    await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'holder', policyName: 'five', policyType: 'Custom' }));
    const attached = await rejection(ram.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'five', cascadingDelete: true })));
    assert.deepEqual([attached.code, attached.statusCode], ['DeleteConflict.Role.Policy', 409]);
    await ram.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ roleName: 'holder', policyName: 'five', policyType: 'Custom' }));
    const versions = await rejection(ram.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'five' })));
    assert.deepEqual([versions.code, versions.statusCode], ['DeleteConflict.Policy.Version', 409]);
    await ram.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'five', cascadingDelete: true }));
    const gone = await rejection(ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'five', policyType: 'Custom' })));
    assert.equal(gone.code, 'EntityNotExist.Policy');
  });

  test('ListPolicies filters by PolicyType and pages', async () => {
    const system = (await ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'System' }))).body?.policies?.policy ?? [];
    assert.ok(system.some((p) => p.policyName === 'AliyunSTSAssumeRoleAccess'), 'system policies are seeded');
    assert.ok(system.every((p) => p.policyType === 'System'), 'the filter keeps only system policies');
    const first = (await ram.listPolicies(new $Ram.ListPoliciesRequest({ maxItems: 3 }))).body;
    assert.equal(first?.isTruncated, true);
    const custom = (await ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'Custom' }))).body?.policies?.policy ?? [];
    assert.deepEqual(custom.map((p) => p.policyName), ['acr-pull']);
  });
});

describe('RAM attachments', () => {
  test('Attach twice → EntityAlreadyExists.Role.Policy; views agree on AttachDate and AttachmentCount', async () => {
    await ram.createRole(new $Ram.CreateRoleRequest({ roleName: 'puller', assumeRolePolicyDocument: TRUST }));
    const attach = new $Ram.AttachPolicyToRoleRequest({ roleName: 'puller', policyName: 'acr-pull', policyType: 'Custom' });
    await ram.attachPolicyToRole(attach);
    const again = await rejection(ram.attachPolicyToRole(attach));
    assert.deepEqual([again.code, again.statusCode], ['EntityAlreadyExists.Role.Policy', 409]);
    const forRole = (await ram.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName: 'puller' }))).body?.policies?.policy ?? [];
    const entities = (await ram.listEntitiesForPolicy(new $Ram.ListEntitiesForPolicyRequest({ policyName: 'acr-pull', policyType: 'Custom' }))).body;
    const roles = entities?.roles?.role ?? [];
    assert.deepEqual(forRole.map((p) => [p.policyName, p.policyType]), [['acr-pull', 'Custom']]);
    assert.deepEqual(roles.map((r) => r.roleName), ['puller']);
    assert.equal(roles[0]?.attachDate, forRole[0]?.attachDate);
    const policy = (await ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: 'acr-pull', policyType: 'Custom' }))).body?.policy;
    assert.equal(policy?.attachmentCount, 1);
  });

  test('Detach of a policy that is not attached → EntityNotExist.Role.Policy; unknown role → EntityNotExist.Role', async () => {
    const notAttached = await rejection(ram.detachPolicyFromRole(new $Ram.DetachPolicyFromRoleRequest({ roleName: 'puller', policyName: 'AdministratorAccess', policyType: 'System' })));
    assert.deepEqual([notAttached.code, notAttached.statusCode], ['EntityNotExist.Role.Policy', 404]);
    const noRole = await rejection(ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'ghost', policyName: 'AdministratorAccess', policyType: 'System' })));
    assert.deepEqual([noRole.code, noRole.statusCode], ['EntityNotExist.Role', 404]);
  });

  test('more than 10 custom policies on a role → LimitExceeded.Role.Policy', async () => {
    for (let i = 0; i < 10; i += 1) {
      await newPolicy(`many-${i}`);
      await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'holder', policyName: `many-${i}`, policyType: 'Custom' }));
    }
    await newPolicy('many-10');
    const error = await rejection(ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ roleName: 'holder', policyName: 'many-10', policyType: 'Custom' })));
    assert.deepEqual([error.code, error.statusCode], ['LimitExceeded.Role.Policy', 409]);
  });
});
