import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultController, RETRY_AFTER_HEADER } from '../../../src/emulator/faults/controller.js';
import { FaultConfigError, parseFaultConfig } from '../../../src/emulator/faults/config.js';
import type { CallFacts, FaultDecision } from '../../../src/emulator/contracts.js';

const create: CallFacts = { service: 'eci', action: 'CreateImageCache', accountId: 'A' };
const roleCall: CallFacts = { service: 'ram', action: 'CreateRole', accountId: 'A' };

function run(controller: FaultController, call: CallFacts, n: number): (FaultDecision | null)[] {
  return Array.from({ length: n }, () => controller.decide(call, 0));
}

test('without configuration every call passes untouched (no default throttling)', () => {
  const controller = new FaultController();
  assert.deepEqual(run(controller, create, 500), Array(500).fill(null));
});

test('a probabilistic rule fires at about its rate and identically for the same seed', () => {
  const config = { seed: 7, rules: [{ service: 'eci', action: 'CreateImageCache', probability: 0.3, code: 'Throttling.User' }] };
  const a = new FaultController();
  a.configure(config);
  const b = new FaultController();
  b.configure(config);
  const first = run(a, create, 1000);
  assert.deepEqual(run(b, create, 1000), first);
  const fired = first.filter((d) => d?.kind === 'error').length;
  assert.ok(fired > 250 && fired < 350, `fired ${fired} of 1000`);
  assert.deepEqual(first.find((d) => d !== null), { kind: 'error', code: 'Throttling.User', statusCode: 400, delayMs: 0 });
});

test('a different seed gives a different sequence', () => {
  const one = new FaultController();
  one.configure({ seed: 1, rules: [{ probability: 0.5, code: 'InternalError' }] });
  const two = new FaultController();
  two.configure({ seed: 2, rules: [{ probability: 0.5, code: 'InternalError' }] });
  assert.notDeepEqual(run(one, create, 64), run(two, create, 64));
});

test('rules apply only to their service and action', () => {
  const controller = new FaultController();
  controller.configure({ rules: [{ service: 'eci', action: 'CreateImageCache', code: 'ServiceUnavailable' }] });
  assert.equal(controller.decide(roleCall, 0), null);
  assert.deepEqual(controller.decide(create, 0), { kind: 'error', code: 'ServiceUnavailable', statusCode: 503, delayMs: 0 });
});

test('a one-shot rule covers exactly the next N matching calls', () => {
  const controller = new FaultController();
  controller.configure({ rules: [{ action: 'CreateImageCache', code: 'InternalError', times: 2 }] });
  assert.equal(controller.decide(roleCall, 0), null);
  const decisions = run(controller, create, 4);
  assert.deepEqual(decisions.map((d) => d?.kind ?? 'pass'), ['error', 'error', 'pass', 'pass']);
  assert.equal(decisions[0]?.kind === 'error' && decisions[0].statusCode, 500);
});

test('ConnectionReset drops the connection and a code-less rule only delays', () => {
  const controller = new FaultController();
  controller.configure({ rules: [{ service: 'ram', code: 'ConnectionReset', times: 1 }, { service: 'ram', delayMs: 250 }] });
  assert.deepEqual(controller.decide(roleCall, 0), { kind: 'drop', delayMs: 0 });
  assert.deepEqual(controller.decide(roleCall, 0), { kind: 'delay', delayMs: 250 });
});

test('latencyMs is added to every call, including faulted ones', () => {
  const controller = new FaultController();
  controller.configure({ latencyMs: 40, rules: [{ action: 'CreateRole', code: 'InternalError', delayMs: 10 }] });
  assert.deepEqual(controller.decide(create, 0), { kind: 'delay', delayMs: 40 });
  assert.deepEqual(controller.decide(roleCall, 0), { kind: 'error', code: 'InternalError', statusCode: 500, delayMs: 50 });
});

