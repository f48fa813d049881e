import type { ManifestKind } from '../../model/desired.js';
import { accountSchema } from './account.js';
import { acrPullAccessSchema } from './acr-pull-access.js';
import { API_VERSION, type JsonSchema } from './common.js';
import { imageCacheSchema } from './image-cache.js';
import { ramPolicySchema, ramRoleSchema } from './ram.js';

export const KIND_SCHEMAS: Record<ManifestKind, JsonSchema> = {
  Account: accountSchema,
  RamRole: ramRoleSchema,
  RamPolicy: ramPolicySchema,
  ImageCache: imageCacheSchema,
  AcrPullAccess: acrPullAccessSchema,
};

export const KINDS = Object.keys(KIND_SCHEMAS) as ManifestKind[];

export const isKind = (value: unknown): value is ManifestKind => typeof value === 'string' && Object.hasOwn(KIND_SCHEMAS, value);

/** schemas/<file> for each kind. */
export const schemaFileName = (kind: ManifestKind): string => `${kind.toLowerCase()}.schema.json`;

/**
 * For files mixing kinds: `# yaml-language-server: $schema=…/manifest.schema.json`. It dispatches on
 * `kind` with if/then rather than `oneOf`, so an editor reports the errors of the right kind only
 * instead of one failure per alternative.
 */
export const manifestSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'eci-acr-reconciler manifest',
  description: `Any ${API_VERSION} manifest; the kind selects the schema.`,
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: KINDS } },
  allOf: KINDS.map((kind) => ({ if: { properties: { kind: { const: kind } }, required: ['kind'] }, then: { $ref: `./${schemaFileName(kind)}` } })),
};
