// What the daemon tells operators about, as data. The daemon reports problems, their end, and
// one-off occurrences through DaemonEvents; the notifier (notifier.ts) decides what is sent: one
// event per episode of a problem, a reminder while it lasts, every occurrence.
export type NotificationType =
  | 'reconcile failed'
  | 'drift corrected'
  | 'prune refused'
  | 'manifests invalid'
  | 'manifests valid again'
  | 'credentials failing';

export const notificationTypes: readonly NotificationType[] = [
  'reconcile failed',
  'drift corrected',
  'prune refused',
  'manifests invalid',
  'manifests valid again',
  'credentials failing',
];

/** What the daemon knows about an event; the notifier adds time, severity and episode fields. */
export interface EventFacts {
  type: NotificationType;
  /** The resource key (`role/<uid>/<name>` …), when one resource is concerned. */
  resource?: string;
  /** The Account manifest name. */
  account?: string;
  /** Alibaba's error code and RequestId of the failed call. */
  code?: string;
  requestId?: string;
  /** What happened, in words (named `detail`, not `message`: the log line's message is the type). */
  detail?: string;
  /** The manifests' revision (`git:<commit>` or `sha256:<digest>`), see src/daemon/revision.ts. */
  revision?: string;
  /** Where a manifest problem is: `file:line:col`. */
  location?: string;
}

export interface NotificationEvent extends EventFacts {
  severity: 'error' | 'warning' | 'info';
  /** ISO time the event was raised. */
  time: string;
  /** For a problem: when its episode began; a reminder repeats it. */
  since?: string;
  /** True when the event repeats an ongoing episode after the reminder interval. */
  reminder?: boolean;
}

export interface DaemonEvents {
  /** A problem seen now; notified once per episode (and as a reminder while it lasts). */
  problem(facts: EventFacts): void;
  /** The problem `type` of `subject` is over; returns true when an episode was open. */
  resolved(type: NotificationType, subject: string): boolean;
  /** Something that happened once (a drift corrected): always notified. */
  happened(facts: EventFacts): void;
}

/** The episode a problem belongs to: one per type and resource (or account, or the whole daemon). */
export const subjectOf = (facts: EventFacts): string =>
  facts.type === 'credentials failing' ? (facts.account ?? '') : (facts.resource ?? '');

export const severityOf: Record<NotificationType, NotificationEvent['severity']> = {
  'reconcile failed': 'error',
  'drift corrected': 'info',
  'prune refused': 'error',
  'manifests invalid': 'error',
  'manifests valid again': 'info',
  'credentials failing': 'error',
};

/** Events go nowhere: the daemon without notifications configured. */
export const noEvents: DaemonEvents = { problem: () => undefined, resolved: () => false, happened: () => undefined };
