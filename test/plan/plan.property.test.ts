import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diff } from '../../src/plan/diff.js';
import { plan } from '../../src/plan/plan.js';
import { simulate } from './simulate.js';
import type { Step } from '../../src/plan/steps.js';
import type { ObservedState } from '../../src/plan/observed-state.js';
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

const anyText = fc.oneof(fc.string(), fc.constantFrom('Ready', 'Failed', 'UpdateFailed', 'managed-by', 'eci-acr-reconciler', 'ImageCache/cache-a', '__proto__', 'v1', ''));
const wildObserved = fc.record({
  accounts: fc.array(
    fc.record({
      accountName: fc.constantFrom('eci', 'acr'),
      accountId: fc.constantFrom('1000000000000001', '1000000000000002'),
      roles: fc.array(fc.record({ roleName: anyText, arn: anyText, description: anyText, maxSessionDuration: fc.integer(), tags: fc.dictionary(anyText, anyText), trustDocument: anyText, attachedPolicies: fc.array(fc.record({ policyType: fc.constantFrom('System' as const, 'Custom' as const), policyName: anyText })) })),
      policies: fc.array(fc.record({ policyName: anyText, description: anyText, defaultVersion: anyText, tags: fc.dictionary(anyText, anyText), versions: fc.array(fc.record({ versionId: anyText, isDefault: fc.boolean(), createDate: anyText, document: anyText })) })),
      regions: fc.array(anyText),
      imageCaches: fc.array(fc.record({ regionId: anyText, imageCacheId: anyText, imageCacheName: anyText, status: anyText, images: fc.array(anyText), imageCacheSize: fc.integer(), tags: fc.dictionary(anyText, anyText), events: fc.array(fc.record({ type: anyText, reason: anyText, message: anyText })) })),
    }),
    { maxLength: 3 },
  ),
});

test('the diff and plan never throw on arbitrary observed strings, tags and statuses; every step belongs to a diff', () => {
  fc.assert(
    fc.property(desiredState, wildObserved, fc.boolean(), (desired, observed, prune) => {
      const p = plan(desired, observed, { prune, maxDeletes: 3 });
      const keys = new Set(p.diffs.map((d) => d.key));
      assert.ok(p.steps.every((s) => keys.has(s.key)), 'every step belongs to a diff of the plan');
    }),
    { numRuns: 300 },
  );
});

/** The observed resource a step writes to, if it exists: by name for RAM, by ID for caches. */
function targetTags(observed: ObservedState, step: Step): Record<string, string> | undefined {
  const account = observed.accounts.find((a) => a.accountName === step.accountName);
  if (account === undefined) return undefined;
  if ('roleName' in step) return account.roles.find((r) => r.roleName === step.roleName)?.tags;
  if ('policyName' in step) return account.policies.find((p) => p.policyName === step.policyName)?.tags;
  if (step.op === 'tag') return (step.resourceType === 'role' ? account.roles.find((r) => r.roleName === step.name) : account.policies.find((p) => p.policyName === step.name))?.tags;
  if ('imageCacheId' in step) return account.imageCaches.find((c) => c.imageCacheId === step.imageCacheId)?.tags;
  return undefined;
}

test('ownership scopes: no step ever writes to a resource carrying another manifest set\'s owner tag, and none deletes an unclaimed one', () => {
  fc.assert(
    fc.property(desiredState, observedState, fc.boolean(), (desired, observed, prune) => {
      const p = plan(desired, observed, { prune, maxDeletes: Number.MAX_SAFE_INTEGER });
      for (const step of p.steps) {
        const tags = targetTags(observed, step);
        const owner = tags?.['eci-acr-reconciler.owner'];
        const own = desired.accounts.find((a) => a.name === step.accountName)?.ownerId;
        assert.ok(owner === undefined || owner === own, `${step.op} ${step.key} writes to a resource owned by ${owner} (this set is ${own})`);
        const deletes = step.op === 'delete-role' || step.op === 'delete-policy' || step.op === 'delete-image-cache';
        const unclaimed = tags !== undefined && tags['managed-by'] === 'eci-acr-reconciler' && owner === undefined;
        const declared = step.op === 'delete-image-cache' ? p.diffs.some((d) => d.key === step.key && d.action !== 'delete') : false;
        assert.ok(!(deletes && unclaimed && !declared), `${step.op} ${step.key} deletes an unclaimed resource no manifest declares`);
      }
    }),
    { numRuns: 300 },
  );
});
