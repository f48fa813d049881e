import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globalEndpoint, parseEndpoint, serviceEndpoint } from '../../src/cloud/alibaba/endpoint.js';
import { account } from './fixture.js';

test('parseEndpoint takes the scheme as the protocol and defaults loopback hosts to plain HTTP', () => {
  assert.deepEqual(parseEndpoint('http://127.0.0.1:8080'), { host: '127.0.0.1:8080', protocol: 'http' });
  assert.deepEqual(parseEndpoint('https://ram.example.com/'), { host: 'ram.example.com', protocol: 'https' });
  assert.deepEqual(parseEndpoint('127.0.0.1:8080'), { host: '127.0.0.1:8080', protocol: 'http' });
  assert.deepEqual(parseEndpoint('localhost:9'), { host: 'localhost:9', protocol: 'http' });
  assert.deepEqual(parseEndpoint('ram-vpc.aliyuncs.com'), { host: 'ram-vpc.aliyuncs.com', protocol: 'https' });
  assert.throws(() => parseEndpoint('not a host'), /not host, host:port/);
});

test('globalEndpoint prefers the explicit flag and treats an empty variable as unset', () => {
  assert.equal(globalEndpoint(undefined, { ECI_ACR_RECONCILER_ENDPOINT: '' }), undefined);
  assert.deepEqual(globalEndpoint('http://127.0.0.1:1', { ECI_ACR_RECONCILER_ENDPOINT: 'http://127.0.0.1:2' }), { host: '127.0.0.1:1', protocol: 'http' });
  assert.deepEqual(globalEndpoint(undefined, { ECI_ACR_RECONCILER_ENDPOINT: 'http://127.0.0.1:2' }), { host: '127.0.0.1:2', protocol: 'http' });
});

test('serviceEndpoint: override, then the Account endpoints, then the public regional hosts', () => {
  const a = { ...account('a', '1000000000000001', { source: 'default' }), endpoints: { eci: 'eci-vpc.cn-hangzhou.aliyuncs.com' } };
  const override = { host: '127.0.0.1:1', protocol: 'http' as const };
  assert.deepEqual(serviceEndpoint('eci', a, 'cn-shanghai', override), override);
  assert.deepEqual(serviceEndpoint('eci', a, 'cn-hangzhou', undefined), { host: 'eci-vpc.cn-hangzhou.aliyuncs.com', protocol: 'https' });
  assert.deepEqual(serviceEndpoint('eci', a, 'cn-shanghai', undefined), { host: 'eci.cn-shanghai.aliyuncs.com', protocol: 'https' });
  assert.deepEqual(serviceEndpoint('ram', a, 'cn-hangzhou', undefined), { host: 'ram.aliyuncs.com', protocol: 'https' });
  assert.deepEqual(serviceEndpoint('sts', a, 'cn-hangzhou', undefined), { host: 'sts.cn-hangzhou.aliyuncs.com', protocol: 'https' });
  assert.deepEqual(serviceEndpoint('sts', a, 'ap-southeast-2', undefined), { host: 'sts.aliyuncs.com', protocol: 'https' });
});

test('serviceEndpoint for ACR (cr): the Account endpoint in its own region, else cr.<region>.aliyuncs.com', () => {
  const a = account('a', '1000000000000001', { source: 'default' });
  a.endpoints = { cr: 'cr-vpc.cn-hangzhou.aliyuncs.com' };
  assert.deepEqual(serviceEndpoint('cr', a, 'cn-hangzhou', undefined), { host: 'cr-vpc.cn-hangzhou.aliyuncs.com', protocol: 'https' });
  assert.deepEqual(serviceEndpoint('cr', a, 'cn-shanghai', undefined), { host: 'cr.cn-shanghai.aliyuncs.com', protocol: 'https' });
  const override = parseEndpoint('127.0.0.1:9000');
  assert.deepEqual(serviceEndpoint('cr', a, 'cn-hangzhou', override), override);
});
