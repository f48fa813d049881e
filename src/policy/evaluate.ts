// Authorisation against identity (permission) policies, as the emulator decides NoPermission.
// An explicit Deny wins over any Allow; no matching Allow is an implicit deny.
// What cannot be judged fails closed and is named in `unsupported`:
// - NotResource (§10 #15): the statement never matches, Allow or Deny;
// - unknown condition operators or unparsable condition values: an Allow does not match, a Deny applies.
import type { PolicyDocument } from './document.js';
import { evaluateCondition, type RequestContext } from './conditions.js';
import { isPlainObject, stringList } from './values.js';
import { actionMatches, resourceMatches } from './wildcard.js';

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface AuthorizationRequest {
  action: string;
  resource: string;
  context?: RequestContext;
}

export interface EvaluationResult {
  decision: Decision;
  /** De-duplicated descriptions of policy features that were met but could not be evaluated. */
  unsupported: string[];
}

export function evaluatePolicies(docs: PolicyDocument[], request: AuthorizationRequest): EvaluationResult {
  const unsupported = new Set<string>();
  let allowed = false;
  for (const statement of statementsOf(docs)) {
    const applies = statementApplies(statement, request, unsupported);
    if (!applies) continue;
    if (statement.Effect === 'Deny') return { decision: 'ExplicitDeny', unsupported: [...unsupported] };
    allowed = true;
  }
  return { decision: allowed ? 'Allow' : 'ImplicitDeny', unsupported: [...unsupported] };
}

function* statementsOf(docs: PolicyDocument[]): Generator<Record<string, unknown>> {
  if (!Array.isArray(docs)) return;
  for (const doc of docs) {
    const statements: unknown = isPlainObject(doc) ? doc.Statement : undefined;
    if (!Array.isArray(statements)) continue;
    for (const statement of statements) if (isPlainObject(statement)) yield statement;
  }
}

/** Whether a statement's Effect takes part in the decision for this request. */
function statementApplies(statement: Record<string, unknown>, request: AuthorizationRequest, unsupported: Set<string>): boolean {
  const effect = statement.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') return false;
  if (!actionApplies(statement, request.action)) return false;
  if ('NotResource' in statement) {
    unsupported.add('NotResource');
    return false;
  }
  const resources = stringList(statement.Resource);
  if (resources === undefined || !resources.some((p) => resourceMatches(p, request.resource))) return false;
  return conditionApplies(statement, effect, request.context ?? {}, unsupported);
}

/** Action / NotAction against one action name; shared with trust evaluation. */
export function actionApplies(statement: Record<string, unknown>, action: string): boolean {
  const hasAction = 'Action' in statement;
  const hasNotAction = 'NotAction' in statement;
  // Both or neither is malformed; matching nothing is the safe reading.
  if (hasAction === hasNotAction) return false;
  const patterns = stringList(hasAction ? statement.Action : statement.NotAction);
  if (patterns === undefined) return false;
  const listed = patterns.some((p) => actionMatches(p, action));
  return hasAction ? listed : !listed;
}

/** Condition outcome for a statement, failing closed on 'unsupported' per Effect. */
export function conditionApplies(
  statement: Record<string, unknown>,
  effect: 'Allow' | 'Deny',
  context: RequestContext,
  unsupported: Set<string>,
): boolean {
  const result = evaluateCondition(statement.Condition, context);
  for (const item of result.unsupported) unsupported.add(item);
  if (result.outcome === 'unsupported') return effect === 'Deny';
  return result.outcome === 'true';
}
