// Documents as people read them in a plan: the normalised form, pretty-printed, so a line diff
// shows only semantic differences (reordered keys or "x" vs ["x"] never appear as changes).
import type { PolicyDocument } from '../policy/document.js';
import { normalisePolicy } from '../policy/normalise.js';
import { parsePolicyJson } from '../policy/parse.js';

export function prettyDocument(text: string): string {
  const parsed = parsePolicyJson(text);
  if (!parsed.ok) return text;
  return prettyPolicy(parsed.document);
}

export function prettyPolicy(doc: PolicyDocument): string {
  return JSON.stringify(normalisePolicy(doc), null, 2);
}

/** A document as it will be sent, pretty-printed: for creations, where there is nothing to compare. */
export function prettySent(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
