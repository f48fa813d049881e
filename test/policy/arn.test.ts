import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatArn, isValidArn, parseArn, parseRamIdentityArn, parseRoleArn, roleArn, rootArn, userArn } from '../../src/policy/index.js';

const UID = '1298452580000001';

test('parseArn splits five segments and keeps colons inside the resource', () => {
  assert.deepEqual(parseArn(`acs:ram::${UID}:role/puller`), { service: 'ram', region: '', accountId: UID, resource: 'role/puller' });
  assert.deepEqual(parseArn('acs:cr:*:*:repository/cri-1/a:b'), { service: 'cr', region: '*', accountId: '*', resource: 'repository/cri-1/a:b' });
});

test('formatArn inverts parseArn', () => {
  for (const text of [`acs:ram::${UID}:root`, 'acs:eci:cn-hangzhou:1:imagecache/imc-1', 'acs:cr:*:*:repository/x/*']) {
    const parsed = parseArn(text);
    assert.ok(parsed, text);
    assert.equal(formatArn(parsed), text);
  }
});

test('isValidArn rejects what is not acs:<service>:<region>:<account>:<resource>', () => {
  const invalid = ['', '*', 'arn:aws:iam::1:role/x', 'acs:ram::1', 'acs::cn:1:x', 'acs:ram::1:', 'acs:ram::1:role/ x', 'ACS:ram::1:root'];
  for (const text of invalid) assert.equal(isValidArn(text), false, text);
  assert.equal(isValidArn(`acs:ram::${UID}:role/x`), true);
  assert.equal(isValidArn('acs:cr:*:*:*'), true);
});

test('parseRoleArn accepts only acs:ram::<16 digits>:role/<name>', () => {
  assert.deepEqual(parseRoleArn(`acs:ram::${UID}:role/eci-puller`), { accountId: UID, roleName: 'eci-puller' });
  const rejected = [
    `acs:ram::${UID}:role/eci-puller/session`,
    `acs:ram::${UID}:user/alice`,
    `acs:ram::${UID}:root`,
    'acs:ram::12345:role/short-account',
    `acs:ram:cn-hangzhou:${UID}:role/regional`,
    `acs:sts::${UID}:role/x`,
    `acs:ram::${UID}:role/`,
  ];
  for (const arn of rejected) assert.equal(parseRoleArn(arn), undefined, arn);
});

test('roleArn, rootArn and userArn build the documented forms', () => {
  assert.equal(roleArn(UID, 'r'), `acs:ram::${UID}:role/r`);
  assert.equal(rootArn(UID), `acs:ram::${UID}:root`);
  assert.equal(userArn(UID, 'u'), `acs:ram::${UID}:user/u`);
});

test('parseRamIdentityArn understands root, users, roles and both session forms', () => {
  assert.deepEqual(parseRamIdentityArn(`acs:ram::${UID}:root`), { kind: 'root', accountId: UID });
  assert.deepEqual(parseRamIdentityArn(`acs:ram::${UID}:user/alice`), { kind: 'user', accountId: UID, name: 'alice' });
  assert.deepEqual(parseRamIdentityArn(`acs:ram::${UID}:role/r`), { kind: 'role', accountId: UID, name: 'r' });
  assert.deepEqual(parseRamIdentityArn(`acs:ram::${UID}:role/r/s1`), { kind: 'role', accountId: UID, name: 'r', sessionName: 's1' });
  assert.deepEqual(parseRamIdentityArn(`acs:sts::${UID}:assumed-role/r/s1`), { kind: 'role', accountId: UID, name: 'r', sessionName: 's1' });
  for (const arn of [`acs:ram::${UID}:group/g`, `acs:ram::${UID}:user/`, `acs:ram::${UID}:role/a/b/c`, 'acs:ram::1:root']) {
    assert.equal(parseRamIdentityArn(arn), undefined, arn);
  }
});
