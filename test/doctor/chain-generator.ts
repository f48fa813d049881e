// One random chain: which registry and host, which entries, and the roles behind the ARNs. Every
// dimension varies for both editions: doctor reads a Personal namespace's owner, repository and tags
// from ACR's Personal Edition API as it reads an Enterprise instance's from the 2018-12-01 API.
import type { RegistryInfo } from '../../src/doctor/types.js';
import { A, ECI_REGION, PUBLIC_IMAGE, REGISTRIES, arnOf, assumeGrant, chance, pullPolicy, serviceTrust, userTrust, weighted, type ChainCase, type Reg, type Rng, type SeedPolicy, type SeedRole } from './chain-cases.js';

function imageOf(r: Rng, reg: Reg, traits: string[]): string {
  const repo = chance(r, 0.1) ? 'gone' : 'app';
  const tag = chance(r, 0.1) ? 'v9' : chance(r, 0.5) ? 'v1' : 'v2';
  if (repo === 'gone') traits.push('repo-missing');
  if (tag === 'v9') traits.push('tag-missing');
  const path = `${reg.namespace}/${repo}:${tag}`;
  if (reg.edition === 'Personal') return `registry${chance(r, 0.2) ? '-vpc' : ''}.${reg.regionId}.aliyuncs.com/${path}`;
  if (chance(r, 0.5)) {
    traits.push('custom-domain');
    return `${reg.custom}/${path}`;
  }
  return `${reg.name}-registry${chance(r, 0.2) ? '-vpc' : ''}.${reg.regionId}.cr.aliyuncs.com/${path}`;
}

interface Built {
  roles: SeedRole[];
  policies: SeedPolicy[];
}

/** The ArnService role: trust, and what it may do (AssumeRole across accounts, or pull itself). */
function serviceRole(r: Rng, i: number, reg: Reg, userArn: string | undefined, traits: string[], out: Built): string {
  const name = `svc-${i}`;
  const policies: string[] = [];
  if (userArn !== undefined) {
    const grant = assumeGrant(r, A, `svc-${i}-assume`, userArn, traits);
    policies.push(...grant.systems);
    if (grant.custom) {
      out.policies.push(grant.custom);
      policies.push(grant.custom.policyName);
    }
  } else {
    const pull = pullPolicy(r, reg, A, `svc-${i}-pull`, traits);
    if (pull.system) policies.push(pull.system);
    if (pull.custom) {
      out.policies.push(pull.custom);
      policies.push(pull.custom.policyName);
    }
  }
  out.roles.push({ account: A, roleName: name, trust: serviceTrust(r, traits), policies });
  return arnOf(A, name);
}

function userRole(r: Rng, i: number, reg: Reg, serviceArn: string, traits: string[], out: Built): string {
  const name = `usr-${i}`;
  const pull = pullPolicy(r, reg, reg.owner, `usr-${i}-pull`, traits);
  const policies = [...(pull.system ? [pull.system] : [])];
  if (pull.custom) {
    out.policies.push(pull.custom);
    policies.push(pull.custom.policyName);
  }
  out.roles.push({ account: reg.owner, roleName: name, trust: userTrust(r, serviceArn, traits), policies });
  return arnOf(reg.owner, name);
}

/** ARNs: a working role, one that does not exist, or one of the wrong account. */
function arnChoice(r: Rng, traits: string[], label: string, real: () => string, missing: string, wrongAccount: string | undefined): string {
  const v = weighted(r, [[8, 'real'], [1, 'missing'], [wrongAccount ? 1 : 0, 'wrong-account']] as [number, string][]);
  traits.push(`${label}:${v}`);
  return v === 'real' ? real() : v === 'missing' ? missing : (wrongAccount ?? missing);
}

function entryFor(r: Rng, i: number, reg: Reg, host: string, traits: string[], out: Built): RegistryInfo {
  const cross = reg.owner !== A;
  const entry: RegistryInfo = { domains: [] };
  if (reg.edition === 'Enterprise') {
    const id = weighted(r, [[host === reg.custom ? 6 : 3, 'right'], [1, 'other'], [host === reg.custom ? 3 : 6, 'none']] as [number, string][]);
    traits.push(`instance-id:${id}`);
    if (id !== 'none') entry.instanceId = id === 'right' ? reg.instanceId : 'cri-other0000000009';
  }
  if (entry.instanceId === reg.instanceId && reg.regionId !== ECI_REGION) {
    const region = weighted(r, [[6, 'right'], [3, 'none'], [1, 'wrong']] as [number, string][]);
    traits.push(`region-id:${region}`);
    if (region !== 'none') entry.regionId = region === 'right' ? reg.regionId : 'cn-shanghai';
  }
  if (entry.instanceId === undefined && chance(r, 0.1)) entry.domains = [host];
  const wantsUser = cross ? chance(r, 0.85) : chance(r, 0.15);
  const wantsService = cross ? chance(r, 0.9) : chance(r, 0.5);
  let serviceArn: string | undefined;
  if (wantsService) {
    const userArnFor = wantsUser ? arnOf(reg.owner, `usr-${i}`) : undefined;
    serviceArn = arnChoice(r, traits, 'arn-service', () => serviceRole(r, i, reg, userArnFor, traits, out), arnOf(A, `nobody-${i}`), arnOf('1000000000000002', `svc-${i}`));
    entry.arnService = serviceArn;
  }
  if (wantsUser) {
    const wrong = arnOf(cross ? A : '1000000000000002', `usr-${i}`);
    entry.arnUser = arnChoice(r, traits, 'arn-user', () => userRole(r, i, reg, serviceArn ?? arnOf(A, `svc-${i}`), traits, out), arnOf(reg.owner, `nobody-${i}`), wrong);
  }
  return entry;
}

export function generateCase(r: Rng, i: number): ChainCase {
  const traits: string[] = [];
  const out: Built = { roles: [], policies: [] };
  const kind = weighted(r, [[17, 'acr'], [1, 'public'], [1, 'unknown-instance'], [1, 'unknown-namespace'], [1, 'bad-reference']] as [number, string][]);
  traits.push(kind);
  if (kind === 'public') return { index: i, image: PUBLIC_IMAGE, entries: chance(r, 0.5) ? [{ domains: [], arnService: arnOf(A, 'whatever') }] : [], eip: true, ...out, traits };
  if (kind === 'unknown-instance') return { index: i, image: 'nosuch-registry.cn-hangzhou.cr.aliyuncs.com/ns/app:v1', entries: [], eip: false, ...out, traits };
  if (kind === 'unknown-namespace') return { index: i, image: 'registry.cn-hangzhou.aliyuncs.com/nosuch-ns/app:v1', entries: [], eip: false, ...out, traits };
  if (kind === 'bad-reference') return { index: i, image: 'registry.bravo.example//app:v1', entries: [], eip: false, ...out, traits };
  const reg = REGISTRIES[Math.floor(r() * REGISTRIES.length)]!;
  traits.push(reg.owner === A ? 'same-account' : 'cross-account', reg.edition, reg.regionId === ECI_REGION ? 'same-region' : 'other-region');
  const image = imageOf(r, reg, traits);
  const host = image.slice(0, image.indexOf('/'));
  const entries = chance(r, 0.08) ? [] : [entryFor(r, i, reg, host, traits, out)];
  // A decoy entry naming another instance never applies.
  if (chance(r, 0.1)) entries.unshift({ instanceId: 'cri-decoy000000000009', domains: [], arnService: arnOf(A, 'decoy') });
  return { index: i, image, entries, eip: false, ...out, traits };
}
