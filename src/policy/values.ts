// Value parsing shared by the grammar (is this value acceptable?) and the evaluator (compare it).
import { isIP } from 'node:net';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar or a list of scalars as a list; anything else yields undefined. */
export function scalarList(value: unknown): (string | number | boolean)[] | undefined {
  if (isScalar(value)) return [value];
  if (!Array.isArray(value)) return undefined;
  return value.every(isScalar) ? value : undefined;
}

export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** `"x"` or `["x", ...]` as a list of strings, or undefined if any element is not a string. */
export function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  return value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

export function parseNumber(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** ISO 8601 text or epoch seconds (a number or digits) → epoch milliseconds. */
export function parseDate(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Demand a date shape so `Date.parse` leniency ("1", "March") does not sneak through.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseBool(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

export interface Cidr {
  address: string;
  prefix: number;
  type: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128). */
export function parseCidr(value: string | number | boolean): Cidr | undefined {
  if (typeof value !== 'string') return undefined;
  const [address = '', prefixText, extra] = value.split('/');
  if (extra !== undefined) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { address, prefix, type: version === 4 ? 'ipv4' : 'ipv6' };
}
