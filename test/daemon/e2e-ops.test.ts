import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as $Ram from '@alicloud/ram20150501';
import { ramClient } from '../helpers/sdk.js';
import { ROOT_A } from '../helpers/emulator.js';
import { accountDoc, defaultDocument, policyDoc, startDaemon, waitFor } from './harness.js';

test('daemon: emulator-side drift is corrected on the next resync', async () => {
  const d = await startDaemon({ files: { 'account.yaml': accountDoc(), 'p.yaml': policyDoc('e2e-drift') }, args: ['--resync', '1s'] });
  try {
    await waitFor(async () => (await d.policies()).some((p) => p.policyName === 'e2e-drift'), 'the policy', 10_000);
    // Someone edits the policy in the console: a new default version with a different document.
    const drifted = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['ram:*'], Resource: ['*'] }] });
    await ramClient(d.emulator.endpoint, ROOT_A).createPolicyVersion(
      new $Ram.CreatePolicyVersionRequest({ policyName: 'e2e-drift', policyDocument: drifted, setAsDefault: true }),
    );
    await waitFor(async () => {
      const p = (await d.policies()).find((x) => x.policyName === 'e2e-drift');
      return p && defaultDocument(p).Statement[0].Action[0] === 'cr:GetRepository';
    }, 'the drift corrected by a resync');
    // The pass records its outcomes when it returns, after re-reading what it wrote (issue 15): wait for it.
    await waitFor(async () => /^eci_acr_reconciler_drift_corrected_total\{kind="policy"\} [1-9]/m.test((await d.get('/metrics')).text), 'the correction counted');
    const metrics = (await d.get('/metrics')).text;
    assert.match(metrics, /^eci_acr_reconciler_drift_detected_total\{kind="policy"\} [1-9]/m);
    assert.match(metrics, /^eci_acr_reconciler_drift_corrected_total\{kind="policy"\} [1-9]/m);
  } finally {
    assert.equal(await d.stop(), 0);
  }
});

/** Minimal Prometheus text-format check: HELP/TYPE per family, every sample `name{labels} value`. */
function parsePrometheus(text: string): Map<string, { type: string; samples: string[] }> {
  const families = new Map<string, { type: string; samples: string[] }>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      families.set(type[1]!, { type: type[2]!, samples: [] });
      continue;
    }
    if (/^# HELP \w+ .+$/.test(line)) continue;
    const sample = /^(\w+?)(?:_bucket|_sum|_count)?(\{(?:\w+="(?:[^"\\]|\\.)*",?)*\})? (-?[\d.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    assert.ok(sample, `not a Prometheus sample line: ${line}`);
    const family = families.get(sample[1]!) ?? [...families.entries()].find(([name]) => line.startsWith(name))?.[1];
    assert.ok(family, `sample before its TYPE line: ${line}`);
    family.samples.push(line);
  }
  return families;
}

test('daemon: /metrics parses as Prometheus text and has the reconciler metrics', async () => {
  const d = await startDaemon({ files: { 'account.yaml': accountDoc(), 'p.yaml': policyDoc('e2e-metrics') } });
  try {
    await waitFor(async () => (await d.get('/readyz')).status === 200, 'ready', 10_000);
    const families = parsePrometheus((await d.get('/metrics')).text);
    const expected: Record<string, string> = {
      eci_acr_reconciler_reconcile_passes_total: 'counter',
      eci_acr_reconciler_reconcile_pass_duration_seconds: 'histogram',
      eci_acr_reconciler_reconcile_total: 'counter',
      eci_acr_reconciler_cloud_api_calls_total: 'counter',
      eci_acr_reconciler_cloud_api_retries_total: 'counter',
      eci_acr_reconciler_drift_detected_total: 'counter',
      eci_acr_reconciler_drift_corrected_total: 'counter',
      eci_acr_reconciler_resources: 'gauge',
      eci_acr_reconciler_last_successful_pass_timestamp_seconds: 'gauge',
      eci_acr_reconciler_manifest_errors: 'gauge',
    };
    for (const [name, type] of Object.entries(expected)) assert.equal(families.get(name)?.type, type, name);
    const calls = families.get('eci_acr_reconciler_cloud_api_calls_total')!.samples.join('\n');
    assert.match(calls, /service="ram",action="CreatePolicy",outcome="ok"\} 1$/m);
    assert.match(families.get('eci_acr_reconciler_reconcile_passes_total')!.samples.join('\n'), /result="success"\} [1-9]/);
    assert.match(families.get('eci_acr_reconciler_resources')!.samples.join('\n'), /state="ready"\} 1$/m);
    const last = families.get('eci_acr_reconciler_last_successful_pass_timestamp_seconds')!.samples[0]!;
    assert.ok(Math.abs(Number(last.split(' ')[1]) - Date.now() / 1000) < 60, `last successful pass timestamp is recent: ${last}`);
    assert.equal((await d.get('/healthz')).status, 200);
  } finally {
    assert.equal(await d.stop(), 0);
  }
});
