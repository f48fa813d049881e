// The world of the ECI end-to-end tests: account A owns caches and two ACR instances, account B
// owns the registry that A pulls from across accounts. Everything goes through the official SDKs.
import * as $Eci from '@alicloud/eci20180808';
import * as $Ram from '@alicloud/ram20150501';
import { createEmulatorClock } from '../../../src/emulator/clock.js';
import { ACCOUNT_A, ACCOUNT_B, ROOT_A, ROOT_B, withEmulator, type TestEmulator } from '../../helpers/emulator.js';
import { eciClient, ramClient } from '../../helpers/sdk.js';

export { ACCOUNT_A, ACCOUNT_B };
export const REGION = 'cn-hangzhou';
export const READER = { accessKeyId: 'LTAI5tReaderA0000000001', accessKeySecret: 'reader-secret-a' };
export const ECI_ADMIN = { accessKeyId: 'LTAI5tEciAdminA00000001', accessKeySecret: 'eci-admin-secret-a' };
export const CRI_ALPHA = 'cri-alpha00000000001';
export const CRI_BETA = 'cri-beta000000000002';
export const CRI_ACME = 'cri-acme000000000003';
export const ALPHA_IMAGE = `alpha-registry-vpc.${REGION}.cr.aliyuncs.com/app/web:v1`;
export const BETA_IMAGE = `beta-registry-vpc.${REGION}.cr.aliyuncs.com/app/api:v1`;
export const ACME_IMAGE = `acme-registry-vpc.${REGION}.cr.aliyuncs.com/eci_test/nginx:1.0`;

export function eciSeed(extra: { faults?: object; timing?: object; seedCaches?: object[] } = {}): object {
  const { seedCaches, ...rest } = extra;
  return {
    accounts: [
      {
        accountId: ACCOUNT_A,
        rootAccessKeys: [ROOT_A],
        imageCaches: seedCaches ?? [],
        users: [
          { name: 'reader', accessKeys: [READER], policies: ['AliyunRAMReadOnlyAccess'] },
          { name: 'eci-admin', accessKeys: [ECI_ADMIN], policies: ['AliyunECIFullAccess'] },
        ],
        network: { natVSwitchIds: ['vsw-nat'] },
        registries: [
          {
            edition: 'Enterprise', instanceId: CRI_ALPHA, instanceName: 'alpha', regionId: REGION, customDomains: ['registry.alpha.example'],
            repositories: [{ name: 'app/web', tags: ['v1'] }, { name: 'app/big', tags: ['v1'], sizeGiB: 30 }],
          },
          { edition: 'Enterprise', instanceId: CRI_BETA, instanceName: 'beta', regionId: REGION, repositories: [{ name: 'app/api', tags: ['v1'] }] },
        ],
      },
      {
        accountId: ACCOUNT_B,
        rootAccessKeys: [ROOT_B],
        registries: [
          {
            edition: 'Enterprise', instanceId: CRI_ACME, instanceName: 'acme', regionId: REGION, customDomains: ['registry.acme.example'],
            repositories: [{ name: 'eci_test/nginx', tags: ['1.0', 'latest'] }],
          },
        ],
      },
    ],
    publicImages: ['docker.io/library/nginx:1.27'],
    ...rest,
  };
}

/**
 * An emulator whose emulated time moves only through POST /_emulator/clock, so lifecycle assertions
 * do not depend on how fast a loaded machine answers (signatures still use the wall clock).
 */
export function withEciEmulator(extra: Parameters<typeof eciSeed>[0] = {}): Promise<TestEmulator> {
  return withEmulator(eciSeed(extra), { clock: createEmulatorClock(() => Date.UTC(2026, 10, 28, 12, 0, 0)) });
}

export const eciA = (emu: TestEmulator) => eciClient(emu.endpoint, ROOT_A);
export const ramA = (emu: TestEmulator) => ramClient(emu.endpoint, ROOT_A);
export const ramB = (emu: TestEmulator) => ramClient(emu.endpoint, ROOT_B);

export interface CacheSpec {
  name?: string;
  images?: string[];
  acr?: { arnService?: string; arnUser?: string; instanceId?: string; regionId?: string; domain?: string[] }[];
  tags?: Record<string, string>;
  clientToken?: string;
  size?: number;
  retentionDays?: number;
  eipInstanceId?: string;
  vSwitchId?: string;
}

export function createRequest(spec: CacheSpec = {}): $Eci.CreateImageCacheRequest {
  return new $Eci.CreateImageCacheRequest({
    regionId: REGION,
    imageCacheName: spec.name ?? 'app-cache',
    image: spec.images ?? [ALPHA_IMAGE],
    securityGroupId: 'sg-1',
    vSwitchId: spec.vSwitchId ?? 'vsw-private',
    ...(spec.acr ? { acrRegistryInfo: spec.acr.map((e) => new $Eci.CreateImageCacheRequestAcrRegistryInfo(e)) } : {}),
    ...(spec.tags ? { tag: Object.entries(spec.tags).map(([key, value]) => new $Eci.CreateImageCacheRequestTag({ key, value })) } : {}),
    ...(spec.clientToken ? { clientToken: spec.clientToken } : {}),
    ...(spec.size ? { imageCacheSize: spec.size } : {}),
    ...(spec.retentionDays ? { retentionDays: spec.retentionDays } : {}),
    ...(spec.eipInstanceId ? { eipInstanceId: spec.eipInstanceId } : {}),
  });
}

export async function describeOne(emu: TestEmulator, id: string) {
  const reply = await eciA(emu).describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: REGION, imageCacheId: id }));
  return reply.body?.imageCaches?.[0];
}

/** Creates a cache as account A, lets the build finish on the emulated clock, and returns it. */
export async function buildCache(emu: TestEmulator, spec: CacheSpec = {}) {
  const created = await eciA(emu).createImageCache(createRequest(spec));
  await emu.advance(2_000);
  const cache = await describeOne(emu, created.body!.imageCacheId!);
  if (!cache) throw new Error('cache vanished');
  return cache;
}

export const roleArn = (account: string, name: string) => `acs:ram::${account}:role/${name}`;

export function trustService(): string {
  return JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['eci.aliyuncs.com'] } }] });
}

export function trustRam(...arns: string[]): string {
  return JSON.stringify({ Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: arns } }] });
}

// Alibaba's guide: cr:Get* and cr:List* everywhere, cr:Pull* on one instance.
export function pullPolicy(account: string, instanceId: string): string {
  return JSON.stringify({
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['cr:Get*', 'cr:List*'], Resource: '*' },
      { Effect: 'Allow', Action: ['cr:Pull*'], Resource: [`acs:cr:${REGION}:${account}:instance/${instanceId}`] },
    ],
  });
}

/** Creates a role with a trust policy and attaches a system policy or a new custom one. */
export async function makeRole(
  ram: ReturnType<typeof ramA>,
  roleName: string,
  trust: string,
  policy: { system: string } | { custom: string; document: string } | null,
): Promise<void> {
  await ram.createRole(new $Ram.CreateRoleRequest({ roleName, assumeRolePolicyDocument: trust }));
  if (policy === null) return;
  if ('system' in policy) {
    await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyType: 'System', policyName: policy.system, roleName }));
    return;
  }
  await ram.createPolicy(new $Ram.CreatePolicyRequest({ policyName: policy.custom, policyDocument: policy.document }));
  await ram.attachPolicyToRole(new $Ram.AttachPolicyToRoleRequest({ policyType: 'Custom', policyName: policy.custom, roleName }));
}
