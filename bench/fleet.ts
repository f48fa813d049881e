// The benchmark's fleet: ECI accounts, registry accounts and AcrPullAccess relationships, drawn
// from a seeded generator so every run (and every machine) measures the same organisation.
// Pure data; fleet-docs.ts renders the manifests and fleet-seed.ts the emulator's starting world.
import { pick, seededRandom, shuffled } from './prng.js';

/** The README's three cases that make the reconciler create something. */
export type PullCase = 'cross-account' | 'custom-domain' | 'restricted';

export interface FleetOptions {
  seed: number;
  eciAccounts: number;
  registryAccounts: number;
  pullAccesses: number;
  /** Relative weights of the cases; turned into exact counts by largest remainder. */
  mix: Record<PullCase, number>;
}

const MIX: Record<PullCase, number> = { 'cross-account': 0.8, 'custom-domain': 0.1, restricted: 0.1 };

export const DEFAULT_FLEET: FleetOptions = { seed: 7, eciAccounts: 10, registryAccounts: 5, pullAccesses: 500, mix: MIX };
export const QUICK_FLEET: FleetOptions = { seed: 7, eciAccounts: 2, registryAccounts: 1, pullAccesses: 10, mix: MIX };
/** 25 + 15 Account documents and 4,980 × (AcrPullAccess + ImageCache): exactly 10,000 documents. */
export const VALIDATE_FLEET: FleetOptions = { seed: 7, eciAccounts: 25, registryAccounts: 15, pullAccesses: 4980, mix: MIX };
/** `--org`: an organisation (issue 15): ≈ 8,500 roles, 4,500 policies, 5,000 caches; its own manifests are the validate case. */
export const ORG_FLEET: FleetOptions = { seed: 7, eciAccounts: 100, registryAccounts: 20, pullAccesses: 5000, mix: MIX };
/** 4 + 2 Account documents and 97 × 2: 200 documents, for --quick. */
export const QUICK_VALIDATE_FLEET: FleetOptions = { seed: 7, eciAccounts: 4, registryAccounts: 2, pullAccesses: 97, mix: MIX };

