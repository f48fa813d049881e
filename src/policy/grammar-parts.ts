// Grammar of the two nested blocks: Principal (trust policies) and Condition (both kinds).
import type { GrammarCode } from './grammar.js';
import { parseArn, parseRamIdentityArn } from './arn.js';
import { CONDITION_OPERATORS, type OperatorFamily } from './operators.js';
import { isPlainObject, parseBool, parseCidr, parseDate, parseNumber, scalarList } from './values.js';

export type Path = readonly (string | number)[];
type Report = (path: Path, code: GrammarCode, message: string) => void;

const SERVICE_NAME = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

const PRINCIPAL_VALUE_CHECKS: Record<string, (text: string) => string | undefined> = {
  RAM: (text) => {
    if (text === '*') return undefined;
    const identity = parseRamIdentityArn(text);
    if (identity !== undefined && !(identity.kind === 'role' && identity.sessionName !== undefined)) return undefined;
    return `"${text}" is not acs:ram::<16-digit account>:root, :user/<name> or :role/<name>`;
  },
  Service: (text) => (SERVICE_NAME.test(text) ? undefined : `"${text}" is not a service name such as eci.aliyuncs.com`),
  Federated: (text) => {
    const arn = parseArn(text);
    if (arn?.service === 'ram' && /^(saml|oidc)-provider\/[^/]+$/.test(arn.resource)) return undefined;
    return `"${text}" is not acs:ram::<account>:saml-provider/<name> or :oidc-provider/<name>`;
  },
};

export function checkPrincipal(principal: unknown, path: Path, report: Report): void {
  // "*" admits everyone. Legal, so not a grammar problem; lints warn about it.
  if (principal === '*') return;
  if (!isPlainObject(principal) || Object.keys(principal).length === 0) {
    report(path, 'policy.principal', 'Principal must be "*" or an object with RAM, Service or Federated');
    return;
  }
  for (const [type, value] of Object.entries(principal)) {
    const check = PRINCIPAL_VALUE_CHECKS[type];
    if (!Object.hasOwn(PRINCIPAL_VALUE_CHECKS, type) || check === undefined) {
      report([...path, type], 'policy.principal', `unknown principal type "${type}"; use RAM, Service or Federated`);
      continue;
    }
    checkStrings(value, [...path, type], report, check);
  }
}

function checkStrings(value: unknown, path: Path, report: Report, problemOf: (text: string) => string | undefined): void {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    if (problem !== undefined) report(path, 'policy.principal', problem);
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    report(path, 'policy.principal', 'must be a string or a non-empty list of strings');
    return;
  }
  value.forEach((element, index) => {
    const problem = typeof element === 'string' ? problemOf(element) : 'must be a string';
    if (problem !== undefined) report([...path, index], 'policy.principal', problem);
  });
}

export function checkCondition(condition: unknown, path: Path, report: Report): void {
  if (!isPlainObject(condition)) {
    report(path, 'policy.condition', 'Condition must be an object {"<Operator>": {"<key>": value}}');
    return;
  }
  for (const [operator, block] of Object.entries(condition)) {
    const spec = CONDITION_OPERATORS.get(operator);
    if (spec === undefined) {
      report([...path, operator], 'policy.condition-operator', `unknown condition operator "${operator}"`);
      continue;
    }
    if (!isPlainObject(block) || Object.keys(block).length === 0) {
      report([...path, operator], 'policy.condition', `${operator} must map condition keys to values`);
      continue;
    }
    for (const [key, value] of Object.entries(block)) checkConditionValue(value, [...path, operator, key], spec.family, report);
  }
}

function checkConditionValue(value: unknown, path: Path, family: OperatorFamily, report: Report): void {
  const list = scalarList(value);
  if (list === undefined || list.length === 0) {
    report(path, 'policy.condition-value', 'must be a string, number, boolean or a non-empty list of them');
    return;
  }
  list.forEach((element, index) => {
    if (acceptsValue(family, element)) return;
    report(Array.isArray(value) ? [...path, index] : path, 'policy.condition-value', `${JSON.stringify(element)} is not ${FAMILY_NOUN[family]}`);
  });
}

const FAMILY_NOUN: Record<OperatorFamily, string> = {
  String: 'a string',
  Numeric: 'a number',
  Date: 'an ISO 8601 date or epoch seconds',
  Bool: 'true or false',
  Ip: 'an IP address or CIDR block',
};

function acceptsValue(family: OperatorFamily, value: string | number | boolean): boolean {
  switch (family) {
    case 'String':
      return true;
    case 'Numeric':
      return parseNumber(value) !== undefined;
    case 'Date':
      return parseDate(value) !== undefined;
    case 'Bool':
      return parseBool(value) !== undefined;
    case 'Ip':
      return parseCidr(value) !== undefined;
  }
}
