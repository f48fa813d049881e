// The six read actions of ACR 2018-12-01 the reconciler and `doctor` use. RAM actions and resources
// follow each action's "Authorization information" table (README "ACR"); note that ListRepoTag is
// authorised as `cr:ListRepositoryTag`.
import { createHash } from 'node:crypto';
import type { ActionContext, ActionHandler } from '../contracts.js';
import { optional, required } from '../params.js';
import { acrErrors, authorizeAcr } from './errors.js';
import { page } from './paging.js';
import type { AcrInstance, AcrRepository, AcrState } from './state.js';

const SPECIFICATION = 'Enterprise_Basic';
const ok = { IsSuccess: true, Code: 'success' };

function regionOf(ctx: ActionContext): string {
  return required(ctx.params, 'RegionId');
}

const arn = (ctx: ActionContext, tail: string) => `acs:cr:${regionOf(ctx)}:${ctx.caller.accountId}:${tail}`;

/** The instance named by InstanceId, after the RAM check on `resource`. */
function instanceFor(state: AcrState, ctx: ActionContext, action: string, resource: (id: string) => string): AcrInstance {
  const id = required(ctx.params, 'InstanceId');
  authorizeAcr(ctx, action, resource(id));
  const instance = state.find(ctx.caller.accountId, regionOf(ctx), id);
  if (!instance) throw acrErrors.instanceNotExist(id);
  return instance;
}

function renderInstance(i: AcrInstance): Record<string, unknown> {
  const time = String(i.createdAt);
  return { InstanceId: i.instanceId, InstanceName: i.instanceName, InstanceSpecification: SPECIFICATION, InstanceStatus: 'RUNNING', RegionId: i.regionId, CreateTime: time, ModifiedTime: time, ResourceGroupId: '' };
}

function renderRepository(i: AcrInstance, r: AcrRepository): Record<string, unknown> {
  const time = i.createdAt;
  return { InstanceId: i.instanceId, RepoId: r.repoId, RepoName: r.name, RepoNamespaceName: r.namespace, RepoStatus: 'NORMAL', RepoType: 'PRIVATE', RepoBuildType: 'MANUAL', Summary: '', CreateTime: time, ModifiedTime: time };
}

/** A filter that keeps everything when the parameter is absent. */
function matches(ctx: ActionContext, name: string, value: string): boolean {
  const wanted = optional(ctx.params, name);
  return wanted === undefined || wanted === value;
}

export function acrActions(state: AcrState): Record<string, ActionHandler> {
  return {
    ListInstance: (ctx) => {
      authorizeAcr(ctx, 'cr:ListInstance', arn(ctx, '*'));
      const all = state.inRegion(ctx.caller.accountId, regionOf(ctx)).filter((i) => matches(ctx, 'InstanceName', i.instanceName) && matches(ctx, 'InstanceStatus', 'RUNNING'));
      const { items, fields } = page(all, ctx.params);
      return { ...ok, ...fields, Instances: items.map(renderInstance) };
    },
    GetInstance: (ctx) => {
      const instance = instanceFor(state, ctx, 'cr:GetInstance', (id) => arn(ctx, `instance/${id}`));
      return { ...ok, ...renderInstance(instance) };
    },
    ListInstanceDomain: (ctx) => {
      const instance = instanceFor(state, ctx, 'cr:ListInstanceDomain', (id) => arn(ctx, `instance/${id}`));
      return { ...ok, Domains: instance.domains.map((d) => ({ Domain: d.domain, DomainType: d.type, InstanceId: instance.instanceId })) };
    },
    ListNamespace: (ctx) => {
      const instance = instanceFor(state, ctx, 'cr:ListNamespace', () => arn(ctx, '*'));
      const all = instance.namespaces.filter((n) => matches(ctx, 'NamespaceName', n.name) && matches(ctx, 'NamespaceStatus', 'NORMAL'));
      const { items, fields } = page(all, ctx.params);
      const Namespaces = items.map((n) => ({ InstanceId: instance.instanceId, NamespaceId: n.namespaceId, NamespaceName: n.name, NamespaceStatus: 'NORMAL', AutoCreateRepo: true, DefaultRepoType: 'PRIVATE' }));
      return { ...ok, ...fields, Namespaces };
    },
    ListRepository: (ctx) => {
      const namespace = optional(ctx.params, 'RepoNamespaceName') ?? '*';
      const instance = instanceFor(state, ctx, 'cr:ListRepository', (id) => arn(ctx, `repository/${id}/${namespace}/*`));
      const status = optional(ctx.params, 'RepoStatus');
      const all = instance.repositories.filter((r) => matches(ctx, 'RepoNamespaceName', r.namespace) && matches(ctx, 'RepoName', r.name) && (status === undefined || status === 'ALL' || status === 'NORMAL'));
      const { items, fields } = page(all, ctx.params);
      return { ...ok, ...fields, Repositories: items.map((r) => renderRepository(instance, r)) };
    },
    ListRepoTag: (ctx) => {
      const id = required(ctx.params, 'InstanceId');
      const repoId = required(ctx.params, 'RepoId');
      const instance = state.find(ctx.caller.accountId, regionOf(ctx), id);
      const repo = instance?.repositories.find((r) => r.repoId === repoId);
      // The resource names the repository by namespace and name, which only the ID lookup reveals.
      authorizeAcr(ctx, 'cr:ListRepositoryTag', arn(ctx, repo ? `repository/${id}/${repo.namespace}/${repo.name}` : `repository/${id}/*`));
      if (!instance) throw acrErrors.instanceNotExist(id);
      if (!repo) throw acrErrors.repoNotExist(repoId);
      const { items, fields } = page(repo.tags, ctx.params);
      return { ...ok, ...fields, Images: items.map((tag) => imageOf(instance, repo, tag)) };
    },
  };
}

function imageOf(instance: AcrInstance, repo: AcrRepository, tag: string): Record<string, unknown> {
  const digest = stableDigest(`${repo.repoId}:${tag}`);
  const time = String(instance.createdAt);
  return { Tag: tag, Status: 'NORMAL', ImageSize: Math.round((repo.sizeGiB ?? 0.1) * 1024 ** 3), ImageId: digest, Digest: digest, ImageCreate: time, ImageUpdate: time };
}

/** A hex SHA-256 of `text`: the same image gets the same digest in every run. */
export function stableDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
