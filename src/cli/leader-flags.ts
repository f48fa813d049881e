// The --leader-elect flags (settings.ts) turned into LeaderElectionSettings, or undefined when
// leader election is off: on by default in a Kubernetes pod, off elsewhere; the flag or
// ECI_ACR_RECONCILER_LEADER_ELECT=true|false decides instead.
import { timingProblem } from '../daemon/leader/elector.js';
import { defaultIdentity, inKubernetes, podNamespace, type LeaderElectionSettings, type PodFacts } from '../daemon/leader/settings.js';
import { UsageError } from './io.js';
import type { DaemonSettings } from '../daemon/settings.js';
import { daemonSettings, durationSetting, flagOn, settingText } from './setting-values.js';
import { setting, type Values } from './settings.js';

export function leaderElectionSetting(values: Values, facts: PodFacts): LeaderElectionSettings | undefined {
  if (!leaderElectOn(values, facts)) return undefined;
  const { env } = facts;
  const timing = {
    leaseDurationMs: durationSetting(values, 'lease-duration', { env }),
    renewDeadlineMs: durationSetting(values, 'renew-deadline', { env }),
    retryPeriodMs: durationSetting(values, 'retry-period', { env, min: 1 }),
  };
  const problem = timingProblem(timing);
  if (problem) throw new UsageError(`--lease-duration/--renew-deadline/--retry-period: ${problem}`);
  const namespace = settingText(values, 'leader-elect-namespace', env) ?? podNamespace(facts);
  return {
    ...(namespace ? { namespace } : {}),
    lease: settingText(values, 'leader-elect-lease', env) ?? 'eci-acr-reconciler',
    identity: settingText(values, 'leader-elect-identity', env) ?? defaultIdentity(),
    timing,
  };
}

function leaderElectOn(values: Values, facts: PodFacts): boolean {
  if (flagOn(values, 'leader-elect')) return true;
  const name = setting('leader-elect').env!;
  const text = facts.env[name];
  if (text === undefined || text === '') return inKubernetes(facts);
  if (text === 'true' || text === 'false') return text === 'true';
  throw new UsageError(`${name} must be true or false, not "${text}"`);
}

/** The daemon's settings with leader election (`--leader-elect`), when it is on. */
export function daemonSettingsWithElection(values: Values, env: Record<string, string | undefined> = {}): DaemonSettings {
  const settings = daemonSettings(values, env);
  const leaderElection = leaderElectionSetting(values, { env });
  return leaderElection ? { ...settings, leaderElection } : settings;
}
