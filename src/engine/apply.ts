// apply(plan): creation work as a dependency graph (schedule.ts: a resource's steps of a stage start
// once what they depend on is done), then the deletion stages one by one; resources run concurrently
// (the adapter limits the rate) and each resource's steps run in order. A failed step fails its
// resource; its later steps and the steps of resources that depend on it are skipped; unrelated
// resources carry on.
// Steps that consume something created earlier in this pass retry `not-found` with backoff on the
// injected clock: RAM is eventually consistent (ARCHITECTURE §5).
import type { CloudProvider } from '../cloud/provider.js';
import type { Plan } from '../plan/plan.js';
import type { ErrorInfo } from '../plan/observed-state.js';
import { describeStep, type Step } from '../plan/steps.js';
import type { Clock } from '../runtime/clock.js';
import { errorInfo, isNotFound } from './errors.js';
import { executeStep } from './execute.js';
import { phases, runPhase } from './schedule.js';

export type StepStatus = 'done' | 'failed' | 'skipped';

export interface StepEvent {
  step: Step;
  description: string;
  status: StepStatus;
  error?: ErrorInfo;
}

export interface KeyApplyResult {
  status: 'done' | 'failed' | 'skipped';
  error?: ErrorInfo;
  /** Why a resource was skipped: the dependency that did not converge. */
  reason?: string;
  /** The cache created by this pass, if any. */
  imageCacheId?: string;
  writes: number;
}

export interface ApplyOptions {
  provider: CloudProvider;
  clock: Clock;
  signal?: AbortSignal;
  /** Not-found retries of consumer steps (default 6 attempts, 250 ms doubling). */
  consistency?: { attempts: number; baseDelayMs: number };
  onStep?: (event: StepEvent) => void;
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<Map<string, KeyApplyResult>> {
  const results = new Map<string, KeyApplyResult>();
  const result = (key: string): KeyApplyResult => {
    let r = results.get(key);
    if (!r) results.set(key, (r = { status: 'done', writes: 0 }));
    return r;
  };
  // A resource that is in conflict or in a failed account never converges this pass: its dependents
  // (an attachment of its policy, a cache naming its ARN) are skipped, not run against someone else's.
  for (const d of plan.diffs) {
    if (d.action === 'conflict' || d.action === 'error') results.set(d.key, { status: 'failed', writes: 0, error: d.error ?? { message: d.reasons.join('; ') } });
  }
  for (const phase of phases(plan.steps)) {
    await runPhase(phase, (task) => runResource(task.steps, result(task.key), results, options));
  }
  return results;
}

async function runResource(steps: Step[], own: KeyApplyResult, all: Map<string, KeyApplyResult>, options: ApplyOptions): Promise<void> {
  for (const step of steps) {
    const description = describeStep(step);
    const blocker = own.status !== 'done' ? step.key : step.dependsOn.find((k) => all.get(k) !== undefined && all.get(k)!.status !== 'done');
    if (blocker !== undefined || options.signal?.aborted) {
      if (own.status === 'done') {
        own.status = 'skipped';
        own.reason = options.signal?.aborted ? 'the run was cancelled' : `depends on ${blocker}, which did not converge`;
      }
      options.onStep?.({ step, description, status: 'skipped' });
      continue;
    }
    try {
      const out = await withConsistencyRetry(step, options);
      own.writes += 1;
      if (out.imageCacheId) own.imageCacheId = out.imageCacheId;
      options.onStep?.({ step, description, status: 'done' });
    } catch (error) {
      own.status = 'failed';
      own.error = errorInfo(error);
      options.onStep?.({ step, description, status: 'failed', error: own.error });
    }
  }
}

async function withConsistencyRetry(step: Step, options: ApplyOptions) {
  const cloud = options.provider.account(step.accountName);
  const { attempts, baseDelayMs } = options.consistency ?? { attempts: 6, baseDelayMs: 250 };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await executeStep(cloud, step);
    } catch (error) {
      if (step.consumes.length === 0 || !isNotFound(error) || attempt >= attempts) throw error;
      await options.clock.sleep(baseDelayMs * 2 ** (attempt - 1), options.signal);
    }
  }
}