export interface FleetKeys {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface FleetAccount {
  /** metadata.name of the Account manifest. */
  name: string;
  kind: 'eci' | 'registry';
  accountId: string;
  regionId: string;
  /** Names of the environment variables the Account manifest points at (credentials `source: env`). */
  env: { accessKeyId: string; accessKeySecret: string };
  root: FleetKeys;
  /** A RAM user with AdministratorAccess: what the reconciler runs as. */
  deployer: FleetKeys;
  vSwitchId: string;
  securityGroupId: string;
}

export interface FleetRegistry {
  key: string;
  account: string;
  edition: 'Enterprise' | 'Personal';
  instanceId?: string;
  instanceName?: string;
  regionId: string;
  customDomains: string[];
  /** Personal only: the account's namespace (namespaces are global, so it carries the account name). */
  namespaces: string[];
  /** The host images are pulled through: custom domain, default instance domain, or the Personal host. */
  domain: string;
  repositories: string[];
  tag: string;
}

export interface FleetPull {
  name: string;
  pullCase: PullCase;
  eciAccount: string;
  registry: string;
  image: string;
  cacheName: string;
}

export interface Fleet {
  options: FleetOptions;
  accounts: FleetAccount[];
  registries: FleetRegistry[];
  pulls: FleetPull[];
}

export function generateFleet(options: FleetOptions): Fleet {
  const random = seededRandom(options.seed);
  const eci = range(options.eciAccounts).map((i) => makeAccount('eci', i));
  const acr = range(options.registryAccounts).map((i) => makeAccount('registry', i));
  const registries = [...eci.flatMap(eciRegistries), ...acr.flatMap(registryAccountRegistries)];
  const byKey = new Map(registries.map((r) => [r.key, r]));
  const cases = shuffled(random, caseList(options));
  const pulls = cases.map((pullCase, i): FleetPull => {
    const eciAccount = eci[i % eci.length] as FleetAccount;
    const registry = chooseRegistry(random, pullCase, eciAccount, acr, byKey);
    const repository = pick(random, registry.repositories);
    const n = String(i + 1).padStart(4, '0');
    return {
      name: `pull-${n}`,
      pullCase,
      eciAccount: eciAccount.name,
      registry: registry.key,
      image: `${registry.domain}/${repository}:${registry.tag}`,
      cacheName: `cache-${n}`,
    };
  });
  return { options, accounts: [...eci, ...acr], registries, pulls };
}

function chooseRegistry(
  random: () => number,
  pullCase: PullCase,
  eciAccount: FleetAccount,
  acr: FleetAccount[],
  byKey: Map<string, FleetRegistry>,
): FleetRegistry {
  const get = (key: string): FleetRegistry => {
    const found = byKey.get(key);
    if (!found) throw new Error(`fleet generator: no registry ${key}`);
    return found;
  };
  if (pullCase === 'custom-domain') return get(`${eciAccount.name}/custom`);
  if (pullCase === 'restricted') return get(`${eciAccount.name}/default`);
  if (acr.length === 0) throw new Error('fleet generator: cross-account pulls need at least one registry account');
  const owner = pick(random, acr);
  return get(`${owner.name}/${pick(random, ['default', 'custom', 'personal'] as const)}`);
}

/** Exact counts per case from the weights (largest remainder), so small fleets still mix. */
export function caseList(options: Pick<FleetOptions, 'pullAccesses' | 'mix'>): PullCase[] {
  const entries = Object.entries(options.mix) as [PullCase, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  const exact = entries.map(([c, w]) => ({ c, q: (options.pullAccesses * w) / total }));
  const counts = new Map(exact.map(({ c, q }) => [c, Math.floor(q)]));
  let missing = options.pullAccesses - [...counts.values()].reduce((a, b) => a + b, 0);
  for (const { c } of [...exact].sort((a, b) => (b.q % 1) - (a.q % 1))) {
    if (missing <= 0) break;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    missing -= 1;
  }
  return entries.flatMap(([c]) => Array.from({ length: counts.get(c) ?? 0 }, () => c));
}

function makeAccount(kind: FleetAccount['kind'], index: number): FleetAccount {
  const short = kind === 'eci' ? 'eci' : 'acr';
  const nn = String(index + 1).padStart(2, '0');
  const name = `${short}-${nn}`;
  const envPrefix = `BENCH_${short.toUpperCase()}_${nn}`;
  const tag = `${short}${nn}`;
  return {
    name,
    kind,
    accountId: `${kind === 'eci' ? '1600000000001' : '1600000000002'}${String(index + 1).padStart(3, '0')}`,
    // Some ECI accounts live in a second region, so caches are described per region as the model says.
    regionId: kind === 'eci' && index % 3 === 2 ? 'cn-shanghai' : 'cn-hangzhou',
    env: { accessKeyId: `${envPrefix}_ACCESS_KEY_ID`, accessKeySecret: `${envPrefix}_ACCESS_KEY_SECRET` },
    root: { accessKeyId: `LTAI5tBenchRoot${tag}`, accessKeySecret: `bench-root-secret-${tag}` },
    deployer: { accessKeyId: `LTAI5tBenchDeployer${tag}`, accessKeySecret: `bench-deployer-secret-${tag}` },
    vSwitchId: `vsw-bench${tag}`,
    securityGroupId: `sg-bench${tag}`,
  };
}

/** ECI accounts own two instances: one used through a custom domain, one through its default domain. */
function eciRegistries(account: FleetAccount): FleetRegistry[] {
  const tag = account.name.replace('-', '');
  return [
    enterprise(account, 'custom', `${tag}cd`, account.regionId, [`registry.${tag}.bench.example`]),
    enterprise(account, 'default', `${tag}ent`, account.regionId, []),
  ];
}

/** Registry accounts own all three kinds; the custom-domain instance sits in another region. */
function registryAccountRegistries(account: FleetAccount): FleetRegistry[] {
  const tag = account.name.replace('-', '');
  const namespace = `${tag}-personal`;
  return [
    enterprise(account, 'default', `${tag}ent`, account.regionId, []),
    enterprise(account, 'custom', `${tag}cd`, 'cn-beijing', [`registry.${tag}.bench.example`]),
    {
      key: `${account.name}/personal`,
      account: account.name,
      edition: 'Personal',
      regionId: account.regionId,
      customDomains: [],
      namespaces: [namespace],
      domain: `registry.${account.regionId}.aliyuncs.com`,
      repositories: repositories(namespace),
      tag: '1.0',
    },
  ];
}

function enterprise(account: FleetAccount, flavour: 'custom' | 'default', id: string, regionId: string, customDomains: string[]): FleetRegistry {
  const instanceName = `${id}-bench`;
  return {
    key: `${account.name}/${flavour}`,
    account: account.name,
    edition: 'Enterprise',
    instanceId: `cri-${id}`,
    instanceName,
    regionId,
    customDomains,
    namespaces: [],
    domain: customDomains[0] ?? `${instanceName}-registry.${regionId}.cr.aliyuncs.com`,
    repositories: repositories('apps'),
    tag: '1.0',
  };
}

function repositories(namespace: string): string[] {
  return ['web', 'worker', 'batch', 'cron'].map((repo) => `${namespace}/${repo}`);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
