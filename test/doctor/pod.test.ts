// --pod: images and ACK annotations from Pod and workload YAML; mistakes with line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPod } from '../../src/doctor/pod.js';

const deployment = (annotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      annotations:
${annotations}
    spec:
      initContainers: [{name: init, image: "registry.acme.example/ns/init:1"}]
      containers: [{name: web, image: "registry.acme.example/ns/web:1"}]
`;

test('a Deployment: init and regular images, the <region>:<id> form and ARNs paired by position', () => {
  const pod = readPod(deployment(`        k8s.aliyun.com/acr-instance-ids: "cn-beijing:cri-a, cri-b"
        k8s.aliyun.com/acr-service-arns: "acs:ram::1:role/s"
        k8s.aliyun.com/acr-user-arns: "acs:ram::2:role/u1,acs:ram::2:role/u2"`));
  assert.ok(!Array.isArray(pod), `parsed: ${JSON.stringify(pod)}`);
  assert.deepEqual(pod.images, ['registry.acme.example/ns/init:1', 'registry.acme.example/ns/web:1']);
  assert.deepEqual(pod.entries, [
    { instanceId: 'cri-a', regionId: 'cn-beijing', domains: [], arnService: 'acs:ram::1:role/s', arnUser: 'acs:ram::2:role/u1' },
    { instanceId: 'cri-b', domains: [], arnService: 'acs:ram::1:role/s', arnUser: 'acs:ram::2:role/u2' },
  ]);
});

test('ARNs without instance IDs form one entry, as the guide passes them', () => {
  const pod = readPod(deployment(`        k8s.aliyun.com/acr-service-arns: "acs:ram::1:role/s"`));
  assert.ok(!Array.isArray(pod), 'parsed');
  assert.deepEqual(pod.entries, [{ domains: [], arnService: 'acs:ram::1:role/s' }]);
});

test('problems carry line and column: a non-string annotation, a YAML error, no workload', () => {
  const bad = readPod(deployment('        k8s.aliyun.com/acr-instance-ids: [cri-a]'));
  assert.ok(Array.isArray(bad) && bad[0]?.code === 'POD_BAD_ANNOTATION' && bad[0].line === 8, JSON.stringify(bad));
  const syntax = readPod('kind: Pod\nspec: {containers: [\n');
  assert.ok(Array.isArray(syntax) && syntax[0]?.code === 'POD_YAML_SYNTAX', JSON.stringify(syntax));
  const none = readPod('kind: Service\nmetadata: {name: x}\n');
  assert.ok(Array.isArray(none) && none[0]?.code === 'POD_NOT_A_WORKLOAD' && none[0].line === 1, JSON.stringify(none));
});
