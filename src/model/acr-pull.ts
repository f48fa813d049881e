// The pull policies AcrPullAccess generates. The emulator judges pulls with its own table, written
// from Alibaba's documentation (src/emulator/pull/requirements.ts); cross-tests hold these policies
// to it, so a wrong action or resource here makes a test's pull fail instead of a user's pod.
import type { PolicyStatement } from '../policy/document.js';

export type AcrEdition = 'Enterprise' | 'Personal';

/** What a pull policy is scoped to. */
export interface AcrPullScope {
  edition: AcrEdition;
  accountId: string;
  regionId: string;
  /** Enterprise only. */
  instanceId?: string;
  /** Personal only: the namespaces pulled from (default: all). */
  namespaces?: string[];
}

export const instanceArn = (regionId: string, accountId: string, instanceId: string): string =>
  `acs:cr:${regionId}:${accountId}:instance/${instanceId}`;

const isEnterprise = (s: AcrPullScope): s is AcrPullScope & { instanceId: string } => s.edition === 'Enterprise' && s.instanceId !== undefined;

/** Every repository of the scope: repository/<instance>/* (Enterprise) or repository/<ns>/* per namespace (Personal). */
function repositoryPatterns(s: AcrPullScope): string[] {
  const prefix = `acs:cr:${s.regionId}:${s.accountId}:repository`;
  if (isEnterprise(s)) return [`${prefix}/${s.instanceId}/*`];
  const namespaces = s.namespaces?.length ? s.namespaces : ['*'];
  return namespaces.map((ns) => `${prefix}/${ns}/*`);
}

/**
 * The least privilege for a pull, with the actions ACS and SAE document for their own pulls.
 * cr:GetAuthorizationToken is on "*" because ACR does not scope it to a resource (its API reference
 * lists "All Resources"); the login it returns carries only the caller's own pull rights, so "*"
 * opens no repository. ListInstanceEndpoint is on the instance, its documented resource.
 */
export function minimalPullStatements(scope: AcrPullScope): PolicyStatement[] {
  const token: PolicyStatement = { Effect: 'Allow', Action: ['cr:GetAuthorizationToken'], Resource: '*' };
  const pull: PolicyStatement = { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: repositoryPatterns(scope) };
  if (!isEnterprise(scope)) return [token, pull];
  const endpoint: PolicyStatement = { Effect: 'Allow', Action: ['cr:ListInstanceEndpoint'], Resource: [instanceArn(scope.regionId, scope.accountId, scope.instanceId)] };
  return [token, endpoint, pull];
}

/**
 * Exactly the custom policy of Alibaba's ECI guide: cr:Get* and cr:List* on "*", cr:Pull* on the
 * instance. Personal Edition has no instance, so cr:Pull* is scoped to its repositories instead.
 */
export function documentedPullStatements(scope: AcrPullScope): PolicyStatement[] {
  const pullOn = isEnterprise(scope) ? [instanceArn(scope.regionId, scope.accountId, scope.instanceId)] : repositoryPatterns(scope);
  return [
    { Effect: 'Allow', Action: ['cr:Get*', 'cr:List*'], Resource: '*' },
    { Effect: 'Allow', Action: ['cr:Pull*'], Resource: pullOn },
  ];
}
