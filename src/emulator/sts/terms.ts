// The session terms AssumeRole and AssumeRoleWithOIDC share: session name, duration, session policy
// (AssumeRole's documented limits; AssumeRoleWithOIDC documents the same:
// https://www.alibabacloud.com/help/en/ram/developer-reference/api-sts-2015-04-01-assumerole).
import type { PolicyDocument } from '../../policy/index.js';
import { integer, invalid, optional, policyDocument } from '../params.js';

export interface SessionTerms {
  durationSeconds: number;
  sessionPolicy: PolicyDocument | undefined;
}

export function checkSessionName(sessionName: string): string {
  if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(sessionName)) {
    throw invalid('InvalidParameter.RoleSessionName', 'The parameter RoleSessionName must be 2-64 characters of letters, digits, ".", "@", "-" and "_".');
  }
  return sessionName;
}

export function sessionTerms(params: Record<string, string>, maxSessionDuration: number): SessionTerms {
  const durationSeconds = integer(params, 'DurationSeconds', 3600, [900, maxSessionDuration], 'InvalidParameter.DurationSeconds');
  const policyText = optional(params, 'Policy');
  if (policyText !== undefined && policyText.length > 2048) throw invalid('InvalidParameter.PolicySize', 'The parameter Policy must not exceed 2048 characters.');
  const sessionPolicy = policyText === undefined ? undefined : policyDocument(policyText, 'permission', 'InvalidParameter.PolicyGrammar');
  return { durationSeconds, sessionPolicy };
}
