// plan(desired, observed): the diff turned into ordered steps. Pure.
//
// Ordering (ARCHITECTURE §5, issue 5): policies → roles → attachments → trust policies naming roles
// created in this pass → image caches; then deletions in reverse: caches → detach → roles → policies.
//
// Trust naming a role that does not exist yet (created in this pass): the role is created (or its
// trust updated) in the `roles` stage AFTER that principal's create-role step, with its final trust
// at once (`after`; not-found is retried for eventual consistency). Only a role in a trust cycle of
// new roles (trusting itself, or A → B → A) cannot be ordered: it is created with a PLACEHOLDER trust
// — the desired trust without the cycle's not-yet-existing principals (statements left without
// principals dropped; if nothing is left, a statement that denies sts:AssumeRole to the own account
// root, which admits nobody) — and the final trust is set with UpdateRole in the `trust` stage. A
// placeholder is never wider than the final trust.
import { roleArn, type DesiredState } from '../model/desired.js';
import { policyKey, roleKey } from '../model/keys.js';
import { MANIFEST_TAG } from '../model/ownership.js';
import { trustPrincipals } from '../policy/trust.js';
import { cacheCreateParams } from './diff-cache.js';
import { diff } from './diff.js';
import type { ObservedState } from './observed-state.js';
import { placeholderTrust } from './placeholder.js';
import { markSuspended } from './suspend.js';
import { STAGES, type Operation, type Stage, type Step } from './steps.js';
import { cacheTokenSeed, isOurs, ownershipTags } from './tags.js';
import { isChange, worstImpact, type Impact, type ImageCacheDiff, type PolicyDiff, type ResourceDiff, type RoleDiff } from './types.js';

export interface PlanOptions {
  prune: boolean;
  /** Refuse the pass when it would delete more than this many resources (default 10). */
  maxDeletes: number;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  unchanged: number;
  pending: number;
  conflict: number;
  orphan: number;
  error: number;
  /** Suspended resources, counted here only (not by their action): reported, not changed. Absent when 0. */
  suspended?: number;
}

export interface Plan {
  diffs: ResourceDiff[];
  /** In execution order: by stage, then by resource. Empty when `refused`. */
  steps: Step[];
  /** Why a prune guard refused the whole pass; nothing is written then. */
  refused?: string;
  impact: Impact;
  summary: PlanSummary;
  /** Set on a partial plan (`--target`): the targets it was restricted to. */
  targets?: string[];
}

export const DEFAULT_MAX_DELETES = 10;

export function plan(desired: DesiredState, observed: ObservedState, options: PlanOptions = { prune: false, maxDeletes: DEFAULT_MAX_DELETES }): Plan {
  const diffs = markSuspended(diff(desired, observed, { prune: options.prune }), desired);
  const summary = summarise(diffs);
  const impact = worstImpact(...diffs.map((d) => (d.suspended ? 'none' : d.impact)));
  const refused = pruneGuard(desired, observed, diffs, options);
  if (refused !== undefined) return { diffs, steps: [], refused, impact, summary };
  const context = planContext(desired, observed, diffs);
  const steps = diffs.filter((d) => !d.suspended).flatMap((d) => stepsFor(d, context));
  const order = (s: Stage) => STAGES.indexOf(s);
  // Stable sort: within a stage, steps of one resource keep their order (delete versions before create).
  steps.sort((a, b) => order(a.stage) - order(b.stage));
  return { diffs, steps, impact, summary };
}

/** The plan of `keys` only (a `--target` selection): its diffs and steps, summary and impact recounted. */
export function restrictPlan(full: Plan, keys: ReadonlySet<string>, targets: string[]): Plan {
  const diffs = full.diffs.filter((d) => keys.has(d.key));
  const restricted: Plan = { diffs, steps: full.steps.filter((s) => keys.has(s.key)), impact: worstImpact(...diffs.map((d) => d.impact)), summary: summarise(diffs), targets };
  return full.refused === undefined ? restricted : { ...restricted, refused: full.refused };
}

