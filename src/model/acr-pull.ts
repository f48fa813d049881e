// What a password-free pull asks of the role that ends ECI's chain, in one place: the emulator's
// pull model checks exactly these, and AcrPullAccess's minimal policy grants exactly these, so the
// two can never drift apart. Action names follow the pull permissions documented for ACS and SAE
// (alibaba-openapi.md §7.3): an auth token and the instance endpoint, then the repository pull.
import type { PolicyStatement } from '../policy/document.js';

export type AcrEdition = 'Enterprise' | 'Personal';

export interface AcrImageTarget {
  edition: AcrEdition;
  accountId: string;
  regionId: string;
  /** Enterprise only. */
  instanceId?: string;
  namespace: string;
  repository: string;
}

export interface PullCheck {
  action: string;
  /** The check passes when the action is allowed on ANY of these resources. */
  resources: string[];
}

export const instanceArn = (regionId: string, accountId: string, instanceId: string): string =>
  `acs:cr:${regionId}:${accountId}:instance/${instanceId}`;

/** Enterprise: repository/<instance>/<ns>/<repo>; Personal (no instance): repository/<ns>/<repo>. */
export const repositoryArn = (t: Omit<AcrImageTarget, 'edition'>): string =>
  t.instanceId
    ? `acs:cr:${t.regionId}:${t.accountId}:repository/${t.instanceId}/${t.namespace}/${t.repository}`
    : `acs:cr:${t.regionId}:${t.accountId}:repository/${t.namespace}/${t.repository}`;

/**
 * The permission checks of one pull. Pulling is also granted on the instance ARN, because Alibaba's
 * own guide scopes `cr:Pull*` to `instance/<id>` and a policy copied from it must work.
 */
export function pullChecks(t: AcrImageTarget): PullCheck[] {
  const repo = repositoryArn(t);
  if (t.edition === 'Personal' || !t.instanceId) {
    return [
      { action: 'cr:GetAuthorizationToken', resources: [repo] },
      { action: 'cr:PullRepository', resources: [repo] },
    ];
  }
  const instance = instanceArn(t.regionId, t.accountId, t.instanceId);
  return [
    { action: 'cr:GetAuthorizationToken', resources: [instance] },
    { action: 'cr:ListInstanceEndpoint', resources: [instance] },
    { action: 'cr:PullRepository', resources: [repo, instance] },
  ];
}

/** The least-privilege statements that satisfy pullChecks for every repository of the scope. */
export function minimalPullStatements(scope: {
  edition: AcrEdition;
  accountId: string;
  regionId: string;
  instanceId?: string;
  namespaces?: string[];
}): PolicyStatement[] {
  const { accountId, regionId, instanceId } = scope;
  if (scope.edition === 'Enterprise' && instanceId) {
    return [
      { Effect: 'Allow', Action: ['cr:GetAuthorizationToken', 'cr:ListInstanceEndpoint'], Resource: [instanceArn(regionId, accountId, instanceId)] },
      { Effect: 'Allow', Action: ['cr:PullRepository'], Resource: [`acs:cr:${regionId}:${accountId}:repository/${instanceId}/*`] },
    ];
  }
  const namespaces = scope.namespaces?.length ? scope.namespaces : ['*'];
  return [
    {
      Effect: 'Allow',
      Action: ['cr:GetAuthorizationToken', 'cr:PullRepository'],
      Resource: namespaces.map((ns) => `acs:cr:${regionId}:${accountId}:repository/${ns}/*`),
    },
  ];
}
