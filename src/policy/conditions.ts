// Condition evaluation. Three outcomes, so callers can fail closed on what they cannot judge:
// 'unsupported' (unknown operator, or a policy value its operator cannot parse) makes an Allow statement
// not match and a Deny statement apply.
//
// Semantics (AWS-style, which RAM documents the same way):
// - operators AND together, keys within an operator AND together, values of one key OR together;
// - a context key may carry several values: a positive operator holds if any context value matches any
//   policy value; a negated one (`*Not*`, NotIpAddress) holds if no context value matches any;
// - a context key that is missing makes the condition FALSE, for negated operators too. That keeps a
//   Deny with StringNotEquals from applying when the request simply lacks the key, and an Allow with it
//   from matching; both are the documented behaviour of the non-`IfExists` operators.
import { BlockList } from 'node:net';
import { CONDITION_OPERATORS, type OperatorSpec } from './operators.js';
import { isPlainObject, parseBool, parseCidr, parseDate, parseNumber, scalarList } from './values.js';
import { wildcardMatch } from './wildcard.js';

export type ContextValue = string | string[] | number | boolean | undefined;
export type RequestContext = Record<string, ContextValue>;
export type ConditionOutcome = 'true' | 'false' | 'unsupported';

type Scalar = string | number | boolean;

export interface ConditionResult {
  outcome: ConditionOutcome;
  /** Human-readable names of what could not be evaluated, e.g. `condition operator "Null"`. */
  unsupported: string[];
}

/** Evaluates a statement's whole Condition block. An absent block is true. */
export function evaluateCondition(condition: unknown, context: RequestContext): ConditionResult {
  if (condition === undefined) return { outcome: 'true', unsupported: [] };
  if (!isPlainObject(condition)) return { outcome: 'unsupported', unsupported: ['Condition that is not an object'] };
  const unsupported: string[] = [];
  let falseSeen = false;
  for (const [operator, block] of Object.entries(condition)) {
    const spec = CONDITION_OPERATORS.get(operator);
    const outcome = spec === undefined || !isPlainObject(block) ? 'unsupported' : evaluateOperator(spec, block, context);
    if (outcome === 'unsupported') unsupported.push(`condition operator "${operator}"`);
    if (outcome === 'false') falseSeen = true;
  }
  // A false part decides the AND whatever else is unknown; otherwise an unknown part leaves it unknown.
  if (falseSeen) return { outcome: 'false', unsupported };
  return { outcome: unsupported.length > 0 ? 'unsupported' : 'true', unsupported };
}

function evaluateOperator(spec: OperatorSpec, block: Record<string, unknown>, context: RequestContext): ConditionOutcome {
  let unknown = false;
  for (const [key, policyValue] of Object.entries(block)) {
    const outcome = evaluateKey(spec, scalarList(policyValue), lookup(context, key));
    if (outcome === 'false') return 'false';
    if (outcome === 'unsupported') unknown = true;
  }
  return unknown ? 'unsupported' : 'true';
}

/** Condition keys are case-insensitive (`acs:SourceIp` = `acs:sourceip`). */
function lookup(context: RequestContext, key: string): Scalar[] | undefined {
  const exact = Object.hasOwn(context, key) ? context[key] : undefined;
  const found =
    exact ?? Object.entries(context).find(([k, v]) => k.toLowerCase() === key.toLowerCase() && v !== undefined)?.[1];
  if (found === undefined) return undefined;
  const list = Array.isArray(found) ? found : [found];
  return list.length === 0 ? undefined : list;
}

function evaluateKey(spec: OperatorSpec, policyValues: Scalar[] | undefined, contextValues: Scalar[] | undefined): ConditionOutcome {
  if (policyValues === undefined || policyValues.length === 0) return 'unsupported';
  const matcher = buildMatcher(spec, policyValues);
  if (matcher === undefined) return 'unsupported';
  if (contextValues === undefined) return 'false';
  const anyMatch = contextValues.some(matcher);
  return (spec.negated ? !anyMatch : anyMatch) ? 'true' : 'false';
}

/** A predicate "this context value matches one of the policy values", ignoring negation. */
type Matcher = (contextValue: Scalar) => boolean;

function buildMatcher(spec: OperatorSpec, policyValues: Scalar[]): Matcher | undefined {
  switch (spec.family) {
    case 'String':
      return stringMatcher(spec, policyValues.map(String));
    case 'Bool': {
      const wanted = policyValues.map(parseBool);
      if (wanted.some((w) => w === undefined)) return undefined;
      return (c) => wanted.includes(parseBool(c));
    }
    case 'Numeric':
      return orderedMatcher(spec, policyValues, parseNumber);
    case 'Date':
      return orderedMatcher(spec, policyValues, parseDate);
    case 'Ip':
      return ipMatcher(policyValues);
  }
}

function stringMatcher(spec: OperatorSpec, wanted: string[]): Matcher {
  switch (spec.comparison) {
    case 'EqualsIgnoreCase':
    case 'NotEqualsIgnoreCase': {
      const lower = wanted.map((w) => w.toLowerCase());
      return (c) => lower.includes(String(c).toLowerCase());
    }
    case 'Like':
    case 'NotLike':
      return (c) => wanted.some((w) => wildcardMatch(w, String(c), false));
    default:
      return (c) => wanted.includes(String(c));
  }
}

function orderedMatcher(spec: OperatorSpec, policyValues: Scalar[], parse: (v: Scalar) => number | undefined): Matcher | undefined {
  const wanted = policyValues.map(parse);
  if (wanted.some((w) => w === undefined)) return undefined;
  const compare = COMPARE[spec.comparison];
  if (compare === undefined) return undefined;
  return (c) => {
    const actual = parse(c);
    return actual !== undefined && (wanted as number[]).some((w) => compare(actual, w));
  };
}

const COMPARE: Partial<Record<OperatorSpec['comparison'], (actual: number, wanted: number) => boolean>> = {
  Equals: (a, w) => a === w,
  NotEquals: (a, w) => a === w, // negation is applied by the caller
  LessThan: (a, w) => a < w,
  LessThanEquals: (a, w) => a <= w,
  GreaterThan: (a, w) => a > w,
  GreaterThanEquals: (a, w) => a >= w,
};

function ipMatcher(policyValues: Scalar[]): Matcher | undefined {
  const blocks = new BlockList();
  for (const value of policyValues) {
    const cidr = parseCidr(value);
    if (cidr === undefined) return undefined;
    blocks.addSubnet(cidr.address, cidr.prefix, cidr.type);
  }
  return (c) => {
    // A bare address is a /32 or /128; anything unparsable is no address and matches nothing.
    const address = parseCidr(c);
    if (address === undefined || String(c).includes('/')) return false;
    return blocks.check(address.address, address.type);
  };
}
