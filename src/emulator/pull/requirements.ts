// What the emulator believes a password-free pull asks of the role that ends ECI's chain. Written
// from Alibaba's documentation, independently of the reconciler (src/emulator imports nothing of it):
// the reconciler's generated policies are checked against this table by cross-tests, so a wrong
// action list on either side shows up as a refused pull. Each row cites its source in
// src/emulator/README.md ("Pull requirements"); `basis` says whether Alibaba documents it for ECI.

export type AcrEditionName = 'Enterprise' | 'Personal';

/** The image being pulled, as ACR names it. */
export interface PullTarget {
  edition: AcrEditionName;
  /** The account that owns the registry. */
  accountId: string;
  regionId: string;
  /** Enterprise only. */
  instanceId?: string;
  namespace: string;
  repository: string;
}

/** How the row is known: stated for ECI by Alibaba, or carried over from ACR's and sibling products' pages. */
export type RequirementBasis = 'documented-for-eci' | 'inferred';

/** One resource form under which an action counts as granted. */
export interface AcceptedResource {
  resource: string;
  basis: RequirementBasis;
  /** Short name of the source; the README table maps it to its URL. */
  source: string;
}

export interface PullRequirement {
  action: string;
  /** Granted when allowed on ANY of these (and explicitly denied on none of them). */
  accepted: AcceptedResource[];
}

/** ACR's ARN of an Enterprise instance (ACR "RAM authorization information": Instance). */
export const crInstanceArn = (regionId: string, accountId: string, instanceId: string): string =>
  `acs:cr:${regionId}:${accountId}:instance/${instanceId}`;

/** ACR's ARN of a repository: repository/<instance>/<ns>/<repo> (Enterprise), repository/<ns>/<repo> (Personal). */
export function crRepositoryArn(t: PullTarget): string {
  const path = t.edition === 'Enterprise' && t.instanceId ? `${t.instanceId}/${t.namespace}` : t.namespace;
  return `acs:cr:${t.regionId}:${t.accountId}:repository/${path}/${t.repository}`;
}

/**
 * The rows of the table for one image. cr:GetAuthorizationToken is not resource-scoped in ACR's API
 * reference ("All Resources", authenticated resource `*`), so a grant naming only the instance does
 * not count; the repository form is accepted because ACS documents narrowing to it.
 */
export function pullRequirements(t: PullTarget): PullRequirement[] {
  const repository = crRepositoryArn(t);
  const token: PullRequirement = {
    action: 'cr:GetAuthorizationToken',
    accepted: [
      { resource: '*', basis: 'documented-for-eci', source: 'acr-api-get-authorization-token' },
      { resource: repository, basis: 'inferred', source: t.edition === 'Enterprise' ? 'acs-narrowed-policy' : 'acr-personal-access-control' },
    ],
  };
  if (t.edition !== 'Enterprise' || !t.instanceId) {
    return [token, { action: 'cr:PullRepository', accepted: [{ resource: repository, basis: 'inferred', source: 'acr-personal-access-control' }] }];
  }
  const instance = crInstanceArn(t.regionId, t.accountId, t.instanceId);
  return [
    token,
    {
      action: 'cr:ListInstanceEndpoint',
      accepted: [
        { resource: instance, basis: 'inferred', source: 'acr-api-list-instance-endpoint' },
        { resource: repository, basis: 'inferred', source: 'acs-narrowed-policy' },
      ],
    },
    {
      action: 'cr:PullRepository',
      accepted: [
        { resource: repository, basis: 'inferred', source: 'acr-arn-formats' },
        { resource: instance, basis: 'documented-for-eci', source: 'eci-guide-custom-policy' },
      ],
    },
  ];
}

export type Evaluate = (action: string, resource: string) => 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** The first requirement the policies do not meet, as "<action> on <resource> or <resource>"; undefined when all are met. */
export function missingPermission(requirements: readonly PullRequirement[], evaluate: Evaluate): string | undefined {
  for (const { action, accepted } of requirements) {
    const decisions = accepted.map((a) => evaluate(action, a.resource));
    if (decisions.includes('ExplicitDeny') || !decisions.includes('Allow')) {
      return `${action} on ${accepted.map((a) => a.resource).join(' or ')}`;
    }
  }
  return undefined;
}
