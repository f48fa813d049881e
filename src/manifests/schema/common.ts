// Building blocks of the JSON Schemas. The schemas are written here, in TypeScript, so the
// validator needs no file lookup at run time; `schemas/*.schema.json` are generated from them
// (`node --import tsx src/manifests/schema/write.ts`) for editors, and a test keeps both in step.
// `x-code` names the diagnostic a failed pattern or range reports instead of the generic one.

export type JsonSchema = Record<string, unknown>;

export const API_VERSION = 'eci-acr-reconciler/v1alpha1';

/** RAM role names: letters, digits, '.', '-' (current docs, §10 #2), at most 64. */
export const ROLE_NAME_PATTERN = '^[A-Za-z0-9.-]+$';
/** RAM policy names: letters, digits, '-', at most 128. */
export const POLICY_NAME_PATTERN = '^[A-Za-z0-9-]+$';
export const ACCOUNT_ID_PATTERN = '^[0-9]{16}$';
/** cn-hangzhou, ap-southeast-1, us-west-1, cn-north-2-gov-1, … */
export const REGION_PATTERN = '^[a-z]{2,4}(-[a-z0-9]+){1,4}$';
export const METADATA_NAME_PATTERN = '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$';
/** A value RAM and ECI tags accept as is: letters, digits, '.', '_', '-' (no ':' or '/'), at most 63. */
export const OWNER_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
export const ROLE_ARN_PATTERN = '^acs:ram::[0-9]{16}:role/[A-Za-z0-9.-]{1,64}$';
/** Any principal ARN a trust policy may name: a root, user or role of one account. */
export const PRINCIPAL_ARN_PATTERN = '^(\\*|acs:ram::[0-9]{16}:(root|user/[^/\\s]+|role/[A-Za-z0-9.-]{1,64}))$';
export const INSTANCE_ID_PATTERN = '^cri-[a-z0-9]+$';
export const HOSTNAME_PATTERN = '^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$';

export const refName = (description: string): JsonSchema => ({
  type: 'string',
  description,
  minLength: 1,
  maxLength: 63,
  pattern: METADATA_NAME_PATTERN,
  'x-code': 'INVALID_NAME',
});

export const accountId: JsonSchema = {
  type: 'string',
  description: 'An Alibaba Cloud account id (UID): 16 digits. Quote it, or YAML reads a number.',
  pattern: ACCOUNT_ID_PATTERN,
  'x-code': 'INVALID_ACCOUNT_ID',
};

export const regionId = (description: string): JsonSchema => ({
  type: 'string',
  description,
  pattern: REGION_PATTERN,
  examples: ['cn-hangzhou', 'cn-beijing', 'ap-southeast-1'],
  'x-code': 'INVALID_REGION',
});

export const roleName = (description: string): JsonSchema => ({
  type: 'string',
  description,
  minLength: 1,
  maxLength: 64,
  pattern: ROLE_NAME_PATTERN,
  'x-code': 'INVALID_ROLE_NAME',
});

export const policyName = (description: string): JsonSchema => ({
  type: 'string',
  description,
  minLength: 1,
  maxLength: 128,
  pattern: POLICY_NAME_PATTERN,
  'x-code': 'INVALID_POLICY_NAME',
});

export const description: JsonSchema = { type: 'string', description: 'Free text shown in the console (1-1024 characters).', minLength: 1, maxLength: 1024 };

export const adopt: JsonSchema = {
  type: 'boolean',
  default: false,
  description: 'true: take over an existing resource of this name that the reconciler did not create.',
};

export const deletionPolicy: JsonSchema = {
  enum: ['Delete', 'Retain'],
  default: 'Delete',
  description: 'What `run --prune` does once the manifest is gone: delete the resource, or leave it in place.',
};

/** `{roleRef: name}` or `{arn: acs:ram::…}`: exactly one of the two. */
export const roleRefOrArn = (what: string, arnPattern: string): JsonSchema => ({
  type: 'object',
  description: `${what}: either {roleRef: <RamRole name>} or {arn: <ARN>}.`,
  properties: {
    roleRef: refName('metadata.name of a RamRole manifest (any account); resolved to its ARN.'),
    arn: { type: 'string', description: 'A RAM ARN written out.', pattern: arnPattern, 'x-code': 'INVALID_ARN' },
  },
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
});

/** The annotation that pauses a resource (on an Account: all of its resources); see SUSPEND_ANNOTATION. */
export const SUSPEND_ANNOTATION = 'eci-acr-reconciler/suspend';

const annotations: JsonSchema = {
  type: 'object',
  description: 'Free-form annotations; the reconciler reads only the ones it names.',
  properties: {
    [SUSPEND_ANNOTATION]: {
      enum: ['true', 'false'],
      description:
        '"true": the daemon and `run` leave this resource untouched (no writes, no prune) and report its drift as suspended; on an Account, every resource of the account; on an AcrPullAccess, the roles and policy it expands to. Quote it: annotation values are strings.',
    },
  },
  additionalProperties: { type: 'string' },
};

export function envelope(kind: string, title: string, summary: string, spec: JsonSchema): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    description: summary,
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
    properties: {
      apiVersion: { const: API_VERSION, description: 'Manifest format version.' },
      kind: { const: kind },
      metadata: {
        type: 'object',
        description: 'Identity of the manifest.',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: refName('Unique per kind: lowercase letters, digits, "-" and "."; 1-63 characters.'),
          labels: { type: 'object', description: 'Free-form labels.', additionalProperties: { type: 'string' } },
          annotations,
        },
      },
      spec,
    },
  };
}