test('a rate limit answers Throttling.User with a retry-after in milliseconds, per account, refilling on the wall clock', () => {
  let wall = 1_000_000;
  const controller = new FaultController(() => wall);
  controller.configure({ rateLimits: [{ service: 'eci', action: 'CreateImageCache', limit: 200, intervalMs: 60_000 }] });
  assert.deepEqual(run(controller, create, 200), Array(200).fill(null));
  const refused = controller.decide(create, 0);
  assert.equal(refused?.kind, 'error');
  assert.ok(refused?.kind === 'error', 'the call past the quota is refused with an error');
  assert.equal(refused.code, 'Throttling.User');
  assert.equal(refused.statusCode, 400);
  assert.equal(refused.headers?.[RETRY_AFTER_HEADER], '300');
  assert.equal(controller.decide({ ...create, accountId: 'B' }, 0), null, 'another account has its own bucket');
  assert.equal(controller.decide({ ...create, action: 'DescribeImageCaches' }, 0), null, 'other actions are not limited');
  wall += 300;
  assert.equal(controller.decide(create, 0), null, 'one token refilled after retry-after');
  assert.equal(controller.decide(create, 0)?.kind, 'error');
});

test('the emulated clock does not refill rate limits', () => {
  const controller = new FaultController(() => 5);
  controller.configure({ rateLimits: [{ action: 'AssumeRole', limit: 1, intervalMs: 1000 }] });
  const call: CallFacts = { service: 'sts', action: 'AssumeRole', accountId: 'A' };
  assert.equal(controller.decide(call, 0), null);
  assert.equal(controller.decide(call, 10_000_000)?.kind, 'error');
});

test('clear removes every rule and limit', () => {
  const controller = new FaultController();
  controller.configure({ rules: [{ code: 'InternalError' }], rateLimits: [{ limit: 1 }] });
  controller.clear();
  assert.deepEqual(run(controller, create, 5), Array(5).fill(null));
});

test('bad configurations are rejected with a message naming the field', () => {
  assert.throws(() => parseFaultConfig({ rules: [{ probability: 2, code: 'X' }] }), /faults\.rules\[0\]\.probability/);
  assert.throws(() => parseFaultConfig({ rules: [{ service: 'ecs', code: 'X' }] }), /faults\.rules\[0\]\.service/);
  assert.throws(() => parseFaultConfig({ rules: [{ action: 'X' }] }), /needs a code or a delayMs/);
  assert.throws(() => parseFaultConfig({ rateLimits: [{ action: 'X' }] }), FaultConfigError);
  assert.throws(() => parseFaultConfig([]), /faults must be an object/);
});

test('a rate limit without an action is one bucket shared by all actions of the service', () => {
  const controller = new FaultController(() => 0);
  controller.configure({ rateLimits: [{ service: 'ram', limit: 2, intervalMs: 1000 }] });
  assert.equal(controller.decide(roleCall, 0), null);
  assert.equal(controller.decide({ ...roleCall, action: 'GetRole' }, 0), null);
  assert.equal(controller.decide({ ...roleCall, action: 'ListRoles' }, 0)?.kind, 'error');
  assert.equal(controller.decide(create, 0), null, 'other services are not limited');
});

test('a refused call consumes no token from the other limits it falls under', () => {
  let wall = 0;
  const controller = new FaultController(() => wall);
  controller.configure({ rateLimits: [{ service: 'eci', limit: 10, intervalMs: 1000 }, { action: 'CreateImageCache', limit: 1, intervalMs: 1000 }] });
  assert.equal(controller.decide(create, 0), null);
  for (let i = 0; i < 5; i++) assert.equal(controller.decide(create, 0)?.kind, 'error');
  const describe: CallFacts = { ...create, action: 'DescribeImageCaches' };
  assert.deepEqual(run(controller, describe, 9), Array(9).fill(null), 'the service bucket still holds 9 tokens');
  assert.equal(controller.decide(describe, 0)?.kind, 'error');
});
