// RAM parameter rules.
import { ApiError } from '../contracts.js';
import { invalid, jsonList, optional, policyDocument, required } from '../params.js';
import type { PolicyDocument } from '../../policy/index.js';
import type { SeedTag } from '../seed-types.js';
import type { PolicyType } from './state.js';

export const TRUST_DOCUMENT_MAX_CHARS = 2048;
export const POLICY_DOCUMENT_MAX_CHARS = 6144;

function name(params: Record<string, string>, param: string, field: 'RoleName' | 'PolicyName', max: number, chars: RegExp, allowed: string): string {
  const value = required(params, param);
  if (value.length > max) throw invalid(`InvalidParameter.${field}.Length`, `The parameter ${param} must be 1-${max} characters long.`);
  if (!chars.test(value)) throw invalid(`InvalidParameter.${field}.InvalidChars`, `The parameter ${param} contains invalid characters; allowed are ${allowed}.`);
  return value;
}

export const roleName = (params: Record<string, string>, param = 'RoleName'): string =>
  name(params, param, 'RoleName', 64, /^[A-Za-z0-9.-]+$/, 'letters, digits, "." and "-"');

export const policyName = (params: Record<string, string>, param = 'PolicyName'): string =>
  name(params, param, 'PolicyName', 128, /^[A-Za-z0-9-]+$/, 'letters, digits and "-"');

export function policyType(params: Record<string, string>): PolicyType {
  const value = params.PolicyType;
  if (value === 'System' || value === 'Custom') return value;
  throw invalid('InvalidParameter.PolicyType', 'The parameter PolicyType must be "System" or "Custom".');
}

export function description(params: Record<string, string>, param: string): string | undefined {
  const value = params[param];
  if (value === undefined) return undefined;
  if (value.length < 1 || value.length > 1024) throw invalid('InvalidParameter.Description.Length', `The parameter ${param} must be 1-1024 characters long.`);
  return value;
}

export function maxSessionDuration(params: Record<string, string>, param: string): number | undefined {
  const text = optional(params, param);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 3600 || value > 43200) {
    throw invalid('InvalidParameter.MaxSessionDuration', `The parameter ${param} must be an integer from 3600 to 43200.`);
  }
  return value;
}

export function trustDocument(params: Record<string, string>, param: string): string {
  const text = required(params, param);
  if (text.length > TRUST_DOCUMENT_MAX_CHARS) throw invalid(`InvalidParameter.${param}.Length`, `The parameter ${param} must not exceed ${TRUST_DOCUMENT_MAX_CHARS} characters.`);
  policyDocument(text, 'trust');
  return text;
}

export function permissionDocument(params: Record<string, string>): { text: string; document: PolicyDocument } {
  const text = required(params, 'PolicyDocument');
  if (text.length > POLICY_DOCUMENT_MAX_CHARS) throw invalid('InvalidParameter.PolicyDocument.Length', `The parameter PolicyDocument must not exceed ${POLICY_DOCUMENT_MAX_CHARS} characters.`);
  return { text, document: policyDocument(text, 'permission') };
}

export function versionId(params: Record<string, string>): string {
  const value = required(params, 'VersionId');
  if (!/^v[1-9]\d*$/.test(value)) throw invalid('InvalidParameter.VersionId.Format', 'The parameter VersionId must look like v1, v2, ….');
  return value;
}

/** `Tag=[{"Key":"k","Value":"v"}]`; at most `limit` tags, key 1–128 and value ≤ 256 characters. */
export function tags(params: Record<string, string>, param: string, limit: number): SeedTag[] | undefined {
  const list = jsonList<{ Key?: unknown; Value?: unknown }>(params, param);
  if (list === undefined) return undefined;
  if (list.length > limit) throw invalid(`InvalidParameter.${param}.Count`, `At most ${limit} tags are allowed.`);
  return list.map((t) => {
    const key = t?.Key;
    const value = t?.Value ?? '';
    if (typeof key !== 'string' || key.length < 1 || key.length > 128) throw invalid('InvalidParameter.Tag.Key', 'Each tag needs a Key of 1-128 characters.');
    if (typeof value !== 'string' || value.length > 256) throw invalid('InvalidParameter.Tag.Value', 'A tag Value must be a string of at most 256 characters.');
    return { key, value };
  });
}

export function limitExceeded(code: string, message: string): ApiError {
  return new ApiError(code, 409, message);
}
