// Issue 16 item 6: deploy/ runs two replicas with leader election: the pod mounts its Kubernetes API
// token, and a Role bound to its ServiceAccount grants exactly the Lease verbs the elector uses
// (get, create, update: CoordinationV1Api read/create/replace), nothing more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inKubernetes } from '../../src/daemon/leader/settings.js';
import { deployDocuments } from './rrsa-harness.js';

test('deploy/: both Deployments run 2 replicas with the API token mounted (leader election on by default in a pod) and readiness that lets a rolling update proceed past a standby', () => {
  for (const file of ['deployment-configmap.yaml', 'deployment-git-sync.yaml']) {
    const deployment = deployDocuments(file).find((d) => d.kind === 'Deployment')!;
    assert.equal(deployment.spec.replicas, 2, `${file}: replicas`);
    assert.notEqual(deployment.spec.strategy.type, 'Recreate', `${file}: a rolling update is safe with leader election`);
    const pod = deployment.spec.template.spec;
    assert.equal(pod.automountServiceAccountToken, true, `${file}: the service-account token is mounted`);
    assert.equal(pod.containers[0].readinessProbe.httpGet.path, '/healthz', `${file}: a standby (503 on /readyz) still counts as available`);
    assert.ok(!((pod.containers[0].args ?? []) as string[]).includes('--leader-elect'), `${file}: on by default, no flag needed`);
  }
});

test('deploy/: a Role bound to the reconciler ServiceAccount grants get, create and update on Leases only', () => {
  const docs = deployDocuments('rbac-and-config.yaml');
  const sa = docs.find((d) => d.kind === 'ServiceAccount')!;
  const role = docs.find((d) => d.kind === 'Role')!;
  const binding = docs.find((d) => d.kind === 'RoleBinding')!;
  assert.equal(binding.roleRef.name, role.metadata.name);
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: sa.metadata.namespace }]);
  assert.equal(role.metadata.namespace, sa.metadata.namespace, 'the Lease lives in the pod namespace (the default)');
  const verbs = new Set<string>();
  for (const rule of role.rules) {
    assert.deepEqual(rule.apiGroups, ['coordination.k8s.io']);
    assert.deepEqual(rule.resources, ['leases']);
    for (const v of rule.verbs) verbs.add(v);
  }
  assert.deepEqual([...verbs].sort(), ['create', 'get', 'update']);
});

test('leader election defaults on only in a pod: the API server address and the mounted service-account token', () => {
  const token = (path: string) => path.endsWith('/serviceaccount/token');
  assert.equal(inKubernetes({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' }, exists: token }), true);
  assert.equal(inKubernetes({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' }, exists: () => false }), false, 'no token mounted');
  assert.equal(inKubernetes({ env: {}, exists: token }), false, 'not in a cluster');
});
