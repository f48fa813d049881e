// The condition operators RAM documents. Grammar accepts exactly these;
// evaluation implements all of them. Anything else (`...IfExists`, `ForAnyValue:`, `Null`) is unknown.

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Ip';

export type Comparison =
  | 'Equals'
  | 'NotEquals'
  | 'EqualsIgnoreCase'
  | 'NotEqualsIgnoreCase'
  | 'Like'
  | 'NotLike'
  | 'LessThan'
  | 'LessThanEquals'
  | 'GreaterThan'
  | 'GreaterThanEquals'
  | 'In'
  | 'NotIn';

export interface OperatorSpec {
  family: OperatorFamily;
  comparison: Comparison;
  /** Negated operators hold when no context value matches any policy value. */
  negated: boolean;
}

const ORDERINGS = ['Equals', 'NotEquals', 'LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals'] as const;

function buildTable(): ReadonlyMap<string, OperatorSpec> {
  const table = new Map<string, OperatorSpec>();
  const stringOps = ['Equals', 'NotEquals', 'EqualsIgnoreCase', 'NotEqualsIgnoreCase', 'Like', 'NotLike'] as const;
  for (const c of stringOps) table.set(`String${c}`, spec('String', c));
  for (const c of ORDERINGS) table.set(`Numeric${c}`, spec('Numeric', c));
  for (const c of ORDERINGS) table.set(`Date${c}`, spec('Date', c));
  table.set('Bool', spec('Bool', 'Equals'));
  table.set('IpAddress', spec('Ip', 'In'));
  table.set('NotIpAddress', spec('Ip', 'NotIn'));
  return table;
}

function spec(family: OperatorFamily, comparison: Comparison): OperatorSpec {
  return { family, comparison, negated: comparison.startsWith('Not') };
}

export const CONDITION_OPERATORS: ReadonlyMap<string, OperatorSpec> = buildTable();

export function operatorSpec(name: string): OperatorSpec | undefined {
  return CONDITION_OPERATORS.get(name);
}
