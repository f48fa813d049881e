import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheClientToken, cacheTokenSeed, registryFingerprint, tagChanges } from '../../src/plan/tags.js';
import { placeholderTrust } from '../../src/plan/placeholder.js';
import { trustOf } from './fixtures.js';

test('ClientTokens are ≤ 64 ASCII chars, deterministic, and differ by attempt and by replaced IDs', () => {
  const seed = cacheTokenSeed('1000000000000001', { manifest: 'web', images: ['a'] }, []);
  const token = cacheClientToken(seed, 0);
  assert.ok(token.length <= 64 && /^[\x21-\x7e]+$/.test(token), `token is at most 64 printable ASCII chars: ${token}`);
  assert.equal(cacheClientToken(cacheTokenSeed('1000000000000001', { images: ['a'], manifest: 'web' }, []), 0), token);
  assert.notEqual(cacheClientToken(seed, 1), token);
  assert.notEqual(cacheClientToken(cacheTokenSeed('1000000000000001', { manifest: 'web', images: ['a'] }, ['imc-old']), 0), token);
});

test('the AcrRegistryInfo fingerprint ignores entry and domain order but not values', () => {
  const a = { instanceId: 'cri-1', domains: ['x.example', 'y.example'] };
  const b = { arnService: 'acs:ram::1:role/r' };
  assert.equal(registryFingerprint([a, b]), registryFingerprint([b, { ...a, domains: ['y.example', 'x.example'] }]));
  assert.notEqual(registryFingerprint([a, b]), registryFingerprint([a, { arnService: 'acs:ram::1:role/other' }]));
});

test('tag changes set what differs and remove only our deletion-policy tag', () => {
  const changes = tagChanges({ 'managed-by': 'eci-acr-reconciler', 'eci-acr-reconciler.deletion-policy': 'Retain', team: 'ops' }, { 'managed-by': 'eci-acr-reconciler', 'eci-acr-reconciler.manifest': 'RamRole/r' });
  assert.deepEqual(changes, { set: { 'eci-acr-reconciler.manifest': 'RamRole/r' }, remove: ['eci-acr-reconciler.deletion-policy'] });
});

test('a placeholder trust keeps existing principals, drops pending ones, and admits nobody when none is left', () => {
  const both = { Version: '1', Statement: [{ Effect: 'Allow' as const, Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1:role/new', 'acs:ram::1:role/old'] } }] };
  assert.deepEqual(JSON.parse(placeholderTrust(both, ['acs:ram::1:role/new'], '1')).Statement[0].Principal, { RAM: ['acs:ram::1:role/old'] });
  const only = JSON.parse(placeholderTrust(trustOf('acs:ram::1:role/new'), ['acs:ram::1:role/new'], '1'));
  assert.deepEqual(only.Statement, [{ Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1:root'] } }]);
});