export const hasChanges = (p: Plan): boolean => p.steps.length > 0 || p.diffs.some(isChange);

function summarise(diffs: ResourceDiff[]): PlanSummary {
  const s: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0, pending: 0, conflict: 0, orphan: 0, error: 0 };
  for (const d of diffs) {
    if (d.suspended) s.suspended = (s.suspended ?? 0) + 1;
    else if (d.action === 'none') s.unchanged += 1;
    else s[d.action] += 1;
  }
  return s;
}

function pruneGuard(desired: DesiredState, observed: ObservedState, diffs: ResourceDiff[], options: PlanOptions): string | undefined {
  if (!options.prune) return undefined;
  const declared = desired.roles.length + desired.policies.length + desired.imageCaches.length;
  if (declared === 0) return 'refusing to prune: the manifests declare no resources, so every owned resource would be deleted';
  const deletes = diffs.filter((d) => d.action === 'delete' && !d.suspended).length;
  const owned = countOwned(desired, observed);
  if (deletes > 0 && deletes >= owned) return `refusing to prune: the pass would delete every owned resource (${deletes})`;
  if (deletes > options.maxDeletes) return `refusing to prune: the pass would delete ${deletes} resources, more than --max-deletes ${options.maxDeletes}`;
  return undefined;
}

/** Resources this manifest set owns (its ownerId per account): what "delete everything" measures against. */
function countOwned(desired: DesiredState, observed: ObservedState): number {
  let count = 0;
  for (const a of observed.accounts) {
    const ownerId = desired.accounts.find((d) => d.name === a.accountName)?.ownerId;
    if (a.error || ownerId === undefined) continue;
    const ours = (tags: Record<string, string>) => isOurs(tags, ownerId);
    count += a.roles.filter((r) => ours(r.tags)).length + a.policies.filter((p) => ours(p.tags)).length;
    count += new Set(a.imageCaches.filter((c) => ours(c.tags)).map((c) => `${c.regionId}/${c.tags[MANIFEST_TAG] ?? c.imageCacheId}`)).size;
  }
  return count;
}

interface PlanContext {
  /** Role ARN → key, for roles that are desired but do not exist yet (created in this pass). */
  pendingRoles: Map<string, string>;
  /** Role ARN → key, for every desired role. */
  desiredRoles: Map<string, string>;
  /** Keys of resources created (or recreated) by this pass. */
  created: Set<string>;
  /** Keys present in the plan (desired or owned). */
  planned: Set<string>;
  /** Account name → the manifest set's ownerId there, written as the owner tag. */
  owners: Map<string, string>;
  /** Role key → the pending role ARNs its trust names (edges of the trust graph among new roles). */
  trustEdges: Map<string, string[]>;
}

function planContext(desired: DesiredState, observed: ObservedState, diffs: ResourceDiff[]): PlanContext {
  const exists = new Set(observed.accounts.flatMap((a) => (a.error ? [] : a.roles.map((r) => roleKey(a.accountId, r.roleName)))));
  const desiredRoles = new Map(desired.roles.map((r) => [roleArn(r.accountId, r.roleName), roleKey(r.accountId, r.roleName)]));
  const pendingRoles = new Map([...desiredRoles].filter(([, key]) => !exists.has(key)));
  const created = new Set(diffs.filter((d) => d.action === 'create' || d.action === 'replace').map((d) => d.key));
  const trustEdges = new Map(desired.roles.map((r) => [roleKey(r.accountId, r.roleName), trustPrincipals(r.trust).ramArns.filter((arn) => pendingRoles.has(arn))]));
  const owners = new Map(desired.accounts.map((a) => [a.name, a.ownerId]));
  return { pendingRoles, desiredRoles, created, planned: new Set(diffs.map((d) => d.key)), trustEdges, owners };
}

/** Whether the trust graph leads from role key `from` back to `to` (so an edge to → from closes a cycle). */
function reaches(from: string, to: string, ctx: PlanContext): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (key === to) return true;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const arn of ctx.trustEdges.get(key) ?? []) stack.push(ctx.pendingRoles.get(arn)!);
  }
  return false;
}

