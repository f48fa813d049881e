import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { assertGolden } from './golden.js';

for (const example of ['cross-account', 'same-account-custom-domain', 'same-account-default-domain']) {
  test(`outputs for the ${example} example match the golden text`, async () => {
    const io = captureIo();
    assert.equal(await runCli(['outputs', '--manifests', `manifests/examples/${example}`], io), 0);
    assert.equal(io.err(), '');
    assertGolden(`outputs-${example}.txt`, io.out());
  });
}

test('outputs across regions: RegionId, region:cri-id annotations, Personal with the two ARNs alone, and "nothing to pass"', async () => {
  const io = captureIo();
  assert.equal(await runCli(['outputs', '--manifests', 'test/fixtures/manifests/cross-region'], io), 0);
  assertGolden('outputs-cross-region.txt', io.out());
  assert.match(io.err(), /warning LINT_UNRESTRICTED_SAME_ACCOUNT/);
});

test('outputs --output json carries the parameters and annotations as data', async () => {
  const io = captureIo();
  assert.equal(await runCli(['outputs', '--manifests', 'test/fixtures/manifests/cross-region', '--output', 'json'], io), 0);
  assertGolden('outputs-cross-region.json', io.out());
  const parsed = JSON.parse(io.out()) as { acrPullAccess: { name: string; annotations: Record<string, string>; acrRegistryInfo: unknown }[] };
  const enterprise = parsed.acrPullAccess.find((o) => o.name === 'beijing-enterprise');
  assert.equal(enterprise?.annotations['k8s.aliyun.com/acr-instance-ids'], 'cn-beijing:cri-bbbb0000000000001');
  assert.equal(parsed.acrPullAccess.find((o) => o.name === 'local-unrestricted')?.acrRegistryInfo, null);
});

test('outputs on invalid manifests prints diagnostics and exits 3', async () => {
  const io = captureIo();
  assert.equal(await runCli(['outputs', '--manifests', 'test/fixtures/manifests/invalid'], io), 3);
  assert.equal(io.out(), '');
  assert.match(io.err(), /error WRONG_TYPE/);
});
