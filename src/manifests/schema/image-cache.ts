import {
  deletionPolicy,
  envelope,
  HOSTNAME_PATTERN,
  INSTANCE_ID_PATTERN,
  refName,
  regionId,
  ROLE_ARN_PATTERN,
  roleRefOrArn,
  type JsonSchema,
} from './common.js';

const registryInfo: JsonSchema = {
  type: 'object',
  description: 'One AcrRegistryInfo.N entry of CreateImageCache.',
  additionalProperties: false,
  properties: {
    instanceId: {
      type: 'string',
      pattern: INSTANCE_ID_PATTERN,
      description: 'ACR Enterprise instance id (cri-…). Required when the instance is used through a custom domain.',
    },
    instanceName: { type: 'string', minLength: 1, description: 'ACR Enterprise instance name.' },
    regionId: regionId('Region of the ACR instance, when it differs from the cache region.'),
    domains: { type: 'array', items: { type: 'string', pattern: HOSTNAME_PATTERN }, description: 'Domains of the instance to use (default: all).' },
    arnService: roleRefOrArn('The role in the cache account that ECI assumes (ArnService)', ROLE_ARN_PATTERN),
    arnUser: roleRefOrArn('The role in the registry account that holds pull rights (ArnUser)', ROLE_ARN_PATTERN),
  },
};

export const imageCacheSchema = envelope('ImageCache', 'ImageCache', 'An ECI image cache.', {
  type: 'object',
  required: ['account', 'images', 'vSwitchId', 'securityGroupId'],
  additionalProperties: false,
  properties: {
    account: refName('metadata.name of the Account the cache lives in.'),
    regionId: regionId("Region of the cache (default: the account's regionId)."),
    imageCacheName: { type: 'string', minLength: 1, maxLength: 128, description: 'Name of the cache (default: metadata.name).' },
    images: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      description: 'Images to cache, each with its tag.',
      items: { type: 'string', minLength: 1, pattern: '^[^\\s]+$' },
    },
    vSwitchId: { type: 'string', pattern: '^vsw-[a-z0-9-]+(,vsw-[a-z0-9-]+){0,9}$', description: 'vSwitch id(s), comma-separated, at most 10.' },
    securityGroupId: { type: 'string', pattern: '^sg-[a-z0-9-]+$', description: 'Security group id.' },
    eipInstanceId: { type: 'string', pattern: '^eip-[a-z0-9-]+$', description: 'Optional EIP, for internet access to public images.' },
    imageCacheSize: { type: 'integer', minimum: 20, maximum: 32768, default: 20, description: 'Size in GiB, 20 to 32768 (Alibaba documents this range for its ImageCache resource).' },
    retentionDays: { type: 'integer', minimum: 1, description: 'Days to keep the cache; absent: never expires.' },
    tags: {
      type: 'object',
      default: {},
      maxProperties: 18,
      additionalProperties: { type: 'string' },
      description: 'Tags on the cache (the reconciler adds its own ownership tags, so at most 18).',
    },
    acrPullAccess: refName('metadata.name of an AcrPullAccess: the cache takes the AcrRegistryInfo it implies. Not together with acrRegistryInfo.'),
    acrRegistryInfo: { type: 'array', items: registryInfo, description: 'Explicit AcrRegistryInfo entries. Not together with acrPullAccess.' },
    deletionPolicy,
  },
});
