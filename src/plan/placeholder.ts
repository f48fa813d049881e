// The trust a role is created with while a principal it names does not exist yet (see plan.ts).
// It keeps every principal that exists and drops the pending ones, so it is never wider than the
// final trust; when nothing is left it denies sts:AssumeRole to the account root, admitting nobody.
import type { PolicyDocument, PolicyStatement, PrincipalBlock } from '../policy/document.js';
import { serialisePolicy } from '../policy/parse.js';

export function placeholderTrust(trust: PolicyDocument, pendingArns: string[], accountId: string): string {
  const pending = new Set(pendingArns);
  const statements = trust.Statement.flatMap((s) => keepStatement(s, pending));
  if (statements.length > 0) return serialisePolicy({ Version: trust.Version, Statement: statements });
  return serialisePolicy({
    Version: '1',
    Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${accountId}:root`] } }],
  });
}

function keepStatement(statement: PolicyStatement, pending: Set<string>): PolicyStatement[] {
  const principal = statement.Principal;
  if (principal === undefined || principal === '*' || principal.RAM === undefined) return [statement];
  const ram = (Array.isArray(principal.RAM) ? principal.RAM : [principal.RAM]).filter((arn) => !pending.has(arn));
  const next: PrincipalBlock = { ...principal };
  if (ram.length > 0) next.RAM = ram;
  else delete next.RAM;
  const remaining = Object.values(next).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
  // A Deny that loses its principals must not vanish silently into an Allow-only document; but dropping
  // a Deny can only widen access if the matching Allow survives, and that Allow names the same pending
  // principal, which is dropped too. So a statement without principals is simply omitted.
  return remaining ? [{ ...statement, Principal: next }] : [];
}
