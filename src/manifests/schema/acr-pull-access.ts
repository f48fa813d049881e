import { envelope, HOSTNAME_PATTERN, INSTANCE_ID_PATTERN, refName, regionId, roleName, type JsonSchema } from './common.js';

const registry: JsonSchema = {
  type: 'object',
  description: 'The ACR instance pulled from.',
  required: ['account', 'edition'],
  additionalProperties: false,
  properties: {
    account: refName('metadata.name of the Account owning the ACR instance (may equal eciAccount).'),
    edition: { enum: ['Enterprise', 'Personal'], description: 'ACR edition.' },
    instanceId: { type: 'string', pattern: INSTANCE_ID_PATTERN, description: 'Enterprise only: the instance id, cri-…. Enterprise needs this or instanceName.' },
    instanceName: {
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]*$',
      description: 'Enterprise only, instead of instanceId: the instance name, resolved to its id through ACR (ListInstance in the registry account and region) when plan or run --once starts.',
    },
    regionId: regionId("Region of the instance (default: the registry account's regionId)."),
    customDomains: {
      type: 'array',
      default: [],
      items: { type: 'string', pattern: HOSTNAME_PATTERN },
      description: 'Enterprise only. Empty or absent: the instance is used through its default domain.',
    },
    namespaces: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$' },
      description: 'Personal edition: the namespaces pulled from (scopes the pull policy; default: all).',
    },
  },
};

export const acrPullAccessSchema = envelope(
  'AcrPullAccess',
  'AcrPullAccess',
  'ECI in eciAccount may pull from one ACR instance without a password. Expands into RamRole/RamPolicy objects and the AcrRegistryInfo ImageCaches pass (the three cases of the README).',
  {
    type: 'object',
    required: ['eciAccount', 'registry'],
    additionalProperties: false,
    properties: {
      eciAccount: refName('metadata.name of the Account where ECI instances and image caches run.'),
      registry,
      restrictToInstance: {
        type: 'boolean',
        default: true,
        description:
          'Same account, Personal or default domain only: create a role scoped to this instance instead of relying on the service-linked role AliyunServiceRoleForECI, which may pull from every such instance of the account.',
      },
      pullPolicy: {
        enum: ['minimal', 'documented', 'full'],
        default: 'minimal',
        description:
          'minimal: a custom policy granting only what a pull needs on this instance; documented: the custom policy of Alibaba\'s ECI guide (cr:Get* and cr:List* on *, cr:Pull* on this instance); full: AliyunContainerRegistryFullAccess, as Alibaba\'s guide shows for cross-account pulls.',
      },
      roleNames: {
        type: 'object',
        description: 'Role names (default: <name>-eci and <name>-acr, see the README).',
        additionalProperties: false,
        properties: {
          service: roleName('The role in the ECI account (ArnService).'),
          user: roleName('Cross account: the role in the registry account (ArnUser).'),
        },
      },
    },
  },
);
