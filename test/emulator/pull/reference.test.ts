import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatImageRef, parseImageRef, resolveRegistry } from '../../../src/emulator/pull/reference.js';
import { CRI_A1, registries } from './fixture.js';

test('image references follow Docker host, tag and digest rules', () => {
  assert.deepEqual(parseImageRef('nginx'), { host: 'docker.io', path: 'library/nginx', tag: 'latest' });
  assert.deepEqual(parseImageRef('bitnami/redis:7'), { host: 'docker.io', path: 'bitnami/redis', tag: '7' });
  assert.deepEqual(parseImageRef('localhost:5000/a/b:c'), { host: 'localhost:5000', path: 'a/b', tag: 'c' });
  assert.deepEqual(parseImageRef('r.example/a/b@sha256:abc'), { host: 'r.example', path: 'a/b', tag: 'sha256:abc' });
  assert.equal(formatImageRef(parseImageRef('nginx:1.27')!), 'docker.io/library/nginx:1.27');
  assert.equal(parseImageRef(''), undefined);
  assert.equal(parseImageRef('r.example//b'), undefined);
});

test('registry domains resolve to Personal, default-domain and custom-domain instances', () => {
  const resolve = (image: string) => resolveRegistry(parseImageRef(image)!, registries);
  const personal = resolve('registry-vpc.cn-hangzhou.aliyuncs.com/a-personal/busybox:1.36');
  assert.ok(personal.kind === 'acr' && personal.domainKind === 'personal' && personal.namespace === 'a-personal' && personal.repository === 'busybox', `Personal instance: ${JSON.stringify(personal)}`);
  const byDefault = resolve('alpha-registry-vpc.cn-hangzhou.cr.aliyuncs.com/app/web:v1');
  assert.ok(byDefault.kind === 'acr' && byDefault.domainKind === 'default' && byDefault.owned.registry.instanceId === CRI_A1, `default domain: ${JSON.stringify(byDefault)}`);
  const custom = resolve('REGISTRY.alpha.example/app/web:v1');
  assert.ok(custom.kind === 'acr' && custom.domainKind === 'custom' && custom.owned.registry.instanceId === CRI_A1, `custom domain, any case: ${JSON.stringify(custom)}`);
  assert.equal(resolve('alpha-registry.cn-shanghai.cr.aliyuncs.com/app/web:v1').kind, 'unknown-acr', 'the region is part of the domain');
  assert.equal(resolve('ghcr.io/a/b:1').kind, 'public');
});