type StepOf = (stage: Stage, op: Operation, links?: { dependsOn?: string[]; consumes?: string[]; after?: string[] }) => Step;

function stepsFor(d: ResourceDiff, ctx: PlanContext): Step[] {
  const make: StepOf = (stage, op, links = {}) => ({
    ...op,
    stage,
    key: d.key,
    accountName: d.accountName,
    accountId: d.accountId,
    dependsOn: links.dependsOn ?? [],
    consumes: links.consumes ?? [],
    ...(links.after ? { after: links.after } : {}),
  });
  if (d.kind === 'policy') return policySteps(d, make, ctx);
  if (d.kind === 'role') return roleSteps(d, make, ctx);
  return cacheSteps(d, make, ctx);
}

function policySteps(d: PolicyDiff, make: StepOf, ctx: PlanContext): Step[] {
  const name = d.name;
  if (d.action === 'delete') {
    return [
      ...d.deleteVersions.map((versionId) => make('delete-policies', { op: 'delete-policy-version', policyName: name, versionId })),
      make('delete-policies', { op: 'delete-policy', policyName: name }),
    ];
  }
  if (d.action === 'create' && d.desired && d.document) {
    return [make('policies', { op: 'create-policy', policyName: name, document: d.document.new, description: d.desired.description, tags: ownership(d, ctx) })];
  }
  if (d.action !== 'update') return [];
  const steps: Step[] = [];
  if (d.tags) steps.push(make('policies', { op: 'tag', resourceType: 'policy', name, set: d.tags.set, remove: d.tags.remove }));
  if (d.restoreVersion) steps.push(make('policies', { op: 'set-default-policy-version', policyName: name, versionId: d.restoreVersion }));
  for (const versionId of d.deleteVersions) steps.push(make('policies', { op: 'delete-policy-version', policyName: name, versionId }));
  if (d.document) steps.push(make('policies', { op: 'create-policy-version', policyName: name, document: d.document.new }));
  return steps;
}

function ownership(d: RoleDiff | PolicyDiff, ctx: PlanContext): Record<string, string> {
  return d.desired ? ownershipTags(d.desired.origin, d.desired.deletionPolicy, ownerIn(ctx, d.accountName)) : {};
}

/** Every diff of a desired account has an owner; '' cannot happen and would fail RAM's tag check loudly. */
const ownerIn = (ctx: PlanContext, accountName: string): string => ctx.owners.get(accountName) ?? '';

