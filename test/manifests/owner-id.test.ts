// Account.spec.ownerId: the manifest set's owner identity (issue 10, ownership scopes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, positions } from './helpers.js';

const account = (name: string, extra = '') => `apiVersion: eci-acr-reconciler/v1alpha1
kind: Account
metadata: {name: ${name}}
spec:
  accountId: "1000000000000003"
  regionId: cn-hangzhou
${extra}`;

test('ownerId defaults to the Account\'s metadata.name and is taken as written when given', () => {
  const r = load(`${account('team-a')}---\n${account('team-b', '  ownerId: payments.prod_1\n').replace('1000000000000003', '1000000000000004')}`, false);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.state?.accounts.map((a) => [a.name, a.ownerId]), [['team-a', 'team-a'], ['team-b', 'payments.prod_1']]);
});

test('an ownerId that is not a plain tag value is INVALID_NAME at its position', () => {
  assert.deepEqual(positions(load(account('team-a', '  ownerId: "team/a"\n'), false).diagnostics), ['7:12 INVALID_NAME']);
});
