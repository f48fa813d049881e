// doctor's AcrReader over the provider's read-only ACR catalogue (src/cloud/registry.ts).
import type { AlibabaProvider } from '../../cloud/alibaba/index.js';
import type { AcrReader } from '../../doctor/facts.js';

export function acrReaderOf(provider: AlibabaProvider, accountName: string): AcrReader | undefined {
  const catalog = provider.registry?.(accountName);
  if (!catalog) return undefined;
  return {
    listInstances: async (regionId, instanceName) => {
      if (instanceName === undefined) return catalog.listInstances(regionId);
      const one = await catalog.findInstanceByName(regionId, instanceName);
      return one ? [one] : [];
    },
    instanceDomains: async (regionId, instanceId) => (await catalog.listDomains(regionId, instanceId)).map((d) => d.domain),
    repositoryTags: async (regionId, instanceId, namespace, repository) => {
      const repo = await catalog.findRepository(regionId, instanceId, namespace, repository);
      return repo ? catalog.listTags(regionId, instanceId, repo.repoId) : undefined;
    },
    hasPersonalNamespace: (regionId, namespace) => catalog.hasPersonalNamespace(regionId, namespace),
    personalRepositoryTags: (regionId, namespace, repository) => catalog.listPersonalTags(regionId, namespace, repository),
  };
}
