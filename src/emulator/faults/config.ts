// The fault configuration, as sent to PUT /_emulator/faults or written under `faults:` in a seed.
// Parsed by hand (not with a schema library) because the shape is small and the messages must
// name the offending field for the person writing the seed.
import type { ServiceName } from '../contracts.js';

export interface FaultRule {
  service?: ServiceName;
  action?: string;
  /** Chance in [0, 1] that a matching call gets the fault; default 1. */
  probability: number;
  /** Error code to answer; absent = the rule only adds `delayMs`. `ConnectionReset` drops the connection. */
  code?: string;
  statusCode: number;
  delayMs: number;
  /** Only the next N matching calls are covered (each consumes one, whether or not it fired); null = forever. */
  times: number | null;
}

/** Token bucket per (account, service, action): `limit` calls per `intervalMs`, bursts up to `limit`. */
export interface RateLimit {
  service?: ServiceName;
  action?: string;
  limit: number;
  intervalMs: number;
}

export interface FaultConfig {
  seed: number;
  rules: FaultRule[];
  rateLimits: RateLimit[];
  /** Added to every call, on top of any rule's delay (for benchmarks that want a realistic round trip). */
  latencyMs: number;
}

export class FaultConfigError extends Error {
  override name = 'FaultConfigError';
}

export const CONNECTION_RESET = 'ConnectionReset';

const SERVICES: readonly string[] = ['ram', 'sts', 'eci', 'cr'];

/** Status codes the gateway uses for the injected fault codes (InternalError 500, ServiceUnavailable 503, else 400). */
export function defaultStatusFor(code: string): number {
  if (code === 'InternalError') return 500;
  if (code === 'ServiceUnavailable') return 503;
  return 400;
}

export function emptyFaultConfig(): FaultConfig {
  return { seed: 1, rules: [], rateLimits: [], latencyMs: 0 };
}

export function parseFaultConfig(input: unknown): FaultConfig {
  if (input === undefined || input === null) return emptyFaultConfig();
  const obj = asObject(input, 'faults');
  return {
    seed: optionalInt(obj.seed, 'faults.seed', 1, -(2 ** 31), 2 ** 32),
    rules: optionalList(obj.rules, 'faults.rules').map((r, i) => parseRule(r, `faults.rules[${i}]`)),
    rateLimits: optionalList(obj.rateLimits, 'faults.rateLimits').map((r, i) => parseRateLimit(r, `faults.rateLimits[${i}]`)),
    latencyMs: optionalInt(obj.latencyMs, 'faults.latencyMs', 0, 0, 600_000),
  };
}

function parseRule(input: unknown, where: string): FaultRule {
  const obj = asObject(input, where);
  const code = optionalString(obj.code, `${where}.code`);
  const delayMs = optionalInt(obj.delayMs, `${where}.delayMs`, 0, 0, 600_000);
  if (code === undefined && delayMs === 0) throw new FaultConfigError(`${where} needs a code or a delayMs`);
  const probability = obj.probability ?? 1;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
    throw new FaultConfigError(`${where}.probability must be a number between 0 and 1`);
  }
  const times = obj.times === undefined || obj.times === null ? null : optionalInt(obj.times, `${where}.times`, 0, 1, 1e9);
  return {
    ...scope(obj, where),
    probability,
    ...(code === undefined ? {} : { code }),
    statusCode: optionalInt(obj.statusCode, `${where}.statusCode`, defaultStatusFor(code ?? ''), 400, 599),
    delayMs,
    times,
  };
}

function parseRateLimit(input: unknown, where: string): RateLimit {
  const obj = asObject(input, where);
  if (obj.limit === undefined) throw new FaultConfigError(`${where}.limit is required`);
  return {
    ...scope(obj, where),
    limit: optionalInt(obj.limit, `${where}.limit`, 1, 1, 1e9),
    intervalMs: optionalInt(obj.intervalMs, `${where}.intervalMs`, 1000, 1, 86_400_000),
  };
}

function scope(obj: Record<string, unknown>, where: string): { service?: ServiceName; action?: string } {
  const service = optionalString(obj.service, `${where}.service`);
  if (service !== undefined && !SERVICES.includes(service)) {
    throw new FaultConfigError(`${where}.service must be one of ${SERVICES.join(', ')}`);
  }
  const action = optionalString(obj.action, `${where}.action`);
  return {
    ...(service === undefined ? {} : { service: service as ServiceName }),
    ...(action === undefined ? {} : { action }),
  };
}

function asObject(input: unknown, where: string): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultConfigError(`${where} must be an object`);
  }
  return input as Record<string, unknown>;
}

function optionalList(input: unknown, where: string): unknown[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw new FaultConfigError(`${where} must be a list`);
  return input;
}

function optionalString(input: unknown, where: string): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== 'string' || input === '') throw new FaultConfigError(`${where} must be a non-empty string`);
  return input;
}

function optionalInt(input: unknown, where: string, fallback: number, min: number, max: number): number {
  if (input === undefined || input === null) return fallback;
  if (typeof input !== 'number' || !Number.isInteger(input) || input < min || input > max) {
    throw new FaultConfigError(`${where} must be an integer between ${min} and ${max}`);
  }
  return input;
}
