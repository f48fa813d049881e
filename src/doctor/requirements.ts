// What the role that ends ECI's chain must be allowed, to pull one image. Sources (docs/doctor.md
// lists the pages):
// - ECI's guide: its custom policy grants cr:Get* and cr:List* on "*" and cr:Pull* on
//   acs:cr:<region>:<uid>:instance/<cri-id>, "只允许拉取指定ACR实例的镜像";
// - ACR's API reference: GetAuthorizationToken is authorised on all resources ("*"), so a grant on
//   the instance alone does not count; ListInstanceEndpoint is authorised on the instance;
// - ACR's ARN formats: repository/<cri-id>/<namespace>/<repository> (Enterprise) and
//   repository/<namespace>/<repository> (Personal), which ACK's narrowed policy grants all three on.
// An action counts when some accepted resource is allowed and none is explicitly denied.
import { evaluatePolicies } from '../policy/evaluate.js';
import type { PolicyDocument } from '../policy/document.js';
import type { RegistryFact } from './types.js';

export interface Requirement {
  action: string;
  /** Allowed on any of these (and denied on none). */
  resources: string[];
}

export const instanceArn = (r: RegistryFact): string => `acs:cr:${r.regionId}:${r.accountId}:instance/${r.instanceId ?? ''}`;

export function repositoryArn(r: RegistryFact, namespace: string, repository: string): string {
  const path = r.edition === 'Enterprise' && r.instanceId !== undefined ? `${r.instanceId}/${namespace}` : namespace;
  return `acs:cr:${r.regionId}:${r.accountId}:repository/${path}/${repository}`;
}

export function pullRequirements(r: RegistryFact, namespace: string, repository: string): Requirement[] {
  const repo = repositoryArn(r, namespace, repository);
  const token = { action: 'cr:GetAuthorizationToken', resources: ['*', repo] };
  if (r.edition !== 'Enterprise' || r.instanceId === undefined) return [token, { action: 'cr:PullRepository', resources: [repo] }];
  const instance = instanceArn(r);
  return [token, { action: 'cr:ListInstanceEndpoint', resources: [instance, repo] }, { action: 'cr:PullRepository', resources: [repo, instance] }];
}

export type Check = { ok: true; granted: string[] } | { ok: false; requirement: Requirement; denied: boolean };

/** Every requirement against the documents; the first unmet one, or what grants each. */
export function checkPull(docs: PolicyDocument[], requirements: readonly Requirement[]): Check {
  const granted: string[] = [];
  for (const requirement of requirements) {
    const decisions = requirement.resources.map((resource) => evaluatePolicies(docs, { action: requirement.action, resource }).decision);
    const denied = decisions.includes('ExplicitDeny');
    const allowedOn = requirement.resources.filter((_, i) => decisions[i] === 'Allow');
    if (denied || allowedOn.length === 0) return { ok: false, requirement, denied };
    granted.push(`${requirement.action} on ${allowedOn[0]}`);
  }
  return { ok: true, granted };
}
