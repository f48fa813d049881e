// Registry facts read from ACR by `plan` and `run --once` (issue 13, Deliver 3): AcrPullAccess by
// instanceName, the missing-image warning, and an account whose keys may not read ACR.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestEmulator } from '../helpers/emulator.js';
import { clearRequests, cli, e2eSeed, editFile, exampleCopy, writesOf } from './harness.js';

// A user in the ACR account holding the reconciler's policy without its optional ACR reads.
const NO_ACR = { accessKeyId: 'LTAI5tNoAcrReadB0000001', accessKeySecret: 'no-acr-secret-b' };
const seed = e2eSeed();
const policy = JSON.parse(seed.accounts[1].policies.find((p: { policyName: string }) => p.policyName === 'EciAcrReconcilerLeastPrivilege').document);
policy.Statement = policy.Statement.filter((s: { Action: string[] }) => !s.Action.some((a) => a.startsWith('cr:')));
seed.accounts[1].policies.push({ policyName: 'reconciler-without-acr', document: JSON.stringify(policy) });
seed.accounts[1].users.push({ name: 'no-acr', accessKeys: [NO_ACR], policies: [{ policyName: 'reconciler-without-acr', policyType: 'Custom' }] });
const emu = await startTestEmulator(seed);
test.after(() => emu.stop());

const warnings = (err: string) => err.split('\n').filter((l) => l.includes('"level":"warn"'));

test('instanceName: run --once resolves the name through ACR and builds what instanceId builds; plan of the instanceId form is then in sync', async () => {
  const dir = exampleCopy('cross-account');
  editFile(join(dir, 'manifests.yaml'), (t) => t.replace('instanceId: cri-aaaa0000000000001', 'instanceName: acme'));
  const run = await cli(emu, ['run', '--once', '--manifests', dir]);
  assert.equal(run.code, 0, run.err);
  assert.ok((await emu.requests()).some((r) => r.service === 'cr' && r.action === 'ListInstance' && r.statusCode === 200), 'the name was looked up with ListInstance');
  const byId = await cli(emu, ['plan', '--detailed-exitcode', '--manifests', 'manifests/examples/cross-account']);
  assert.equal(byId.code, 0, `the instanceId form plans no change after the instanceName run:\n${byId.out}${byId.err}`);
});

test('instanceName unknown in the registry account: exit 3 with file:line:col naming account and region, and nothing written', async () => {
  const dir = exampleCopy('cross-account');
  editFile(join(dir, 'manifests.yaml'), (t) => t.replace('instanceId: cri-aaaa0000000000001', 'instanceName: no-such-instance'));
  await clearRequests(emu);
  const run = await cli(emu, ['run', '--once', '--prune', '--manifests', dir]);
  assert.equal(run.code, 3, run.err);
  assert.match(run.err, /manifests\.yaml:\d+:\d+: error INSTANCE_NAME_UNKNOWN no ACR Enterprise instance named "no-such-instance" in account acr \(1000000000000002\), region cn-hangzhou/);
  assert.deepEqual(writesOf(await emu.requests()), []);
});

test('plan warns once per ImageCache image whose ACR repository or tag does not exist, and still plans', async () => {
  const dir = exampleCopy('cross-account');
  editFile(join(dir, 'manifests.yaml'), (t) =>
    t.replace('    - registry.acme.example/eci_test/nginx:1.0\n', '    - registry.acme.example/eci_test/nginx:1.0\n    - registry.acme.example/eci_test/nginx:9.9\n    - registry.acme.example/eci_test/absent:1.0\n'),
  );
  const plan = await cli(emu, ['plan', '--manifests', dir]);
  assert.equal(plan.code, 0, plan.err);
  const lines = warnings(plan.err);
  assert.equal(lines.length, 2, plan.err);
  assert.match(lines[0]!, /ImageCache nginx-cross-account: image registry\.acme\.example\/eci_test\/nginx:9\.9: tag 9\.9 does not exist in repository eci_test\/nginx in ACR instance cri-aaaa0000000000001 \(account acr, cn-hangzhou\); the cache would end Failed/);
  assert.match(lines[1]!, /image registry\.acme\.example\/eci_test\/absent:1\.0: repository eci_test\/absent does not exist/);
  assert.match(plan.out, /nginx-cross-account/);
});

test('plan warns about a Personal Edition ImageCache image whose repository or tag does not exist in the declared namespace (GetRepoTags)', async () => {
  const dir = exampleCopy('cross-account');
  editFile(join(dir, 'manifests.yaml'), (t) =>
    t
      .replace(/    edition: Enterprise\n    instanceId: cri-aaaa0000000000001\n    regionId: cn-hangzhou\n    customDomains: \[registry\.acme\.example\]\n/, '    edition: Personal\n    regionId: cn-hangzhou\n    namespaces: [acme-shared]\n')
      .replace('    - registry.acme.example/eci_test/nginx:1.0\n', ['2.0', '9.9'].map((tag) => `    - registry.cn-hangzhou.aliyuncs.com/acme-shared/tools:${tag}\n`).join('') + '    - registry.cn-hangzhou.aliyuncs.com/acme-shared/absent:1.0\n'),
  );
  await clearRequests(emu);
  const plan = await cli(emu, ['plan', '--manifests', dir]);
  assert.equal(plan.code, 0, plan.err);
  const lines = warnings(plan.err);
  assert.equal(lines.length, 2, plan.err);
  assert.match(lines[0]!, /image registry\.cn-hangzhou\.aliyuncs\.com\/acme-shared\/tools:9\.9: tag 9\.9 does not exist in repository acme-shared\/tools in ACR Personal Edition namespace acme-shared \(account acr, cn-hangzhou\); the cache would end Failed/);
  assert.match(lines[1]!, /acme-shared\/absent:1\.0: repository acme-shared\/absent does not exist in ACR Personal Edition namespace acme-shared/);
  const reads = (await emu.requests()).filter((r) => r.service === 'cr').map((r) => `${r.action} ${r.statusCode}`);
  assert.deepEqual(reads.sort(), ['GetRepoTags 200', 'GetRepoTags 404'], 'one GetRepoTags per repository, signed and answered by the Personal Edition API');
});

test('an ACR account whose keys may not read ACR: exactly one line saying so, and the plan of the declared facts', async () => {
  const dir = exampleCopy('cross-account');
  editFile(join(dir, 'manifests.yaml'), (t) => t.replace('    - registry.acme.example/eci_test/nginx:1.0\n', '    - registry.acme.example/eci_test/nginx:1.0\n    - registry.acme.example/eci_test/nginx:9.9\n'));
  const withRights = await cli(emu, ['plan', '--manifests', dir]);
  const without = await cli(emu, ['plan', '--manifests', dir], { ACR_ACCESS_KEY_ID: NO_ACR.accessKeyId, ACR_ACCESS_KEY_SECRET: NO_ACR.accessKeySecret });
  assert.equal(without.code, 0, without.err);
  const lines = warnings(without.err);
  assert.equal(lines.length, 1, without.err);
  assert.match(lines[0]!, /ACR: account acr: its credentials may not read Container Registry \(NoPrivilege on ListInstanceDomain\); using the registry facts the manifests declare/);
  assert.equal(without.out, withRights.out, 'the plan is the one of the declared facts');
});
