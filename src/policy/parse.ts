// Text ⇄ document. Parsing checks only the outer shape needed to type the result; the full RAM
// grammar (with paths for diagnostics) is checkPolicyGrammar's job.
import type { PolicyDocument } from './document.js';
import { isPlainObject } from './values.js';

/** RAM's limit on a custom policy document, in characters. */
export const POLICY_DOCUMENT_MAX_CHARS = 6144;

export type ParsePolicyResult = { ok: true; document: PolicyDocument } | { ok: false; message: string };

export function parsePolicyJson(text: string): ParsePolicyResult {
  if (typeof text !== 'string') return { ok: false, message: 'policy document must be a JSON string' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `policy document is not valid JSON: ${(error as Error).message}` };
  }
  const shapeProblem = outerShapeProblem(value);
  if (shapeProblem !== undefined) return { ok: false, message: shapeProblem };
  return { ok: true, document: value as PolicyDocument };
}

function outerShapeProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'policy document must be a JSON object';
  if (typeof value.Version !== 'string') return 'policy document needs a string "Version"';
  if (!Array.isArray(value.Statement)) return 'policy document needs a "Statement" list';
  const index = value.Statement.findIndex((s) => !isPlainObject(s));
  if (index >= 0) return `Statement[${index}] must be an object`;
  return undefined;
}

// Known keys first in the order RAM's own examples use, then anything else alphabetically, so the
// same document always serialises to the same text (stable ClientTokens, stable length checks).
const TOP_ORDER = ['Version', 'Statement'];
const STATEMENT_ORDER = ['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Condition'];
const PRINCIPAL_ORDER = ['RAM', 'Service', 'Federated'];

/** Compact JSON with a stable key order. Values (including list order) are kept as given. */
export function serialisePolicy(doc: PolicyDocument): string {
  return JSON.stringify(orderTop(doc));
}

function orderTop(doc: unknown): unknown {
  if (!isPlainObject(doc)) return doc;
  return orderKeys(doc, TOP_ORDER, (key, value) => (key === 'Statement' ? orderStatements(value) : sortDeep(value)));
}

function orderStatements(value: unknown): unknown {
  if (!Array.isArray(value)) return sortDeep(value);
  return value.map((statement) => {
    if (!isPlainObject(statement)) return sortDeep(statement);
    return orderKeys(statement, STATEMENT_ORDER, (key, v) =>
      key === 'Principal' && isPlainObject(v) ? orderKeys(v, PRINCIPAL_ORDER, (_k, x) => sortDeep(x)) : sortDeep(v),
    );
  });
}

function orderKeys(
  object: Record<string, unknown>,
  preferred: string[],
  mapValue: (key: string, value: unknown) => unknown,
): Record<string, unknown> {
  const keys = Object.keys(object);
  const known = preferred.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !preferred.includes(k)).sort();
  // fromEntries defines own properties, so a `__proto__` key stays data instead of becoming a prototype.
  return Object.fromEntries([...known, ...rest].map((key) => [key, mapValue(key, object[key])]));
}

/** Object keys sorted at every depth; arrays keep their order. */
export function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortDeep(value[key])]));
}
