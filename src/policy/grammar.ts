// The RAM policy grammar, as a list of problems with exact paths so the
// manifests stage can point at file:line:col and the emulator can answer MalformedPolicyDocument.
// Every problem is an error; permissive-but-legal forms (Principal "*") are left to lints, which can
// see them through trustPrincipals(...).wildcard.
import { checkCondition, checkPrincipal, type Path } from './grammar-parts.js';
import { isPlainObject, stringList } from './values.js';
import { isValidArn } from './arn.js';

/**
 * Codes (stable; tests and docs refer to them):
 * - `policy.document`             the document is not an object
 * - `policy.unknown-key`          a top-level or statement key RAM does not define (`Sid` included)
 * - `policy.version`              `Version` missing or not `"1"`
 * - `policy.statement`            `Statement` missing, not a list, or empty
 * - `policy.statement-shape`      a statement is not an object
 * - `policy.effect`               `Effect` missing or not `Allow` / `Deny`
 * - `policy.action-missing`       neither `Action` nor `NotAction`
 * - `policy.action-conflict`      both `Action` and `NotAction`
 * - `policy.action`               not a string or non-empty list of `*` / `<service>:<action>` patterns
 * - `policy.trust-action`         a trust statement whose action is not `sts:AssumeRole`, or uses `NotAction`
 * - `policy.resource-missing`     a permission statement without `Resource`
 * - `policy.resource`             a Resource that is not `*` or an `acs:` ARN (`*` allowed in any segment)
 * - `policy.resource-unexpected`  `Resource` in a trust policy
 * - `policy.not-resource`         `NotResource`, unsupported
 * - `policy.principal-missing`    a trust statement without `Principal`
 * - `policy.principal-unexpected` `Principal` in a permission policy
 * - `policy.principal`            a malformed Principal (unknown type, empty, bad ARN or service name)
 * - `policy.condition`            `Condition` not shaped `{Operator: {key: value}}`
 * - `policy.condition-operator`   an operator outside the documented list
 * - `policy.condition-value`      a condition value of the wrong type for its operator
 */
export type GrammarCode =
  | 'policy.document'
  | 'policy.unknown-key'
  | 'policy.version'
  | 'policy.statement'
  | 'policy.statement-shape'
  | 'policy.effect'
  | 'policy.action-missing'
  | 'policy.action-conflict'
  | 'policy.action'
  | 'policy.trust-action'
  | 'policy.resource-missing'
  | 'policy.resource'
  | 'policy.resource-unexpected'
  | 'policy.not-resource'
  | 'policy.principal-missing'
  | 'policy.principal-unexpected'
  | 'policy.principal'
  | 'policy.condition'
  | 'policy.condition-operator'
  | 'policy.condition-value';

export interface GrammarProblem {
  /**
   * From the document root to the offending node, e.g. ['Statement', 1, 'Effect']. A MISSING key points
   * at the object that lacks it (['Statement', 1] for a statement without Action), so every path names
   * a node that exists in the source and can be turned into file:line:col.
   */
  path: (string | number)[];
  message: string;
  /** One of GrammarCode; typed as string so consumers can carry it without importing the union. */
  code: string;
}

export type PolicyKind = 'permission' | 'trust';

const TOP_KEYS = new Set(['Version', 'Statement']);
const STATEMENT_KEYS = new Set(['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Condition']);
// `*`, or service:action where either side may carry wildcards.
const ACTION_PATTERN = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+)$/;

export function checkPolicyGrammar(doc: unknown, kind: PolicyKind): GrammarProblem[] {
  const problems: GrammarProblem[] = [];
  const report = (path: Path, code: GrammarCode, message: string): void => {
    problems.push({ path: [...path], code, message });
  };
  if (!isPlainObject(doc)) {
    report([], 'policy.document', 'a policy document must be an object with Version and Statement');
    return problems;
  }
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) report([key], 'policy.unknown-key', `unknown key "${key}"; a policy has only Version and Statement`);
  }
  if (!('Version' in doc)) report([], 'policy.version', 'Version is missing; it must be the string "1"');
  else if (doc.Version !== '1') report(['Version'], 'policy.version', 'Version must be the string "1"');
  const statements = doc.Statement;
  if (!('Statement' in doc)) {
    report([], 'policy.statement', 'Statement is missing; it must be a non-empty list');
    return problems;
  }
  if (!Array.isArray(statements) || statements.length === 0) {
    report(['Statement'], 'policy.statement', 'Statement must be a non-empty list');
    return problems;
  }
  statements.forEach((statement, index) => checkStatement(statement, ['Statement', index], kind, report));
  return problems;
}

