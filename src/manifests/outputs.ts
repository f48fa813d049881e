// What `outputs` prints for each AcrPullAccess: the CreateContainerGroup/CreateImageCache
// parameters written the way Alibaba's ECI guide writes them, and the matching ACK pod annotations.
import type { AcrRegistryInfo } from '../model/desired.js';
import type { PullAccessExpansion } from './load.js';

export interface PullAccessOutput {
  name: string;
  file: string;
  case: PullAccessExpansion['case'];
  eciAccountId: string;
  eciRegionId: string;
  /** null: nothing to pass (same account, default domain, unrestricted). */
  acrRegistryInfo: AcrRegistryInfo | null;
  /** `AcrRegistryInfo.<n>.<Field>` → value, in the guide's order. */
  parameters: Record<string, string>;
  /** ACK pod annotations (k8s.aliyun.com/acr-*). */
  annotations: Record<string, string>;
}

/** `n` is the entry number; one AcrPullAccess is one entry, renumber when combining several. */
export function openApiParameters(info: AcrRegistryInfo, n = 1): Record<string, string> {
  const p = `AcrRegistryInfo.${n}`;
  const out: Record<string, string> = {};
  if (info.arnService !== undefined) out[`${p}.ArnService`] = info.arnService;
  if (info.arnUser !== undefined) out[`${p}.ArnUser`] = info.arnUser;
  if (info.regionId !== undefined) out[`${p}.RegionId`] = info.regionId;
  if (info.instanceId !== undefined) out[`${p}.InstanceId`] = info.instanceId;
  if (info.instanceName !== undefined) out[`${p}.InstanceName`] = info.instanceName;
  (info.domains ?? []).forEach((d, i) => (out[`${p}.Domain.${i + 1}`] = d));
  return out;
}

/** A cross-region instance is written `<region>:<cri-id>` in acr-instance-ids. */
export function ackAnnotations(info: AcrRegistryInfo): Record<string, string> {
  const out: Record<string, string> = {};
  if (info.instanceId !== undefined) out['k8s.aliyun.com/acr-instance-ids'] = info.regionId !== undefined ? `${info.regionId}:${info.instanceId}` : info.instanceId;
  if (info.arnService !== undefined) out['k8s.aliyun.com/acr-service-arns'] = info.arnService;
  if (info.arnUser !== undefined) out['k8s.aliyun.com/acr-user-arns'] = info.arnUser;
  return out;
}

export function pullAccessOutputs(expansions: readonly PullAccessExpansion[]): PullAccessOutput[] {
  return [...expansions]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => ({
      name: e.name,
      file: e.file,
      case: e.case,
      eciAccountId: e.facts.eci.accountId,
      eciRegionId: e.facts.eci.regionId,
      acrRegistryInfo: e.registryInfo ?? null,
      parameters: e.registryInfo ? openApiParameters(e.registryInfo) : {},
      annotations: e.registryInfo ? ackAnnotations(e.registryInfo) : {},
    }));
}

const CASE_TEXT: Record<PullAccessExpansion['case'], string> = {
  'same-account-default-domain': 'same account, Personal Edition or Enterprise default domain',
  'same-account-custom-domain': 'same account, Enterprise custom domain',
  'cross-account': 'cross account',
};

export function renderOutputsText(outputs: readonly PullAccessOutput[]): string {
  if (outputs.length === 0) return '# no AcrPullAccess manifests\n';
  return outputs.map(renderOne).join('\n');
}

function renderOne(o: PullAccessOutput): string {
  const lines = [`# AcrPullAccess ${o.name} (${o.file})`, `# ${CASE_TEXT[o.case]}; ECI in account ${o.eciAccountId}, region ${o.eciRegionId}`];
  if (o.acrRegistryInfo === null) {
    lines.push('# nothing to pass: the service-linked role AliyunServiceRoleForECI pulls from this instance');
    return `${lines.join('\n')}\n`;
  }
  lines.push('', '# CreateContainerGroup / CreateImageCache parameters');
  for (const [k, v] of Object.entries(o.parameters)) lines.push(`${k}=${v}`);
  lines.push('', '# ACK pod annotations', 'metadata:', '  annotations:');
  for (const [k, v] of Object.entries(o.annotations)) lines.push(`    ${k}: ${JSON.stringify(v)}`);
  return `${lines.join('\n')}\n`;
}

export function renderOutputsJson(outputs: readonly PullAccessOutput[]): string {
  return `${JSON.stringify({ acrPullAccess: outputs }, null, 2)}\n`;
}
