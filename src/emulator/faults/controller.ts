// The emulator's fault layer: deterministic injected errors, one-shot rules, rate limits and
// added latency. The server asks `decide` once per verified call, before the action runs.
import type { CallFacts, FaultDecision, FaultInjector } from '../contracts.js';
import { CONNECTION_RESET, emptyFaultConfig, parseFaultConfig, type FaultConfig, type FaultRule } from './config.js';
import { mulberry32 } from './prng.js';
import { RateLimiter } from './rate-limiter.js';

export const THROTTLING_CODE = 'Throttling.User';
export const RETRY_AFTER_HEADER = 'x-acs-retry-after';

/** Limits published by Alibaba: what a benchmark should configure. */
export const DOCUMENTED_RATE_LIMITS = [
  { service: 'eci', action: 'CreateImageCache', limit: 200, intervalMs: 60_000 },
  { service: 'sts', action: 'AssumeRole', limit: 100, intervalMs: 1_000 },
  { service: 'eci', action: 'CreateContainerGroup', limit: 1000, intervalMs: 60_000 },
  { service: 'eci', action: 'DeleteContainerGroup', limit: 1000, intervalMs: 60_000 },
  { service: 'eci', action: 'DescribeContainerGroups', limit: 2000, intervalMs: 60_000 },
] as const;

interface ActiveRule {
  rule: FaultRule;
  remaining: number | null;
}

export class FaultController implements FaultInjector {
  private config: FaultConfig = emptyFaultConfig();
  private rules: ActiveRule[] = [];
  private random: () => number = mulberry32(1);
  private limiter = new RateLimiter([]);

  constructor(private readonly wallNow: () => number = Date.now) {}

  /** Replaces the whole configuration (PUT semantics); throws FaultConfigError on a bad document. */
  configure(input: unknown): FaultConfig {
    const config = parseFaultConfig(input);
    this.config = config;
    this.rules = config.rules.map((rule) => ({ rule, remaining: rule.times }));
    this.random = mulberry32(config.seed);
    this.limiter = new RateLimiter(config.rateLimits);
    return config;
  }

  clear(): void {
    this.configure(undefined);
  }

  /** The configuration in force (admin replies and GET /_emulator/state). */
  current(): FaultConfig {
    return this.config;
  }

  snapshot(): FaultConfig {
    return this.config;
  }

  // The emulated `nowMs` is deliberately unused: limits and latency are about real arrival times.
  decide(call: CallFacts, _nowMs?: number): FaultDecision | null {
    const base = this.config.latencyMs;
    const verdict = this.limiter.take(call, this.wallNow());
    if (!verdict.allowed) {
      return {
        kind: 'error',
        code: THROTTLING_CODE,
        statusCode: 400,
        delayMs: base,
        headers: { [RETRY_AFTER_HEADER]: String(verdict.retryAfterMs) },
      };
    }
    const fired = this.fireRule(call);
    if (fired) return withLatency(fired, base);
    return base > 0 ? { kind: 'delay', delayMs: base } : null;
  }

  /** The first matching rule whose dice roll succeeds decides; rules are consulted in order. */
  private fireRule(call: CallFacts): FaultDecision | null {
    for (const active of this.rules) {
      const { rule } = active;
      if (!ruleMatches(rule, call) || active.remaining === 0) continue;
      if (active.remaining !== null) active.remaining -= 1;
      // Draw only for probabilistic rules, so adding a certain rule does not shift the sequence.
      if (rule.probability < 1 && this.random() >= rule.probability) continue;
      return toDecision(rule);
    }
    return null;
  }
}

function ruleMatches(rule: FaultRule, call: CallFacts): boolean {
  return (rule.service === undefined || rule.service === call.service) && (rule.action === undefined || rule.action === call.action);
}

function toDecision(rule: FaultRule): FaultDecision {
  if (rule.code === undefined) return { kind: 'delay', delayMs: rule.delayMs };
  if (rule.code === CONNECTION_RESET) return { kind: 'drop', delayMs: rule.delayMs };
  return { kind: 'error', code: rule.code, statusCode: rule.statusCode, delayMs: rule.delayMs };
}

function withLatency(decision: FaultDecision, latencyMs: number): FaultDecision {
  return { ...decision, delayMs: decision.delayMs + latencyMs };
}