type Report = (path: Path, code: GrammarCode, message: string) => void;

function checkStatement(statement: unknown, path: Path, kind: PolicyKind, report: Report): void {
  if (!isPlainObject(statement)) {
    report(path, 'policy.statement-shape', 'each statement must be an object');
    return;
  }
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.has(key)) report([...path, key], 'policy.unknown-key', `unknown statement key "${key}"`);
  }
  if (!('Effect' in statement)) report(path, 'policy.effect', 'Effect is missing; it must be "Allow" or "Deny"');
  else if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    report([...path, 'Effect'], 'policy.effect', 'Effect must be "Allow" or "Deny"');
  }
  checkActions(statement, path, kind, report);
  checkResources(statement, path, kind, report);
  checkPrincipalPresence(statement, path, kind, report);
  if ('Condition' in statement) checkCondition(statement.Condition, [...path, 'Condition'], report);
}

function checkActions(statement: Record<string, unknown>, path: Path, kind: PolicyKind, report: Report): void {
  const hasAction = 'Action' in statement;
  const hasNotAction = 'NotAction' in statement;
  if (!hasAction && !hasNotAction) {
    report(path, 'policy.action-missing', 'a statement needs Action or NotAction');
    return;
  }
  if (hasAction && hasNotAction) {
    report([...path, 'NotAction'], 'policy.action-conflict', 'use either Action or NotAction, not both');
  }
  const key = hasAction ? 'Action' : 'NotAction';
  if (kind === 'trust' && key === 'NotAction') {
    report([...path, key], 'policy.trust-action', 'a trust policy statement must use Action "sts:AssumeRole", not NotAction');
    return;
  }
  checkPatternList(statement[key], [...path, key], report, 'policy.action', (text) =>
    ACTION_PATTERN.test(text) ? undefined : `"${text}" is not "*" or "<service>:<action>"`,
  );
  if (kind !== 'trust') return;
  const list = stringList(statement[key]) ?? [];
  list.forEach((action, index) => {
    if (action.toLowerCase() === 'sts:assumerole' || !ACTION_PATTERN.test(action)) return;
    const at = typeof statement[key] === 'string' ? [...path, key] : [...path, key, index];
    report(at, 'policy.trust-action', `a trust policy may only allow "sts:AssumeRole", not "${action}"`);
  });
}

function checkResources(statement: Record<string, unknown>, path: Path, kind: PolicyKind, report: Report): void {
  if ('NotResource' in statement) {
    report([...path, 'NotResource'], 'policy.not-resource', 'NotResource is not supported by RAM; list the resources in Resource');
  }
  if (kind === 'trust') {
    if ('Resource' in statement) report([...path, 'Resource'], 'policy.resource-unexpected', 'a trust policy statement has no Resource');
    return;
  }
  if (!('Resource' in statement)) {
    if (!('NotResource' in statement)) report(path, 'policy.resource-missing', 'a permission statement needs Resource');
    return;
  }
  checkPatternList(statement.Resource, [...path, 'Resource'], report, 'policy.resource', (text) =>
    text === '*' || isValidArn(text) ? undefined : `"${text}" is not "*" or an ARN "acs:<service>:<region>:<account>:<resource>"`,
  );
}

function checkPrincipalPresence(statement: Record<string, unknown>, path: Path, kind: PolicyKind, report: Report): void {
  const has = 'Principal' in statement;
  if (kind === 'permission') {
    if (has) report([...path, 'Principal'], 'policy.principal-unexpected', 'Principal belongs in trust policies only');
    return;
  }
  if (!has) {
    report(path, 'policy.principal-missing', 'a trust policy statement needs Principal');
    return;
  }
  checkPrincipal(statement.Principal, [...path, 'Principal'], report);
}

/** A string or a non-empty list of strings, each accepted by `problemOf`. */
function checkPatternList(
  value: unknown,
  path: Path,
  report: Report,
  code: GrammarCode,
  problemOf: (text: string) => string | undefined,
): void {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    if (problem !== undefined) report(path, code, problem);
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    report(path, code, 'must be a string or a non-empty list of strings');
    return;
  }
  value.forEach((element, index) => {
    const problem = typeof element === 'string' ? problemOf(element) : 'must be a string';
    if (problem !== undefined) report([...path, index], code, problem);
  });
}
