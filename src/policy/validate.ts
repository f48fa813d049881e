// One call for "is this text an acceptable RAM policy?", in the order RAM reports problems: length
// (InvalidParameter.PolicyDocument.Length), then JSON and grammar (MalformedPolicyDocument).
import type { PolicyDocument } from './document.js';
import { checkPolicyGrammar, type GrammarProblem, type PolicyKind } from './grammar.js';
import { POLICY_DOCUMENT_MAX_CHARS } from './parse.js';
import { isPlainObject } from './values.js';

export type PolicyTextCheck =
  | { ok: true; document: PolicyDocument }
  | { ok: false; reason: 'too-long'; message: string }
  | { ok: false; reason: 'malformed'; message: string; problems: GrammarProblem[] };

/**
 * Checks submitted policy text. `maxChars` defaults to RAM's 6144; pass Infinity for trust documents,
 * whose limit the reference does not give. Unlike parsePolicyJson, the document is only returned when
 * the whole grammar holds.
 */
export function checkPolicyText(text: string, kind: PolicyKind, maxChars = POLICY_DOCUMENT_MAX_CHARS): PolicyTextCheck {
  if (typeof text !== 'string') return { ok: false, reason: 'malformed', message: 'the policy document must be text', problems: [] };
  if (text.length > maxChars) {
    return { ok: false, reason: 'too-long', message: `the policy document has ${text.length} characters; the limit is ${maxChars}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'malformed', message: `the policy document is not valid JSON: ${(error as Error).message}`, problems: [] };
  }
  const problems = checkPolicyGrammar(value, kind);
  if (problems.length > 0 || !isPlainObject(value)) {
    return { ok: false, reason: 'malformed', message: describeProblems(problems), problems };
  }
  return { ok: true, document: value as unknown as PolicyDocument };
}

/** `Statement[1].Effect: Effect must be "Allow" or "Deny"; ...` — for API error messages. */
export function describeProblems(problems: GrammarProblem[]): string {
  if (problems.length === 0) return 'the policy document is malformed';
  return problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('; ');
}

export function formatPath(path: (string | number)[]): string {
  if (path.length === 0) return '(document)';
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}
