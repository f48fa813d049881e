// System policies seeded in every emulator (src/emulator/README.md). Their real documents and versions are
// unconfirmed (§4.4, §10 #19): these are the presumed documents, at v1.
import type { SystemPolicy } from './state.js';

const SEEDED_AT = Date.UTC(2015, 3, 1, 0, 0, 0);

function doc(statements: { Action: string | string[]; Resource?: string }[]): string {
  return JSON.stringify({ Version: '1', Statement: statements.map((s) => ({ Effect: 'Allow', Action: s.Action, Resource: s.Resource ?? '*' })) });
}

const DEFINITIONS: [string, string, string][] = [
  ['AdministratorAccess', 'Provides full access to Alibaba Cloud services and resources.', doc([{ Action: '*' }])],
  ['AliyunRAMFullAccess', 'Provides full access to Resource Access Management (RAM).', doc([{ Action: 'ram:*' }])],
  ['AliyunRAMReadOnlyAccess', 'Provides read-only access to Resource Access Management (RAM).', doc([{ Action: ['ram:Get*', 'ram:List*'] }])],
  ['AliyunSTSAssumeRoleAccess', 'Provides access to call the AssumeRole API of Security Token Service (STS).', doc([{ Action: 'sts:AssumeRole' }])],
  ['AliyunContainerRegistryFullAccess', 'Provides full access to Container Registry.', doc([{ Action: 'cr:*' }])],
  ['AliyunContainerRegistryReadOnlyAccess', 'Provides read-only access to Container Registry.', doc([{ Action: ['cr:Get*', 'cr:List*', 'cr:PullRepository'] }])],
  ['AliyunECIFullAccess', 'Provides full access to Elastic Container Instance (ECI).', doc([{ Action: 'eci:*' }])],
];

export const SYSTEM_POLICIES: ReadonlyMap<string, SystemPolicy> = new Map(
  DEFINITIONS.map(([policyName, description, document], index) => [
    policyName,
    { seq: index + 1, policyName, description, document, defaultVersion: 'v1', createDate: SEEDED_AT, updateDate: SEEDED_AT },
  ]),
);
