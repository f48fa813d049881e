// The bodies POSTed to a receiver. Every text passes through the same redaction as the logs: an
// error message may quote a request URL whose query holds a signature or token (the SDKs put the failed request URL in their error messages).
import { redactText, redactValue } from '../../runtime/redact.js';
import type { NotificationEvent } from './types.js';

export type NotifyFormat = 'json' | 'slack';
export const notifyFormats: readonly NotifyFormat[] = ['json', 'slack'];

const ICON: Record<NotificationEvent['severity'], string> = { error: ':red_circle:', warning: ':warning:', info: ':large_green_circle:' };

/** One Slack mrkdwn line per field that is present, after a title line. */
function slackText(event: NotificationEvent): string {
  const title = `${ICON[event.severity]} *eci-acr-reconciler: ${event.type}*${event.reminder ? ' (reminder: still happening)' : ''}`;
  const fields: [string, string | undefined][] = [
    ['resource', event.resource],
    ['account', event.account],
    ['code', event.code],
    ['RequestId', event.requestId],
    ['where', event.location],
    ['revision', event.revision],
    ['since', event.since],
  ];
  const lines = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `*${k}:* \`${v}\``);
  if (event.detail) lines.push(`> ${event.detail.replace(/\n/g, ' ')}`);
  return [title, ...lines].join('\n');
}

/** The request body for `format`: the event as JSON, or a Slack incoming-webhook message. */
export function notificationBody(event: NotificationEvent, format: NotifyFormat): string {
  const safe = redactValue(event) as NotificationEvent;
  if (format === 'slack') return JSON.stringify({ text: redactText(slackText(safe)) });
  return JSON.stringify(safe);
}
