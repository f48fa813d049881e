// Parameter reading shared by the RAM and STS modules: missing → MissingParameter, bad → InvalidParameter.*.
import { checkPolicyGrammar, parsePolicyJson, type PolicyDocument, type PolicyKind } from '../policy/index.js';
import { ApiError } from './contracts.js';
import { gatewayErrors } from './errors.js';

export function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw gatewayErrors.missingParameter(name);
  return value;
}

export function optional(params: Record<string, string>, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

export function invalid(code: string, message: string): ApiError {
  return new ApiError(code, 400, message);
}

/** Integer parameter; absent → fallback; not an integer or out of range → `code`. */
export function integer(params: Record<string, string>, name: string, fallback: number, range: [number, number], code: string): number {
  const text = optional(params, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < range[0] || value > range[1]) {
    throw invalid(code, `The parameter ${name} must be an integer from ${range[0]} to ${range[1]}.`);
  }
  return value;
}

export function bool(params: Record<string, string>, name: string): boolean {
  const text = optional(params, name);
  if (text === undefined) return false;
  if (text !== 'true' && text !== 'false') throw invalid(`InvalidParameter.${name}`, `The parameter ${name} must be true or false.`);
  return text === 'true';
}

/** RAM list parameters travel as one JSON string per parameter. */
export function jsonList<T>(params: Record<string, string>, name: string): T[] | undefined {
  const text = optional(params, name);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return value as T[];
  } catch {
    // fall through
  }
  throw invalid(`InvalidParameter.${name}`, `The parameter ${name} must be a JSON array.`);
}

/** JSON + RAM grammar; the grammar problem becomes the message, as RAM's does. */
export function policyDocument(text: string, kind: PolicyKind, code = 'MalformedPolicyDocument'): PolicyDocument {
  const parsed = parsePolicyJson(text);
  if (!parsed.ok) throw invalid(code, `The policy document is malformed: ${parsed.message}.`);
  const problems = checkPolicyGrammar(parsed.document, kind);
  const first = problems[0];
  if (first) throw invalid(code, `The policy document is malformed: ${first.path.join('.') || 'document'}: ${first.message}.`);
  return parsed.document;
}
