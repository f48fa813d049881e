// The rate limits and latency the benchmark runs the emulator with, and the model divides by.
// Alibaba publishes only two of the limits that matter here; the others
// are stated assumptions, chosen on the conservative side so that a reconciler that stays under
// them would stay under the real ones too (§10 #30: the real values are unconfirmed).

export type Service = 'ram' | 'sts' | 'eci';

/** One token bucket per account: `limit` calls per `intervalMs`, shared by the actions it covers. */
export interface RateLimitSpec {
  service: Service;
  /** Absent: every action of the service shares the bucket. */
  action?: string;
  limit: number;
  intervalMs: number;
  source: 'documented' | 'assumed';
  why: string;
}

export const DEFAULT_LATENCY_MS = 20;

export const DEFAULT_RATE_LIMITS: readonly RateLimitSpec[] = [
  { service: 'eci', action: 'CreateImageCache', limit: 200, intervalMs: 60_000, source: 'documented', why: 'ECI limits page: 200 calls/min' },
  { service: 'sts', action: 'AssumeRole', limit: 100, intervalMs: 1_000, source: 'documented', why: 'RAM notice 2022-08-29: 100 requests/s per account' },
  { service: 'sts', action: 'GetCallerIdentity', limit: 100, intervalMs: 1_000, source: 'assumed', why: 'unpublished; taken equal to AssumeRole' },
  { service: 'ram', limit: 20, intervalMs: 1_000, source: 'assumed', why: 'unpublished; 20 calls/s per account over all RAM actions, deliberately low' },
  {
    service: 'eci',
    action: 'DescribeImageCaches',
    limit: 2000,
    intervalMs: 60_000,
    source: 'assumed',
    why: 'unpublished; taken equal to DescribeContainerGroups (2000/min)',
  },
  { service: 'eci', action: 'UpdateImageCache', limit: 500, intervalMs: 60_000, source: 'assumed', why: 'unpublished; taken equal to UpdateContainerGroup (500/min)' },
  { service: 'eci', action: 'DeleteImageCache', limit: 1000, intervalMs: 60_000, source: 'assumed', why: 'unpublished; taken equal to DeleteContainerGroup (1000/min)' },
];

export const ratePerSecond = (limit: RateLimitSpec): number => (limit.limit * 1000) / limit.intervalMs;

export function describeLimit(limit: RateLimitSpec): string {
  const per = limit.intervalMs === 1000 ? 's' : limit.intervalMs === 60_000 ? 'min' : `${limit.intervalMs} ms`;
  return `${limit.service}:${limit.action ?? '*'} ${limit.limit}/${per}`;
}

/** The body of PUT /_emulator/faults that makes the emulator enforce these limits with this latency. */
export function faultsBody(limits: readonly RateLimitSpec[], latencyMs: number): Record<string, unknown> {
  return {
    seed: 1,
    rules: [],
    latencyMs,
    rateLimits: limits.map(({ service, action, limit, intervalMs }) => ({ service, ...(action ? { action } : {}), limit, intervalMs })),
  };
}
