// B1 against the emulator: a daemon whose prune the guard refuses reports a failed pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { accountDoc, policyDoc, startDaemon, waitFor } from './harness.js';

test('B1: a daemon pass whose prune the guard refused is a failed pass, its reason in /status, and /readyz 503', async () => {
  const files = { 'account.yaml': accountDoc(), 'keep.yaml': policyDoc('b1-keep'), 'gone-1.yaml': policyDoc('b1-gone-1'), 'gone-2.yaml': policyDoc('b1-gone-2') };
  const d = await startDaemon({ files, args: ['--prune', '--max-deletes', '1', '--prune-confirm', '500ms', '--resync', '10m'] });
  try {
    await waitFor(async () => (await d.policies()).filter((p) => p.policyName.startsWith('b1-')).length === 3, 'the three policies', 15_000);
    await waitFor(async () => (await d.get('/readyz')).status === 200, 'ready', 10_000);
    // Two manifests leave; the guard allows one deletion per pass, so it refuses the pass.
    await rm(join(d.dir, 'gone-1.yaml'));
    await rm(join(d.dir, 'gone-2.yaml'));
    const refused = await waitFor(async () => {
      const s = await d.json('/status');
      return s.lastPass?.error && /--max-deletes|more than/i.test(s.lastPass.error) ? s : undefined;
    }, 'a pass refused by the prune guard', 15_000);
    assert.equal(refused.lastPass.result, 'failure', `not success: ${JSON.stringify(refused.lastPass)}`);
    assert.equal(refused.prune.state, 'refused');
    const ready = await d.get('/readyz');
    assert.equal(ready.status, 503, 'not ready while the prune is refused');
    assert.match(ready.text, /prune refused/);
    assert.match((await d.get('/metrics')).text, /^eci_acr_reconciler_reconcile_passes_total\{result="failure"\} [1-9]\d*$/m);
    assert.equal((await d.policies()).filter((p) => p.policyName.startsWith('b1-')).length, 3, 'nothing was deleted');
  } finally {
    assert.equal(await d.stop(), 0);
  }
});
