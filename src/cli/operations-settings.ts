// Readers of the daemon's issue-16 flags (notifications, admin endpoint, liveness): checked values
// or one UsageError line naming the flag, as setting-values.ts does for the others.
import { AdminTokenError, readAdminToken } from '../daemon/reconcile-now.js';
import { notifyFormats, type NotifyFormat } from '../daemon/notify/format.js';
import { defaultDeliveryPolicy } from '../daemon/notify/sink.js';
import { notifySettings, type DaemonOperations, type NotifySettings } from '../daemon/operations.js';
import { resolve } from 'node:path';
import { UsageError } from './io.js';
import { countSetting, durationSetting, givenText, settingText } from './setting-values.js';
import { setting, type Values } from './settings.js';

function notifyUrls(values: Values, env: Record<string, string | undefined>): string[] {
  const given = values['notify-url'];
  const urls = Array.isArray(given) ? given : [env[setting('notify-url').env!]].filter((u): u is string => u !== undefined && u !== '');
  for (const url of urls) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    // The URL itself is not repeated: a Slack webhook's path is its secret.
    if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') throw new UsageError('--notify-url must be an http:// or https:// URL');
  }
  return urls;
}

function notifyFormat(values: Values): NotifyFormat {
  const text = settingText(values, 'notify-format');
  if (!notifyFormats.includes(text as NotifyFormat)) throw new UsageError(`--notify-format must be ${notifyFormats.join(' or ')}, not "${text}"`);
  return text as NotifyFormat;
}

function notifyFrom(values: Values, env: Record<string, string | undefined>): NotifySettings | undefined {
  const urls = notifyUrls(values, env);
  const format = notifyFormat(values);
  const reminderMs = durationSetting(values, 'notify-reminder');
  const timeoutMs = durationSetting(values, 'notify-timeout', { min: 100 });
  const queueSize = countSetting(values, 'notify-queue', 1, 100_000);
  if (urls.length === 0) return undefined;
  return notifySettings(urls, { format, reminderMs, policy: { ...defaultDeliveryPolicy, timeoutMs, queueSize } });
}

export function operationsSettings(values: Values, env: Record<string, string | undefined>, cwd: string): DaemonOperations {
  const tokenFile = givenText(values, 'admin-token-file');
  let adminToken: string | undefined;
  try {
    adminToken = tokenFile === undefined ? undefined : readAdminToken(resolve(cwd, tokenFile));
  } catch (error) {
    if (error instanceof AdminTokenError) throw new UsageError(error.message);
    throw error;
  }
  const notify = notifyFrom(values, env);
  return {
    livenessTimeoutMs: durationSetting(values, 'liveness-timeout', { min: 1_000 }),
    ...(adminToken !== undefined ? { adminToken } : {}),
    ...(notify ? { notify } : {}),
  };
}
