// The daemon's DaemonEvents when notifications are on (and the log line when they are not): a
// problem is notified once per episode and reminded every `reminderMs` while it lasts; every event
// sent is also one winston log line with the same fields. Sending is only queueing: delivery runs
// in each receiver's own loop (sink.ts), so a receiver can never delay or fail a pass.
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { Episodes } from './episodes.js';
import { notificationBody, type NotifyFormat } from './format.js';
import { Sink, type DeliveryPolicy, type DeliveryResult } from './sink.js';
import { severityOf, subjectOf, type DaemonEvents, type EventFacts, type NotificationEvent, type NotificationType } from './types.js';

export interface NotifierOptions {
  urls: readonly string[];
  format: NotifyFormat;
  reminderMs: number;
  policy: DeliveryPolicy;
  clock: Clock;
  logger: Logger;
  /** Counts each delivery's result (the daemon's notifications_total). */
  count?: (result: DeliveryResult) => void;
}

export class Notifier implements DaemonEvents {
  private readonly episodes: Episodes;
  private readonly sinks: Sink[];

  constructor(private readonly options: NotifierOptions) {
    this.episodes = new Episodes(options.clock, options.reminderMs);
    const count = options.count ?? (() => undefined);
    this.sinks = options.urls.map((url) => new Sink({ url, policy: options.policy, clock: options.clock, logger: options.logger, count }));
  }

  /** Runs every receiver's delivery loop until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.run(signal)));
  }

  /** Events waiting for delivery, over all receivers. */
  waiting(): number {
    return this.sinks.reduce((n, sink) => n + sink.waiting(), 0);
  }

  problem(facts: EventFacts): void {
    const sighting = this.episodes.seen(`${facts.type}\0${subjectOf(facts)}`);
    if (!sighting.notify) return;
    this.emit({ ...facts, since: new Date(sighting.since).toISOString(), ...(sighting.reminder ? { reminder: true } : {}) });
  }

  resolved(type: NotificationType, subject: string): boolean {
    return this.episodes.close(`${type}\0${subject}`);
  }

  happened(facts: EventFacts): void {
    this.emit(facts);
  }

  private emit(facts: EventFacts & Partial<NotificationEvent>): void {
    const event: NotificationEvent = { ...facts, severity: severityOf[facts.type], time: new Date(this.options.clock.now()).toISOString() };
    const { type, ...fields } = event;
    this.options.logger[event.severity === 'info' ? 'info' : 'warn'](type, { event: type, ...fields });
    if (this.sinks.length === 0) return;
    const body = notificationBody(event, this.options.format);
    for (const sink of this.sinks) sink.push(body);
  }
}
