// Which attached policy decides an action, for the ✓/✗ lines: "allowed by Custom policy acr-pull",
// "denied by Custom policy guard", "no attached policy allows it".
import { evaluatePolicies } from '../policy/evaluate.js';
import type { PolicyDocument } from '../policy/document.js';
import type { AttachedPolicy } from './types.js';

export const documentsOf = (policies: readonly AttachedPolicy[]): PolicyDocument[] =>
  policies.flatMap((p) => (p.document ? [p.document] : []));

const label = (p: AttachedPolicy) => `${p.policyType} policy ${p.policyName}`;

export function decidingPolicy(policies: readonly AttachedPolicy[], action: string, resource: string): string {
  const decide = (p: AttachedPolicy) => (p.document ? evaluatePolicies([p.document], { action, resource }).decision : 'ImplicitDeny');
  const denier = policies.find((p) => decide(p) === 'ExplicitDeny');
  if (denier) return `denied by ${label(denier)}`;
  const allower = policies.find((p) => decide(p) === 'Allow');
  if (allower) return `allowed by ${label(allower)}`;
  const names = policies.map(label).join(', ');
  return `no attached policy allows it (attached: ${names === '' ? 'none' : names})`;
}
