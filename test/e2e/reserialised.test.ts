// Issue 11 Deliver 3: the emulator answers GetRole/GetPolicy/GetPolicyVersion/ListPolicyVersions with
// documents re-serialised the way RAM does (keys sorted, its own indentation), never the text sent.
// The reconciler must see through that: after converging, a pass writes nothing and plan shows no change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as $Ram from '@alicloud/ram20150501';
import { ramClient } from '../helpers/sdk.js';
import { ROOT_A, ROOT_B, cli, clearRequests, e2eEmulator, exampleCopy, writesOf } from './harness.js';

const FOUR_SPACE_MEMBER = /^\{\n {4}"Statement": \[\{\n {12}"/;

test('D3: a no-op pass against RAM-re-serialised documents makes zero writes and plan shows no change', async () => {
  const emulator = await e2eEmulator();
  const dir = exampleCopy('cross-account');
  const first = await cli(emulator, ['run', '--once', '--wait', '--wait-timeout', '30s', '--manifests', dir]);
  assert.equal(first.code, 0, first.out + first.err);

  // The round trip really happened: every role and custom policy reads back in RAM's own form.
  let roles = 0;
  let versions = 0;
  for (const ram of [ramClient(emulator.endpoint, ROOT_A), ramClient(emulator.endpoint, ROOT_B)]) {
    for (const { roleName } of (await ram.listRoles(new $Ram.ListRolesRequest({}))).body?.roles?.role ?? []) {
      const text = (await ram.getRole(new $Ram.GetRoleRequest({ roleName }))).body?.role?.assumeRolePolicyDocument ?? '';
      assert.match(text, FOUR_SPACE_MEMBER, `trust of ${roleName} is returned re-serialised: ${text}`);
      roles += 1;
    }
    for (const { policyName } of (await ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'Custom' }))).body?.policies?.policy ?? []) {
      const listed = (await ram.listPolicyVersions(new $Ram.ListPolicyVersionsRequest({ policyName, policyType: 'Custom' }))).body?.policyVersions?.policyVersion ?? [];
      for (const version of listed) assert.match(version.policyDocument ?? '', FOUR_SPACE_MEMBER, `${policyName} ${version.versionId} is returned re-serialised`);
      versions += listed.length;
    }
  }
  assert.ok(roles >= 2 && versions >= 2, `the pass wrote roles (${roles}) and policies (${versions}) that were read back`);

  await clearRequests(emulator);
  const second = await cli(emulator, ['run', '--once', '--manifests', dir]);
  assert.equal(second.code, 0, second.out + second.err);
  assert.deepEqual(writesOf(await emulator.requests()), [], 'no writes after the round trip');
  const plan = await cli(emulator, ['plan', '--manifests', dir, '--detailed-exitcode']);
  assert.equal(plan.code, 0, `plan shows no change: ${plan.out}${plan.err}`);
});
