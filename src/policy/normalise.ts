// Semantic comparison of policy documents: two documents that RAM would treat the
// same must compare equal, or every pass would write again (a known perpetual-diff failure of peers).
//
// The normal form is for COMPARISON ONLY, never for sending to RAM:
// - keys in a fixed order; `"x"` becomes `["x"]`;
// - set-valued arrays (Action, NotAction, Resource, NotResource, Principal.*, condition values) are
//   de-duplicated and sorted;
// - Action and NotAction are lower-cased, because RAM matches actions case-insensitively;
// - the `acs:<service>:` prefix of Resources and Service principal names are lower-cased (product codes
//   and domain names); everything else keeps its case (resource IDs and role names are case-sensitive);
// - statements are sorted and duplicates dropped.
// Values that are not what the grammar expects are kept (canonicalised), so they still show as changes.
// The input is never mutated: CDK's diff once corrupted templates by normalising in place.
import type { PolicyDocument } from './document.js';
import { sortDeep } from './parse.js';
import { isPlainObject, isScalar } from './values.js';
import { foldServicePrefix } from './wildcard.js';

type Json = unknown;

const SET_FIELDS: Record<string, (text: string) => string> = {
  Action: (t) => t.toLowerCase(),
  NotAction: (t) => t.toLowerCase(),
  Resource: foldServicePrefix,
  NotResource: foldServicePrefix,
};
const PRINCIPAL_FOLD: Record<string, (text: string) => string> = {
  Service: (t) => t.toLowerCase(),
};
const keep = (text: string): string => text;

export function normalisePolicy(doc: PolicyDocument): PolicyDocument {
  if (!isPlainObject(doc)) return sortDeep(doc) as PolicyDocument;
  const entries = Object.keys(doc)
    .sort()
    .map((key): [string, Json] => [key, key === 'Statement' ? normaliseStatements(doc[key]) : sortDeep(doc[key])]);
  return Object.fromEntries(entries) as unknown as PolicyDocument;
}

export function policiesEquivalent(a: PolicyDocument, b: PolicyDocument): boolean {
  return canonicalJson(normalisePolicy(a)) === canonicalJson(normalisePolicy(b));
}

function normaliseStatements(value: Json): Json {
  if (!Array.isArray(value)) return isPlainObject(value) ? normaliseStatements([value]) : sortDeep(value);
  return uniqueSorted(value.map(normaliseStatement));
}

function normaliseStatement(statement: Json): Json {
  if (!isPlainObject(statement)) return sortDeep(statement);
  const entries = Object.keys(statement)
    .sort()
    .map((key): [string, Json] => [key, normaliseField(key, statement[key])]);
  return Object.fromEntries(entries);
}

function normaliseField(key: string, value: Json): Json {
  const fold = Object.hasOwn(SET_FIELDS, key) ? SET_FIELDS[key] : undefined;
  if (fold !== undefined) return normaliseSet(value, fold);
  if (key === 'Principal') return normalisePrincipal(value);
  if (key === 'Condition') return normaliseCondition(value);
  return sortDeep(value);
}

function normalisePrincipal(value: Json): Json {
  if (!isPlainObject(value)) return sortDeep(value);
  const entries = Object.keys(value)
    .sort()
    .map((type): [string, Json] => {
      const fold = Object.hasOwn(PRINCIPAL_FOLD, type) ? (PRINCIPAL_FOLD[type] ?? keep) : keep;
      return [type, normaliseSet(value[type], fold)];
    });
  return Object.fromEntries(entries);
}

function normaliseCondition(value: Json): Json {
  if (!isPlainObject(value)) return sortDeep(value);
  const entries = Object.keys(value)
    .sort()
    .map((operator): [string, Json] => {
      const block = value[operator];
      if (!isPlainObject(block)) return [operator, sortDeep(block)];
      const keys = Object.keys(block)
        .sort()
        .map((key): [string, Json] => [key, normaliseSet(block[key], keep)]);
      return [operator, Object.fromEntries(keys)];
    });
  return Object.fromEntries(entries);
}

/** A scalar or a list → a sorted, de-duplicated list; strings folded. Other shapes are kept. */
function normaliseSet(value: Json, fold: (text: string) => string): Json {
  if (isScalar(value)) return normaliseSet([value], fold);
  if (!Array.isArray(value)) return sortDeep(value);
  return uniqueSorted(value.map((element) => (typeof element === 'string' ? fold(element) : sortDeep(element))));
}

function uniqueSorted(values: Json[]): Json[] {
  const byKey = new Map<string, Json>();
  for (const value of values) byKey.set(canonicalJson(value), value);
  return [...byKey.keys()].sort().map((key) => byKey.get(key));
}

/** JSON with object keys sorted at every depth, so equal structures give equal text. */
export function canonicalJson(value: Json): string {
  return JSON.stringify(sortDeep(value)) ?? 'undefined';
}
