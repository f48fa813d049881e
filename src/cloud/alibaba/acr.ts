// RegistryCatalog over ACR 2018-12-01 (ListInstance, GetInstance, ListInstanceDomain, ListNamespace,
// ListRepository, ListRepoTag) and the Personal Edition API 2016-06-07 (GetNamespace, GetRepoTags).
// Response fields as the API reference documents them; anything
// missing reads as empty rather than failing, since only IDs and names are used.
import type { RegistryCatalog, RegistryInstance, RegistryRepository } from '../registry.js';
import { ACR_PAGE_SIZE, acrCall, acrPages, acrPersonalCall, allPages, type AcrBody } from './acr-call.js';
import { tolerate } from './call.js';
import type { AccountContext } from './context.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

function instance(o: Record<string, unknown>, regionId: string): RegistryInstance {
  return { instanceId: text(o.InstanceId), instanceName: text(o.InstanceName), regionId: text(o.RegionId) || regionId, status: text(o.InstanceStatus), specification: text(o.InstanceSpecification) };
}

function repository(o: Record<string, unknown>, instanceId: string): RegistryRepository {
  return { instanceId: text(o.InstanceId) || instanceId, repoId: text(o.RepoId), namespace: text(o.RepoNamespaceName), name: text(o.RepoName) };
}

const instanceResource = (c: AccountContext, regionId: string, id: string) => `ACR instance acs:cr:${regionId}:${c.accountId}:instance/${id}`;
const instancesResource = (c: AccountContext, regionId: string) => `ACR instances of account ${c.accountName} in ${regionId}`;
const notFound = (_code: string, cls: string) => cls === 'not-found';

const personalRepository = (c: AccountContext, regionId: string, namespace: string, repository: string) =>
  `ACR Personal repository acs:cr:${regionId}:${c.accountId}:repository/${namespace}/${repository}`;
const segment = encodeURIComponent;

/** GetRepoTags, every page. */
function personalTags(c: AccountContext, regionId: string, namespace: string, repository: string): Promise<string[]> {
  const ctx = { action: 'GetRepoTags', resource: personalRepository(c, regionId, namespace, repository) };
  return allPages(async (page) => {
    const data = await acrPersonalCall(c, regionId, ctx, `/repos/${segment(namespace)}/${segment(repository)}/tags`, { Page: page, PageSize: ACR_PAGE_SIZE });
    return { items: list(data.tags).map((o) => text(o.tag)), total: data.total };
  });
}

export function registryCatalog(c: AccountContext): RegistryCatalog {
  const listInstances = (regionId: string, instanceName?: string) =>
    acrPages(c, regionId, { action: 'ListInstance', resource: instancesResource(c, regionId) }, { InstanceName: instanceName }, (b: AcrBody) => list(b.Instances).map((o) => instance(o, regionId)));
  const listRepositories = (regionId: string, instanceId: string, filter: { namespace?: string; name?: string } = {}) =>
    acrPages(c, regionId, { action: 'ListRepository', resource: instanceResource(c, regionId, instanceId) }, { InstanceId: instanceId, RepoNamespaceName: filter.namespace, RepoName: filter.name }, (b) =>
      list(b.Repositories).map((o) => repository(o, instanceId)),
    );
  return {
    accountName: c.accountName,
    listInstances: (regionId) => listInstances(regionId),
    getInstance: async (regionId, instanceId) => {
      const call = acrCall(c, regionId, { action: 'GetInstance', resource: instanceResource(c, regionId, instanceId) }, { InstanceId: instanceId });
      const body = await tolerate(call, notFound, undefined);
      return body ? instance(body, regionId) : undefined;
    },
    // The InstanceName filter's matching rule is not documented (it may be a prefix or fuzzy match), so the name is compared here.
    findInstanceByName: async (regionId, name) => (await listInstances(regionId, name)).find((i) => i.instanceName === name),
    listDomains: async (regionId, instanceId) => {
      const body = await acrCall(c, regionId, { action: 'ListInstanceDomain', resource: instanceResource(c, regionId, instanceId) }, { InstanceId: instanceId });
      return list(body.Domains).map((o) => ({ domain: text(o.Domain), type: text(o.DomainType) }));
    },
    listNamespaces: (regionId, instanceId) =>
      acrPages(c, regionId, { action: 'ListNamespace', resource: instanceResource(c, regionId, instanceId) }, { InstanceId: instanceId }, (b) =>
        list(b.Namespaces).map((o) => ({ namespaceId: text(o.NamespaceId), name: text(o.NamespaceName) })),
      ),
    listRepositories,
    findRepository: async (regionId, instanceId, namespace, name) =>
      (await listRepositories(regionId, instanceId, { namespace, name })).find((r) => r.namespace === namespace && r.name === name),
    listTags: (regionId, instanceId, repoId) =>
      acrPages(c, regionId, { action: 'ListRepoTag', resource: `ACR repository ${repoId} of instance ${instanceId} in ${regionId}` }, { InstanceId: instanceId, RepoId: repoId }, (b) =>
        list(b.Images).map((o) => text(o.Tag)),
      ),
    hasPersonalNamespace: async (regionId, namespace) => {
      const ctx = { action: 'GetNamespace', resource: `ACR Personal namespace ${namespace} of account ${c.accountName} in ${regionId}` };
      return (await tolerate(acrPersonalCall(c, regionId, ctx, `/namespace/${segment(namespace)}`), notFound, undefined)) !== undefined;
    },
    listPersonalTags: (regionId, namespace, repository) => tolerate(personalTags(c, regionId, namespace, repository), notFound, undefined),
  };
}
