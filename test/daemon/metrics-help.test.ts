// A metric's help text names the values its label takes (issue 17 item 6: cloud_api_calls_total said
// "success or the error class" while the adapter counts ok, throttled and error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callOutcomes } from '../../src/cloud/alibaba/call.js';
import { createMetrics } from '../../src/daemon/metrics.js';

test('17.6: the help of cloud_api_calls_total lists exactly the outcomes the adapter reports', async () => {
  const metrics = createMetrics({ processMetrics: false });
  const help = (await metrics.registry.getSingleMetric('eci_acr_reconciler_cloud_api_calls_total')!.get()).help;
  const listed = /outcome \(([^;)]*)/.exec(help)?.[1]?.split(', ');
  assert.deepEqual(listed, [...callOutcomes], help);
  assert.deepEqual([...callOutcomes].sort(), ['error', 'ok', 'throttled'], 'the values README.md documents for the outcome label');
});