function roleSteps(d: RoleDiff, make: StepOf, ctx: PlanContext): Step[] {
  const name = d.name;
  if (d.action === 'delete') {
    return [...d.detach.map((policy) => make('detach', { op: 'detach', roleName: name, policy })), make('delete-roles', { op: 'delete-role', roleName: name })];
  }
  if ((d.action !== 'create' && d.action !== 'update') || !d.desired) return [];
  const desired = d.desired;
  const principals = d.trust ? trustPending(desired.trust, ctx) : [];
  // A principal in a cycle with this role cannot exist before it: placeholder + trust stage.
  const pending = principals.filter((arn) => reaches(ctx.pendingRoles.get(arn)!, d.key, ctx));
  const pendingKeys = pending.map((arn) => ctx.pendingRoles.get(arn) ?? '');
  const orderedKeys = principals.filter((arn) => !pending.includes(arn)).map((arn) => ctx.pendingRoles.get(arn)!);
  const ordered = orderedKeys.length > 0 ? { dependsOn: orderedKeys, consumes: orderedKeys, after: orderedKeys } : {};
  const steps: Step[] = [];
  const finalTrust = d.trust?.new;
  if (d.action === 'create') {
    const trustDocument = pending.length > 0 ? placeholderTrust(desired.trust, pending, d.accountId) : (finalTrust ?? '');
    steps.push(make('roles', { op: 'create-role', roleName: name, trustDocument, description: desired.description, maxSessionDuration: desired.maxSessionDuration, tags: ownership(d, ctx) }, ordered));
  } else {
    if (d.tags) steps.push(make('roles', { op: 'tag', resourceType: 'role', name, set: d.tags.set, remove: d.tags.remove }));
    const changes = {
      ...(d.description !== undefined ? { description: d.description } : {}),
      ...(d.maxSessionDuration !== undefined ? { maxSessionDuration: d.maxSessionDuration } : {}),
      ...(finalTrust !== undefined && pending.length === 0 ? { trustDocument: finalTrust } : {}),
    };
    if (Object.keys(changes).length > 0) steps.push(make('roles', { op: 'update-role', roleName: name, ...changes }, changes.trustDocument !== undefined ? ordered : {}));
  }
  const self = d.action === 'create' ? [d.key] : [];
  for (const policy of d.attach) {
    const pk = policy.policyType === 'Custom' ? policyKey(d.accountId, policy.policyName) : undefined;
    const dependsOn = pk && ctx.planned.has(pk) ? [pk] : [];
    const consumes = [...self, ...(pk && ctx.created.has(pk) ? [pk] : [])];
    steps.push(make('attachments', { op: 'attach', roleName: name, policy }, { dependsOn, consumes }));
  }
  for (const policy of d.detach) steps.push(make('attachments', { op: 'detach', roleName: name, policy }));
  if (finalTrust !== undefined && pending.length > 0) {
    steps.push(make('trust', { op: 'update-role', roleName: name, trustDocument: finalTrust }, { dependsOn: pendingKeys.filter((k) => k !== d.key), consumes: pendingKeys }));
  }
  return steps;
}

/** RAM role ARNs the trust names that are desired but do not exist yet. */
function trustPending(trust: Parameters<typeof trustPrincipals>[0], ctx: PlanContext): string[] {
  return trustPrincipals(trust).ramArns.filter((arn) => ctx.pendingRoles.has(arn));
}

function cacheSteps(d: ImageCacheDiff, make: StepOf, ctx: PlanContext): Step[] {
  const deletes = (stage: Stage) =>
    d.remove.map((c) => make(stage, { op: 'delete-image-cache', regionId: c.regionId, imageCacheId: c.imageCacheId }));
  if (d.action === 'delete') return deletes('delete-image-caches');
  if (!d.desired) return [];
  const roleKeys = d.desired.acrRegistryInfo
    .flatMap((e) => [e.arnService, e.arnUser])
    .flatMap((arn) => (arn !== undefined && ctx.desiredRoles.has(arn) ? [ctx.desiredRoles.get(arn)!] : []));
  const links = { dependsOn: roleKeys, consumes: roleKeys.filter((k) => ctx.created.has(k)) };
  if (d.action === 'create' || d.action === 'replace') {
    const params = cacheCreateParams(d.desired, ownerIn(ctx, d.accountName));
    const replaces = d.remove.map((c) => c.imageCacheId);
    const create = make('image-caches', { op: 'create-image-cache', params, tokenSeed: cacheTokenSeed(d.accountId, { manifest: d.manifestName, params }, replaces), replaces }, links);
    return [create, ...deletes('image-caches')];
  }
  if (d.action !== 'update' && d.action !== 'pending') return [];
  const steps: Step[] = [];
  if (d.action === 'update' && d.current && (d.changes.length > 0 || d.status === 'UpdateFailed')) {
    const params = cacheCreateParams(d.desired, ownerIn(ctx, d.accountName));
    const update: Operation = { op: 'update-image-cache', regionId: d.regionId, imageCacheId: d.current.imageCacheId, imageCacheName: d.current.imageCacheName, images: params.images, imageCacheSize: params.imageCacheSize, tags: params.tags };
    if (params.retentionDays !== undefined) update.retentionDays = params.retentionDays;
    steps.push(make('image-caches', update, links));
  }
  return [...steps, ...deletes('image-caches')];
}
