// The two read actions of ACR's Personal Edition API (2016-06-07, ROA) that `doctor` uses: does the
// namespace exist, and which tags does a repository have. Bodies follow the API reference's examples
// (README "ACR Personal Edition"); RAM resources are the Personal repository ARNs.
import type { ActionContext, ActionHandler, RoaRoute } from '../contracts.js';
import { stableDigest } from '../acr/actions.js';
import { acrErrors, authorizeAcr } from '../acr/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, positive } from '../acr/paging.js';
import { required } from '../params.js';
import type { PersonalRegistry, PersonalRepository, PersonalState } from './state.js';

export const PERSONAL_ROUTES: Record<string, RoaRoute> = {
  GetNamespace: { method: 'GET', path: '/namespace/{Namespace}' },
  GetRepoTags: { method: 'GET', path: '/repos/{RepoNamespace}/{RepoName}/tags' },
};

/** `cr.<region>.aliyuncs.com` and `cr-vpc.<region>.aliyuncs.com`, with or without a port. */
const REGIONAL_HOST = /^cr(?:-vpc)?\.([a-z0-9-]+)\.aliyuncs\.com(?::\d+)?$/i;

/**
 * The real API takes the region from the endpoint host only. A loopback endpoint carries none, so the
 * project's client also sends `RegionId` in the query; the host wins when it names a region.
 */
export function regionOf(ctx: ActionContext): string {
  return REGIONAL_HOST.exec(ctx.host)?.[1]?.toLowerCase() ?? required(ctx.params, 'RegionId');
}

const arn = (ctx: ActionContext, regionId: string, tail: string) => `acs:cr:${regionId}:${ctx.caller.accountId}:${tail}`;

function tagOf(registry: PersonalRegistry, repo: PersonalRepository, tag: string): Record<string, unknown> {
  const digest = stableDigest(`${registry.accountId}:${registry.regionId}:${repo.namespace}/${repo.name}:${tag}`);
  const time = registry.createdAt;
  return { imageUpdate: time, imageCreate: time, imageId: digest, digest, imageSize: Math.round((repo.sizeGiB ?? 0.1) * 1024 ** 3), tag, status: 'NORMAL' };
}

export function personalActions(state: PersonalState): Record<string, ActionHandler> {
  return {
    GetNamespace: (ctx) => {
      const regionId = regionOf(ctx);
      const name = required(ctx.params, 'Namespace');
      // Inferred: Enterprise names a namespace `repository/<instance>/<namespace>`; Personal has no instance.
      authorizeAcr(ctx, 'cr:GetNamespace', arn(ctx, regionId, `repository/${name}`));
      if (!state.namespace(ctx.caller.accountId, regionId, name)) throw acrErrors.namespaceNotExist(name);
      return { data: { namespace: { namespace: name, authorizeType: 'ADMIN', defaultVisibility: 'PRIVATE', autoCreate: true, namespaceStatus: 'NORMAL' } } };
    },
    GetRepoTags: (ctx) => {
      const regionId = regionOf(ctx);
      const namespace = required(ctx.params, 'RepoNamespace');
      const name = required(ctx.params, 'RepoName');
      authorizeAcr(ctx, 'cr:ListRepositoryTag', arn(ctx, regionId, `repository/${namespace}/${name}`));
      const page = positive(ctx.params, 'Page', 1, Number.MAX_SAFE_INTEGER);
      const pageSize = positive(ctx.params, 'PageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const registry = state.namespace(ctx.caller.accountId, regionId, namespace);
      if (!registry) throw acrErrors.namespaceNotExist(namespace);
      const repo = registry.repositories.find((r) => r.namespace === namespace && r.name === name);
      if (!repo) throw acrErrors.repoNotExist(`${namespace}/${name}`);
      const start = (page - 1) * pageSize;
      const tags = repo.tags.slice(start, start + pageSize).map((tag) => tagOf(registry, repo, tag));
      return { data: { total: repo.tags.length, pageSize, page, tags } };
    },
  };
}
