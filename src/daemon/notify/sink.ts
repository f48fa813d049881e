// One receiver (a --notify-url): a bounded queue drained by its own loop, so a receiver that is
// down or slow holds up neither the daemon nor the other receivers. Each POST has a timeout; a
// failed one (connection error, timeout, 5xx, 408, 429) is retried with capped exponential backoff
// by p-retry, the waits taken on the injected clock (as src/cloud/retry.ts does: p-retry itself can
// only setTimeout). When the queue is full the oldest waiting event is dropped and counted.
import pRetry, { AbortError } from 'p-retry';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';

export interface DeliveryPolicy {
  /** Per-request timeout. */
  timeoutMs: number;
  /** Events waiting per receiver, beyond which the oldest is dropped. */
  queueSize: number;
  /** Attempts per event, including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = { timeoutMs: 10_000, queueSize: 100, attempts: 8, baseDelayMs: 1_000, maxDelayMs: 60_000 };

export type DeliveryResult = 'sent' | 'failed' | 'dropped';

export interface SinkOptions {
  url: string;
  policy: DeliveryPolicy;
  clock: Clock;
  logger: Logger;
  count: (result: DeliveryResult) => void;
}

class RetryableDelivery extends Error {
  override name = 'DeliveryError';
}

/** A receiver's URL as logs may show it: a Slack webhook's path is its secret. */
export const receiverName = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
};

export class Sink {
  private readonly pending: string[] = [];
  private sending = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: SinkOptions) {}

  /** Queues a body; never waits. */
  push(body: string): void {
    const { policy, logger, count } = this.options;
    if (this.pending.length >= policy.queueSize) {
      // The head is being sent: drop the oldest event behind it.
      this.pending.splice(this.sending ? 1 : 0, 1);
      count('dropped');
      logger.warn('notification dropped: the receiver queue is full', { receiver: receiverName(this.options.url), queueSize: policy.queueSize });
    }
    this.pending.push(body);
    this.wake?.();
  }

  waiting(): number {
    return this.pending.length;
  }

  /** Delivers queued events in order until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const body = this.pending[0];
      if (body === undefined) {
        await this.idle(signal);
        continue;
      }
      this.sending = true;
      try {
        await this.deliver(body, signal);
        this.options.count('sent');
      } catch (error) {
        if (signal.aborted) return;
        this.options.count('failed');
        const message = error instanceof Error ? error.message : String(error);
        this.options.logger.warn('notification not delivered; dropped', { receiver: receiverName(this.options.url), error: message });
      } finally {
        this.sending = false;
      }
      this.pending.shift();
    }
  }

  private idle(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private deliver(body: string, signal: AbortSignal): Promise<void> {
    const { policy, clock } = this.options;
    return pRetry(() => this.post(body, signal), {
      retries: Math.max(0, policy.attempts - 1),
      minTimeout: 0,
      maxTimeout: 0,
      randomize: false,
      signal,
      onFailedAttempt: async ({ attemptNumber, retriesLeft }) => {
        if (retriesLeft <= 0) return;
        await clock.sleep(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1)), signal);
      },
    });
  }

  /** One POST, aborted after the timeout (on the clock) or when the daemon stops. */
  private async post(body: string, stop: AbortSignal): Promise<void> {
    const { url, policy, clock } = this.options;
    const attempt = new AbortController();
    const timer = new AbortController();
    void clock.sleep(policy.timeoutMs, timer.signal).then(
      () => attempt.abort(new RetryableDelivery(`no answer within ${policy.timeoutMs} ms`)),
      () => undefined,
    );
    const onStop = () => attempt.abort(stop.reason);
    stop.addEventListener('abort', onStop, { once: true });
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: attempt.signal }).catch((error: unknown) => {
        const reason = attempt.signal.reason instanceof RetryableDelivery ? attempt.signal.reason : error;
        throw new RetryableDelivery(reason instanceof Error ? `${reason.message}${causeOf(reason)}` : String(reason));
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      const failure = new RetryableDelivery(`HTTP ${response.status}`);
      // Other 4xx mean the request itself is wrong: sending it again cannot help.
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new AbortError(failure);
      throw failure;
    } finally {
      timer.abort();
      stop.removeEventListener('abort', onStop);
    }
  }
}

const causeOf = (error: Error): string => {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? ` (${code})` : '';
};
