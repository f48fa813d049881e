// The quota share's figure (issue 15): during a background pass, the most calls one account made to
// one service within one second, as the emulator's request log saw them arrive, against what the
// client's background bucket allows (share × rate + share of the burst).
import { backgroundAllowance, DEFAULT_BACKGROUND_SHARE, defaultLimits } from '../src/cloud/limiter.js';
import type { LoggedRequest } from './admin.js';

type Service = keyof typeof defaultLimits;

export interface PeakRate {
  /** Most calls of one account to this service within one calendar second of the log's clock. */
  peak: number;
  /** Where the peak was (account id), or '-' when the window held no call. */
  accountId: string;
  /** What the background bucket admits in one second: ⌊share × rate + ⌈share × burst⌉⌋. */
  allowed: number;
}

export interface BackgroundRates {
  share: number;
  byService: Record<Service, PeakRate>;
  withinShare: boolean;
}

export function allowedPerSecond(service: Service, share = DEFAULT_BACKGROUND_SHARE): number {
  return backgroundAllowance(defaultLimits[service].rate, share);
}

/** Peaks per service over the calls that arrived in [fromMs, toMs]. */
export function backgroundRates(log: readonly LoggedRequest[], fromMs: number, toMs: number, share = DEFAULT_BACKGROUND_SHARE): BackgroundRates {
  const counts = new Map<string, number>();
  for (const r of log) {
    if (r.at === undefined || r.at < fromMs || r.at > toMs || !r.service) continue;
    const key = `${r.service} ${r.accountId ?? 'unknown'} ${Math.floor(r.at / 1000)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const services = Object.keys(defaultLimits) as Service[];
  const byService = Object.fromEntries(services.map((s) => [s, { peak: 0, accountId: '-', allowed: allowedPerSecond(s, share) }])) as Record<Service, PeakRate>;
  for (const [key, n] of counts) {
    const [service, accountId] = key.split(' ') as [Service, string];
    const entry = byService[service];
    if (entry && n > entry.peak) Object.assign(entry, { peak: n, accountId });
  }
  return { share, byService, withinShare: services.every((s) => byService[s].peak <= byService[s].allowed) };
}

export function describeRates(rates: BackgroundRates): string {
  const parts = Object.entries(rates.byService).map(([s, r]) => `${s} ${r.peak}/s (allowed ${r.allowed}${r.peak > 0 ? `, account ${r.accountId}` : ''})`);
  return `peak calls per account and second at a ${rates.share * 100} % share: ${parts.join(', ')}`;
}
