// The read-only port onto a registry account's Container Registry (ACR Enterprise, API 2018-12-01;
// Personal Edition, API 2016-06-07), shared by the reconciler (instance names, missing tags) and
// `doctor`. Pure types; the Alibaba
// implementation lives in src/cloud/alibaba/acr.ts. Every method throws CloudError.

export interface RegistryInstance {
  instanceId: string;
  instanceName: string;
  regionId: string;
  /** e.g. RUNNING */
  status: string;
  /** e.g. Enterprise_Basic */
  specification: string;
}

export interface RegistryDomain {
  domain: string;
  /** SYSTEM: the instance's default (`<name>-registry[-vpc].<region>.cr.aliyuncs.com`); USER: a custom domain. */
  type: string;
}

export interface RegistryNamespace {
  namespaceId: string;
  name: string;
}

export interface RegistryRepository {
  instanceId: string;
  /** `crr-…` */
  repoId: string;
  namespace: string;
  name: string;
}

/** ACR of one account; `regionId` picks the regional endpoint (an instance lives in one region). */
export interface RegistryCatalog {
  readonly accountName: string;
  /** ListInstance, all pages. */
  listInstances(regionId: string): Promise<RegistryInstance[]>;
  /** GetInstance; undefined when the instance does not exist (in that region of this account). */
  getInstance(regionId: string, instanceId: string): Promise<RegistryInstance | undefined>;
  /** ListInstance filtered by InstanceName (exact); undefined when none has that name. */
  findInstanceByName(regionId: string, instanceName: string): Promise<RegistryInstance | undefined>;
  /** ListInstanceDomain. */
  listDomains(regionId: string, instanceId: string): Promise<RegistryDomain[]>;
  /** ListNamespace, all pages. */
  listNamespaces(regionId: string, instanceId: string): Promise<RegistryNamespace[]>;
  /** ListRepository, all pages, optionally filtered by namespace and name. */
  listRepositories(regionId: string, instanceId: string, filter?: { namespace?: string; name?: string }): Promise<RegistryRepository[]>;
  /** The repository `<namespace>/<name>`, or undefined. */
  findRepository(regionId: string, instanceId: string, namespace: string, name: string): Promise<RegistryRepository | undefined>;
  /** ListRepoTag, all pages: the tags of one repository. */
  listTags(regionId: string, instanceId: string, repoId: string): Promise<string[]>;
  /** Personal Edition GetNamespace: whether this account owns the namespace in that region. */
  hasPersonalNamespace(regionId: string, namespace: string): Promise<boolean>;
  /** Personal Edition GetRepoTags, all pages; undefined when the repository (or its namespace) is not this account's. */
  listPersonalTags(regionId: string, namespace: string, repository: string): Promise<string[] | undefined>;
}
