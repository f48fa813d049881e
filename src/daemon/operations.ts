// The daemon's operator-facing options of issue 16: notifications, the admin (write) endpoints,
// liveness and the manifests' revision. Kept apart from DaemonSettings so each arrives checked
// (src/cli/operations-settings.ts reads the flags) and tests can build them directly.
import type { NotifyFormat } from './notify/format.js';
import { defaultDeliveryPolicy, type DeliveryPolicy } from './notify/sink.js';

export interface NotifySettings {
  urls: string[];
  format: NotifyFormat;
  /** A problem still there after this long is notified again (0: never). */
  reminderMs: number;
  policy: DeliveryPolicy;
}

export interface DaemonOperations {
  /** /healthz fails after the loop has work and has not moved for this long. */
  livenessTimeoutMs: number;
  /** The bearer token of POST /reconcile; the write endpoints are off (404) without it. */
  adminToken?: string;
  notify?: NotifySettings;
}

export const DEFAULT_LIVENESS_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_REMINDER_MS = 60 * 60_000;

export const defaultOperations: DaemonOperations = { livenessTimeoutMs: DEFAULT_LIVENESS_TIMEOUT_MS };

export const notifySettings = (urls: string[], overrides: Partial<Omit<NotifySettings, 'urls'>> = {}): NotifySettings => ({
  urls,
  format: 'json',
  reminderMs: DEFAULT_REMINDER_MS,
  policy: defaultDeliveryPolicy,
  ...overrides,
});
