// The plan's atomic cloud operations, grouped in stages. Creation stages run first, in dependency
// order; deletion stages run after, in the reverse order (a role can only go once detached, a policy
// only once no managed role holds it). Independent resources run concurrently within a stage.
import type { ImageCacheSpec, PolicyAttachment } from '../model/desired.js';
import type { Tags } from '../model/observed.js';

export const STAGES = [
  'policies',
  'roles',
  'attachments',
  'trust',
  'image-caches',
  'delete-image-caches',
  'detach',
  'delete-roles',
  'delete-policies',
] as const;
export type Stage = (typeof STAGES)[number];

export type CacheCreateParams = ImageCacheSpec;

export type Operation =
  | { op: 'tag'; resourceType: 'role' | 'policy'; name: string; set: Tags; remove: string[] }
  | { op: 'create-policy'; policyName: string; document: string; description: string; tags: Tags }
  | { op: 'delete-policy-version'; policyName: string; versionId: string }
  | { op: 'create-policy-version'; policyName: string; document: string }
  | { op: 'set-default-policy-version'; policyName: string; versionId: string }
  | { op: 'create-role'; roleName: string; trustDocument: string; description: string; maxSessionDuration: number; tags: Tags }
  | { op: 'update-role'; roleName: string; trustDocument?: string; description?: string; maxSessionDuration?: number }
  | { op: 'attach'; roleName: string; policy: PolicyAttachment }
  | { op: 'detach'; roleName: string; policy: PolicyAttachment }
  | {
      op: 'create-image-cache';
      params: CacheCreateParams;
      /** Deterministic seed of the ClientToken: manifest identity + desired params + replaced IDs. */
      tokenSeed: string;
      /** IDs this create replaces: a token answer naming one of them means "salt the token". */
      replaces: string[];
    }
  | {
      op: 'update-image-cache';
      regionId: string;
      imageCacheId: string;
      /** The cache's current name, sent unchanged: older API pages mark ImageCacheName required on update. */
      imageCacheName: string;
      images: string[];
      imageCacheSize: number;
      retentionDays?: number;
      tags: Tags;
    }
  | { op: 'delete-image-cache'; regionId: string; imageCacheId: string }
  | { op: 'delete-role'; roleName: string }
  | { op: 'delete-policy'; policyName: string };

export type Step = Operation & {
  stage: Stage;
  /** The resource this step changes; its outcome is the fold of its steps. */
  key: string;
  accountName: string;
  accountId: string;
  /** Keys whose failure makes this step `skipped` (a dependency that did not converge). */
  dependsOn: string[];
  /** Keys created earlier in this pass that this step consumes: `not-found` is retried (eventual consistency). */
  consumes: string[];
  /**
   * Keys whose steps in the SAME stage must finish before this resource's steps of that stage start
   * (a role whose trust names another role created in this pass). Acyclic by construction.
   */
  after?: string[];
};

/** What a step targets, for logs and rendering: "attach System:AliyunSTSAssumeRoleAccess to role-assume". */
export function describeStep(step: Operation): string {
  switch (step.op) {
    case 'tag':
      return `tag ${step.resourceType} ${step.name} as managed`;
    case 'create-policy':
      return `create policy ${step.policyName}`;
    case 'delete-policy-version':
      return `delete version ${step.versionId} of policy ${step.policyName}`;
    case 'create-policy-version':
      return `create default version of policy ${step.policyName}`;
    case 'set-default-policy-version':
      return `set ${step.versionId} as default version of policy ${step.policyName}`;
    case 'create-role':
      return `create role ${step.roleName}`;
    case 'update-role':
      return `update role ${step.roleName}`;
    case 'attach':
      return `attach ${step.policy.policyType}:${step.policy.policyName} to role ${step.roleName}`;
    case 'detach':
      return `detach ${step.policy.policyType}:${step.policy.policyName} from role ${step.roleName}`;
    case 'create-image-cache':
      return `create image cache ${step.params.imageCacheName} in ${step.params.regionId}`;
    case 'update-image-cache':
      return `update image cache ${step.imageCacheId}`;
    case 'delete-image-cache':
      return `delete image cache ${step.imageCacheId}`;
    case 'delete-role':
      return `delete role ${step.roleName}`;
    case 'delete-policy':
      return `delete policy ${step.policyName}`;
  }
}
