import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountDoc, defaultDocument, policyDoc, startDaemon, waitFor } from './harness.js';

test('daemon: a new manifest file is applied within 5 s and an edit within 5 s', async () => {
  const d = await startDaemon({ files: { 'account.yaml': accountDoc() } });
  try {
    await waitFor(async () => (await d.get('/readyz')).status === 200, '/readyz after the first pass', 10_000);
    await d.write('p1.yaml', policyDoc('e2e-new'));
    const created = await waitFor(async () => (await d.policies()).find((p) => p.policyName === 'e2e-new'), 'the new policy');
    assert.deepEqual(defaultDocument(created).Statement[0].Action, ['cr:GetRepository']);
    await d.write('p1.yaml', policyDoc('e2e-new', 'cr:ListRepository'));
    await waitFor(async () => {
      const p = (await d.policies()).find((x) => x.policyName === 'e2e-new');
      return p && defaultDocument(p).Statement[0].Action[0] === 'cr:ListRepository';
    }, 'the edited policy document');
    const status = await d.json('/status');
    const entry = status.resources.find((r: { key: string }) => r.key.startsWith('policy/') && r.key.endsWith('/e2e-new'));
    assert.equal(entry.state, 'ready');
    assert.equal(entry.account, 'main');
    assert.ok(entry.lastApplied, `status records when e2e-new was applied: ${JSON.stringify(entry)}`);
    assert.match(d.output(), /"message":"resource changed"/);
  } finally {
    assert.equal(await d.stop(), 0);
  }
});

test('daemon: an invalid edit deletes nothing, /readyz reports it, and fixing the file recovers', async () => {
  const d = await startDaemon({ files: { 'account.yaml': accountDoc(), 'p.yaml': policyDoc('e2e-keep') }, args: ['--prune'] });
  try {
    await waitFor(async () => (await d.get('/readyz')).status === 200, 'ready', 10_000);
    assert.ok((await d.policies()).some((p) => p.policyName === 'e2e-keep'), 'e2e-keep was applied before its manifest goes bad');
    const passesBefore = await d.passes();
    await d.write('p.yaml', 'apiVersion: eci-acr-reconciler/v1alpha1\nkind: RamPolicy\nmetadata: {name: e2e-keep\n  spec: [broken');
    const notReady = await waitFor(async () => {
      const r = await d.get('/readyz');
      return r.status === 503 ? JSON.parse(r.text) : undefined;
    }, '/readyz to report the manifest error');
    assert.ok(notReady.manifestErrors.length > 0, `/readyz lists the manifest error: ${JSON.stringify(notReady)}`);
    assert.match(notReady.manifestErrors[0].file, /p\.yaml$/);
    assert.match((await d.get('/metrics')).text, /^eci_acr_reconciler_manifest_errors [1-9]\d*$/m);
    // A full pass over the broken files has finished (with the last valid state) and deleted nothing.
    await waitFor(async () => (await d.passes()) > passesBefore, 'the pass on the broken files');
    assert.ok((await d.policies()).some((p) => p.policyName === 'e2e-keep'), 'the policy must survive an invalid edit, even with --prune');
    await d.write('p.yaml', policyDoc('e2e-keep'));
    await waitFor(async () => (await d.get('/readyz')).status === 200, 'recovery after the fix');
    assert.equal((await d.json('/status')).manifests.valid, true);
  } finally {
    assert.equal(await d.stop(), 0);
  }
});

test('daemon: a burst of 50 file writes in one second leads to a single pass', async () => {
  // Passes are counted: no resync (30 s by default since issue 15) may add one under a slow machine.
  const d = await startDaemon({ files: { 'account.yaml': accountDoc() }, args: ['--resync', '10m'] });
  try {
    await waitFor(async () => (await d.get('/readyz')).status === 200, 'ready', 10_000);
    const before = await d.passes();
    for (let i = 0; i < 50; i++) {
      await d.write(`burst-${i % 5}.yaml`, policyDoc(`e2e-burst-${i % 5}`));
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitFor(async () => (await d.policies()).filter((p) => p.policyName.startsWith('e2e-burst-')).length === 5, 'the burst applied');
    await waitFor(async () => (await d.passes()) > before, 'the pass counted');
    // A sentinel change afterwards yields exactly one more pass: the burst counted once.
    await d.write('sentinel.yaml', policyDoc('e2e-sentinel'));
    await waitFor(async () => (await d.policies()).some((p) => p.policyName === 'e2e-sentinel'), 'the sentinel applied');
    await waitFor(async () => (await d.passes()) >= before + 2, 'the sentinel pass counted');
    assert.equal(await d.passes(), before + 2);
  } finally {
    assert.equal(await d.stop(), 0);
  }
});
