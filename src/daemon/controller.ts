// The work loop. A reconciler gets only a key and returns its outcome as data; exactly one switch
// below interprets it (backoff, scheduled requeue, no retry), counts each branch, and recovers
// throws. Everything else in the daemon only adds keys to the queue.
import type { Requeue } from '../engine/requeue.js';
import type { Logger } from '../runtime/logger.js';
import type { ReconcileResult } from './metrics.js';
import type { WorkQueue } from './work-queue.js';

export type Outcome = (
  /** Converged: the key's backoff is reset and it waits for the next trigger. */
  | { kind: 'success' }
  /** Not failed, but not settled (an image cache still Creating): look again after `afterMs`. */
  | { kind: 'requeueAfter'; afterMs: number }
  /** Failed, may succeed later: retried with per-key exponential backoff. */
  | { kind: 'error'; error: unknown }
  /** Failed in a way retrying cannot fix (validation, permission): waits for a change or resync. */
  | { kind: 'terminal'; error: unknown }
) &
  // The kinds are the engine's requeue decisions (src/engine/requeue.ts) with their payload: one vocabulary.
  { kind: Requeue };

export type Reconciler = (key: string) => Promise<Outcome>;

export interface ControllerOptions {
  queue: WorkQueue;
  reconcile: Reconciler;
  /** Maximum keys reconciled at once. */
  concurrency: number;
  logger: Logger;
  count: (result: ReconcileResult) => void;
  /** Sees every interpreted outcome, after the switch (status bookkeeping). */
  observe?: (key: string, result: ReconcileResult, outcome: Outcome) => void;
}

export class Controller {
  constructor(private readonly options: ControllerOptions) {}

  /** Runs the workers until the queue is shut down and every in-flight key has finished. */
  async start(signal: AbortSignal): Promise<void> {
    const { queue } = this.options;
    const onAbort = () => queue.shutDown();
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const workers = Array.from({ length: Math.max(1, this.options.concurrency) }, () => this.worker());
    await Promise.all(workers);
    signal.removeEventListener('abort', onAbort);
  }

  private async worker(): Promise<void> {
    const { queue } = this.options;
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      try {
        await this.processOne(key);
      } finally {
        queue.done(key);
      }
    }
  }

  private async processOne(key: string): Promise<void> {
    let outcome: Outcome;
    let panicked = false;
    try {
      outcome = await this.options.reconcile(key);
    } catch (error) {
      // A throw is a bug in a reconciler, not a cloud failure; recovered here, once, and retried.
      panicked = true;
      outcome = { kind: 'error', error };
    }
    this.interpret(key, outcome, panicked);
  }

  /**
   * The one place an outcome becomes queue behaviour and a metric. A full pass reports the
   * outcome of every key it visited through here too, so its failures get the same backoff.
   */
  interpret(key: string, outcome: Outcome, panicked = false): void {
    const { queue, logger } = this.options;
    let result: ReconcileResult;
    switch (outcome.kind) {
      case 'success':
        queue.forget(key);
        result = 'success';
        break;
      case 'requeueAfter':
        queue.forget(key);
        queue.addAfter(key, outcome.afterMs);
        result = 'requeue_after';
        break;
      case 'error': {
        const retryInMs = queue.addRateLimited(key);
        result = panicked ? 'panic' : 'error';
        const meta = { key, retryInMs, failures: queue.failuresOf(key), error: outcome.error };
        if (panicked) logger.error('reconcile threw; recovered and requeued with backoff', meta);
        else logger.debug('reconcile failed; requeued with backoff', meta);
        break;
      }
      case 'terminal':
        queue.forget(key);
        result = 'terminal_error';
        break;
    }
    this.options.count(result);
    this.options.observe?.(key, result, outcome);
  }
}
