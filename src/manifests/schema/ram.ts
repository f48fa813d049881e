import {
  adopt,
  deletionPolicy,
  description,
  envelope,
  PRINCIPAL_ARN_PATTERN,
  policyName,
  refName,
  roleName,
  roleRefOrArn,
  type JsonSchema,
} from './common.js';

/** A RAM policy document as YAML; its grammar is checked by the policy module, not here. */
const policyDocument = (what: string): JsonSchema => ({
  type: 'object',
  description: `${what} as YAML: {Version: "1", Statement: [...]}. Serialised to JSON; at most 6144 characters.`,
  required: ['Version', 'Statement'],
  properties: {
    Version: { const: '1', description: 'Always "1" (a string).' },
    Statement: { type: 'array', minItems: 1, items: { type: 'object' } },
  },
});

const trust: JsonSchema = {
  type: 'object',
  description: 'Who may assume the role: services and principals, or a raw trust document (not both).',
  additionalProperties: false,
  properties: {
    services: {
      type: 'array',
      description: 'Trusted cloud services, e.g. eci.aliyuncs.com.',
      items: { type: 'string', pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.aliyuncs\\.com$' },
      uniqueItems: true,
    },
    principals: {
      type: 'array',
      description: 'RAM principals admitted to assume the role.',
      items: roleRefOrArn('A principal', PRINCIPAL_ARN_PATTERN),
    },
    document: policyDocument('A raw trust policy (AssumeRolePolicyDocument)'),
  },
};

const policyAttachment: JsonSchema = {
  type: 'object',
  description: 'Either {system: <system policy name>} or {policyRef: <RamPolicy name in the same account>}.',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: {
    system: { type: 'string', pattern: '^[A-Za-z0-9-]+$', 'x-code': 'INVALID_POLICY_NAME', description: 'A system policy, e.g. AliyunSTSAssumeRoleAccess.' },
    policyRef: refName('metadata.name of a RamPolicy manifest in the same account.'),
  },
};

export const ramRoleSchema = envelope('RamRole', 'RamRole', 'A RAM role: its trust policy and, authoritatively, its policy attachments.', {
  type: 'object',
  required: ['account', 'trust'],
  additionalProperties: false,
  properties: {
    account: refName('metadata.name of the Account the role lives in.'),
    roleName: roleName('The RAM role name (default: metadata.name). Letters, digits, "." and "-"; at most 64.'),
    description,
    maxSessionDuration: {
      type: 'integer',
      minimum: 3600,
      maximum: 43200,
      default: 3600,
      'x-code': 'INVALID_SESSION_DURATION',
      description: 'Maximum session duration in seconds: 3600..43200.',
    },
    trust,
    policies: {
      type: 'array',
      default: [],
      description: 'Authoritative: the role ends up with exactly these attachments.',
      items: policyAttachment,
    },
    adopt,
    deletionPolicy,
  },
});

export const ramPolicySchema = envelope('RamPolicy', 'RamPolicy', 'A custom RAM policy.', {
  type: 'object',
  required: ['account', 'document'],
  additionalProperties: false,
  properties: {
    account: refName('metadata.name of the Account the policy lives in.'),
    policyName: policyName('The RAM policy name (default: metadata.name, which then must not contain "."). Letters, digits and "-"; at most 128.'),
    description,
    document: policyDocument('The permission policy'),
    adopt,
    deletionPolicy,
  },
});
