import { accountId, envelope, OWNER_ID_PATTERN, refName, regionId, ROLE_ARN_PATTERN, type JsonSchema } from './common.js';

const envName = (description: string): JsonSchema => ({ type: 'string', description, pattern: '^[A-Za-z_][A-Za-z0-9_]*$' });
const rate = (service: string, fallback: string): JsonSchema => ({
  type: 'number',
  exclusiveMinimum: 0,
  maximum: 10000,
  description: `Calls per second the reconciler sends to ${service} in this account, at most (default ${fallback}). Lower it when other tools share the account's quota; raise it only where Alibaba granted more.`,
});
const endpoint = (service: string): JsonSchema => ({ type: 'string', minLength: 1, description: `Endpoint override for ${service} (host[:port] or https://host), e.g. a VPC endpoint; an Alibaba Cloud HTTPS endpoint unless allowCustomEndpoints.` });

const credentials: JsonSchema = {
  type: 'object',
  description: 'Where the credentials for this account come from. No secret ever appears in a manifest.',
  default: { source: 'default' },
  required: ['source'],
  additionalProperties: false,
  properties: {
    source: {
      enum: ['default', 'env', 'profile', 'assumeRole', 'oidc'],
      default: 'default',
      description:
        'default: the standard Alibaba credential chain; env: environment variables named below; profile: a profile of the Alibaba credentials file; assumeRole: assume roleArn with the credentials of the Account named in `via`; oidc: exchange the OIDC token in tokenFile for a session of roleArn (AssumeRoleWithOIDC, as RRSA does), for several accounts from one pod.',
    },
    accessKeyIdEnv: envName('source: env — name of the variable holding the AccessKey ID.'),
    accessKeySecretEnv: envName('source: env — name of the variable holding the AccessKey secret.'),
    securityTokenEnv: envName('source: env — optional: name of the variable holding an STS token.'),
    profile: { type: 'string', minLength: 1, description: 'source: profile — the profile name.' },
    roleArn: { type: 'string', pattern: ROLE_ARN_PATTERN, 'x-code': 'INVALID_ARN', description: 'source: assumeRole or oidc — the role to assume.' },
    via: refName('source: assumeRole — metadata.name of the Account whose credentials assume the role.'),
    sessionName: { type: 'string', pattern: '^[A-Za-z0-9.@_-]{2,64}$', default: 'eci-acr-reconciler', description: 'source: assumeRole or oidc — the role session name.' },
    externalId: { type: 'string', minLength: 1, description: 'source: assumeRole — optional external id.' },
    oidcProviderArn: {
      type: 'string',
      pattern: '^acs:ram::[0-9]{16}:oidc-provider/[A-Za-z0-9._-]{1,128}$',
      'x-code': 'INVALID_ARN',
      description: 'source: oidc — the RAM OIDC identity provider, acs:ram::<uid>:oidc-provider/<name> (for ACK RRSA: ack-rrsa-<clusterId>).',
    },
    tokenFile: { type: 'string', minLength: 1, description: 'source: oidc — path of the OIDC token file; read again at every exchange, so a rotated token is picked up.' },
  },
  allOf: [
    { if: { properties: { source: { const: 'env' } } }, then: { required: ['accessKeyIdEnv', 'accessKeySecretEnv'] } },
    { if: { properties: { source: { const: 'profile' } } }, then: { required: ['profile'] } },
    { if: { properties: { source: { const: 'assumeRole' } } }, then: { required: ['roleArn', 'via'] } },
    { if: { properties: { source: { const: 'oidc' } } }, then: { required: ['roleArn', 'oidcProviderArn', 'tokenFile'] } },
  ],
};

export const accountSchema = envelope(
  'Account',
  'Account',
  'An Alibaba Cloud account the reconciler acts in. Before any write the reconciler checks that the credentials resolve to accountId.',
  {
    type: 'object',
    required: ['accountId', 'regionId'],
    additionalProperties: false,
    properties: {
      accountId,
      ownerId: {
        type: 'string',
        minLength: 1,
        maxLength: 63,
        pattern: OWNER_ID_PATTERN,
        'x-code': 'INVALID_NAME',
        description:
          'Identity of this manifest set in this account (default: metadata.name), written as the tag eci-acr-reconciler.owner on everything it creates. Prune deletes only resources carrying it; another set\'s resources are never modified or deleted. Give every manifest set acting in one account its own ownerId.',
      },
      regionId: regionId('Default region for regional resources of this account.'),
      credentials,
      endpoints: {
        type: 'object',
        description: 'Optional per-service endpoint overrides.',
        additionalProperties: false,
        properties: { ram: endpoint('RAM'), sts: endpoint('STS'), eci: endpoint('ECI'), cr: endpoint('ACR (Container Registry, read-only)') },
      },
      rateLimits: {
        type: 'object',
        description: 'Optional per-service client-side rate limits for this account, replacing the defaults (docs/reconciler.md, "Background quota share").',
        additionalProperties: false,
        properties: { ram: rate('RAM', '18/s: 90 % of the assumed 20/s'), sts: rate('STS', '50/s'), eci: rate('ECI (reads and deletes; CreateImageCache and UpdateImageCache keep their own documented limits)', '10/s'), cr: rate('ACR', '10/s') },
      },
      backgroundQuotaShare: {
        type: 'string',
        pattern: '^(100|[1-9][0-9]?)%$',
        description: 'The share of each of this account\'s rate limits that background reads (daemon resyncs, cache polls) may use, e.g. "10%" (default: --background-quota-share, 25%).',
      },
      allowCustomEndpoints: {
        type: 'boolean',
        description:
          'Allow `endpoints` that are not Alibaba Cloud HTTPS endpoints (*.aliyuncs.com). Account pinning then rests on the account ID in the ARNs RAM returns; every run warns.',
      },
    },
  },
);
