import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diff } from '../../src/plan/diff.js';
import { plan } from '../../src/plan/plan.js';
import { simulate } from '../../src/plan/simulate.js';
import { desiredState, observedState } from './arbitraries.js';

const options = fc.record({ prune: fc.boolean(), maxDeletes: fc.constant(Number.MAX_SAFE_INTEGER) });

test('plan(desired, simulate(observed, plan)) has no steps: one pass converges', () => {
  fc.assert(
    fc.property(desiredState, observedState, options, (desired, observed, opts) => {
      const first = plan(desired, observed, opts);
      fc.pre(first.refused === undefined);
      const second = plan(desired, simulate(observed, first), opts);
      assert.deepEqual(
        second.steps.map((s) => `${s.key} ${s.op}`),
        [],
        `second plan still has steps; reasons: ${JSON.stringify(second.diffs.filter((d) => d.reasons.length && d.action !== 'none').map((d) => [d.key, d.action, d.reasons]))}`,
      );
    }),
    { numRuns: 300 },
  );
});

test('the diff never throws and never mutates its inputs', () => {
  fc.assert(
    fc.property(desiredState, observedState, fc.boolean(), (desired, observed, prune) => {
      const before = JSON.stringify([desired, observed]);
      diff(desired, observed, { prune });
      plan(desired, observed, { prune, maxDeletes: 10 });
      assert.equal(JSON.stringify([desired, observed]), before);
    }),
    { numRuns: 300 },
  );
});
