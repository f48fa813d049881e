// Seed file → typed Seed. Every mistake is reported with its field path (SeedError), never a stack.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { checkPolicyGrammar, parsePolicyJson, type PolicyKind } from '../policy/index.js';
import { Reader, SeedError } from './seed-reader.js';
import type {
  ImageCacheStatus, RamQuotas, Seed, SeedAccessKey, SeedAccount, SeedImageCache, SeedOidcProvider, SeedPolicy, SeedPolicyRef,
  SeedPublicImage, SeedRegistry, SeedRepository, SeedRole, SeedTag, SeedUser,
} from './seed-types.js';

export { SeedError };
export type * from './seed-types.js';

const ACCOUNT_ID = /^\d{16}$/;
const CACHE_STATUSES: readonly ImageCacheStatus[] = ['Preparing', 'Creating', 'Ready', 'Failed', 'Updating', 'UpdateFailed'];

export const DEFAULT_QUOTAS: RamQuotas = {
  roles: 1000, customPolicies: 1500, systemPoliciesPerRole: 20, customPoliciesPerRole: 10, versionsPerPolicy: 5, tagsPerResource: 20,
};

export const DEFAULT_TIMING = { imageCachePreparingMs: 500, imageCacheCreatingMs: 1500, imageCacheUpdatingMs: 1000 } as const;

/** Parses YAML text, or validates an already-parsed object (tests build seeds in code). */
export function parseSeed(input: string | object): Seed {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = parseYaml(input);
    } catch (error) {
      throw new SeedError([`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
    }
  }
  const r = new Reader();
  const seed = readSeed(r, raw ?? {});
  checkUniqueness(r, seed);
  if (r.problems.length > 0) throw new SeedError(r.problems);
  return seed;
}

export function loadSeedFile(path: string): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SeedError([`cannot read seed file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parseSeed(text);
}

function readSeed(r: Reader, raw: unknown): Seed {
  const top = r.object(raw, '') ?? {};
  r.known(top, '', ['accounts', 'publicImages', 'timing', 'options', 'faults']);
  const timingRaw = top.timing === undefined ? {} : (r.object(top.timing, 'timing') ?? {});
  const timing: Seed['timing'] = { ...DEFAULT_TIMING };
  for (const [key, value] of Object.entries(timingRaw)) {
    if (!key.endsWith('Ms')) r.fail(`timing.${key}`, 'timing keys end in Ms (emulated milliseconds)');
    else timing[key] = r.number(value, `timing.${key}`, timing[key] ?? 0);
  }
  const optRaw = top.options === undefined ? {} : (r.object(top.options, 'options') ?? {});
  r.known(optRaw, 'options', ['assumedRoleArnFormat', 'maxClockSkewMs', 'quotas', 'sessionLifetimeSeconds']);
  const quotaRaw = optRaw.quotas === undefined ? {} : (r.object(optRaw.quotas, 'options.quotas') ?? {});
  r.known(quotaRaw, 'options.quotas', Object.keys(DEFAULT_QUOTAS));
  const quotas = { ...DEFAULT_QUOTAS };
  for (const key of Object.keys(DEFAULT_QUOTAS) as (keyof RamQuotas)[]) quotas[key] = r.number(quotaRaw[key], `options.quotas.${key}`, DEFAULT_QUOTAS[key], 1);
  const seed: Seed = {
    accounts: r.list(top.accounts, 'accounts', (a, p) => readAccount(r, a, p)),
    publicImages: r.list(top.publicImages, 'publicImages', (v, p) => readPublicImage(r, v, p)),
    timing,
    options: {
      assumedRoleArnFormat: r.oneOf(optRaw.assumedRoleArnFormat, 'options.assumedRoleArnFormat', ['ram', 'sts'] as const, 'ram') ?? 'ram',
      maxClockSkewMs: r.number(optRaw.maxClockSkewMs, 'options.maxClockSkewMs', 15 * 60_000),
      quotas,
      ...(optRaw.sessionLifetimeSeconds === undefined ? {} : { sessionLifetimeSeconds: r.number(optRaw.sessionLifetimeSeconds, 'options.sessionLifetimeSeconds', 3600, 1) }),
    },
  };
  if (top.faults !== undefined) seed.faults = top.faults;
  return seed;
}

function readAccount(r: Reader, raw: unknown, path: string): SeedAccount | undefined {
  const a = r.object(raw, path);
  if (!a) return undefined;
  r.known(a, path, ['accountId', 'oidcProviders', 'rootAccessKeys', 'users', 'roles', 'policies', 'imageCaches', 'network', 'registries']);
  const network = a.network === undefined ? {} : (r.object(a.network, `${path}.network`) ?? {});
  r.known(network, `${path}.network`, ['natVSwitchIds']);
  return {
    accountId: r.string(a.accountId, `${path}.accountId`, { pattern: ACCOUNT_ID, hint: 'must be 16 digits (quote it in YAML)' }) ?? '',
    oidcProviders: r.list(a.oidcProviders, `${path}.oidcProviders`, (v, p) => readOidcProvider(r, v, p)),
    rootAccessKeys: r.list(a.rootAccessKeys, `${path}.rootAccessKeys`, (k, p) => readKey(r, k, p)),
    users: r.list(a.users, `${path}.users`, (u, p) => readUser(r, u, p)),
    roles: r.list(a.roles, `${path}.roles`, (v, p) => readRole(r, v, p)),
    policies: r.list(a.policies, `${path}.policies`, (v, p) => readPolicy(r, v, p)),
    imageCaches: r.list(a.imageCaches, `${path}.imageCaches`, (v, p) => readImageCache(r, v, p)),
    network: { natVSwitchIds: r.strings(network.natVSwitchIds, `${path}.network.natVSwitchIds`) },
    registries: r.list(a.registries, `${path}.registries`, (v, p) => readRegistry(r, v, p)),
  };
}

function readOidcProvider(r: Reader, raw: unknown, path: string): SeedOidcProvider | undefined {
  const o = r.object(raw, path);
  if (!o) return undefined;
  r.known(o, path, ['name', 'issuerUrl', 'clientIds', 'jwks']);
  const name = r.string(o.name, `${path}.name`, { pattern: /^[A-Za-z0-9._-]{1,128}$/, hint: 'must be 1-128 of A-Z a-z 0-9 . _ -' });
  const issuerUrl = r.string(o.issuerUrl, `${path}.issuerUrl`, { pattern: /^https:\/\/\S+$/, hint: 'must be an https:// URL' });
  const jwks = r.object(o.jwks, `${path}.jwks`);
  const keys = jwks?.keys;
  if (jwks && (!Array.isArray(keys) || keys.some((k) => typeof k !== 'object' || k === null))) r.fail(`${path}.jwks.keys`, 'must be a list of JWK objects');
  if (name === undefined || issuerUrl === undefined || !Array.isArray(keys)) return undefined;
  return { name, issuerUrl, clientIds: r.strings(o.clientIds, `${path}.clientIds`), jwks: { keys: keys as Record<string, unknown>[] } };
}

function readKey(r: Reader, raw: unknown, path: string): SeedAccessKey | undefined {
  const k = r.object(raw, path);
  if (!k) return undefined;
  r.known(k, path, ['accessKeyId', 'accessKeySecret', 'status']);
  const accessKeyId = r.string(k.accessKeyId, `${path}.accessKeyId`, { pattern: /^(?!STS\.)\S+$/, hint: 'must be non-empty without spaces and not start with STS.' });
  const accessKeySecret = r.string(k.accessKeySecret, `${path}.accessKeySecret`);
  if (!accessKeyId || !accessKeySecret) return undefined;
  if (k.status === undefined) return { accessKeyId, accessKeySecret };
  const status = r.oneOf(k.status, `${path}.status`, ['Active', 'Inactive'] as const);
  return status ? { accessKeyId, accessKeySecret, status } : undefined;
}

/** `[Name]` or `[{policyName, policyType}]`. */
function readPolicyRefs(r: Reader, raw: unknown, path: string): SeedPolicyRef[] {
  return r.list(raw, path, (item, p) => {
    if (typeof item === 'string') return { policyName: item };
    const o = r.object(item, p);
    if (!o) return undefined;
    r.known(o, p, ['policyName', 'policyType']);
    const policyName = r.string(o.policyName, `${p}.policyName`);
    if (policyName === undefined) return undefined;
    if (o.policyType === undefined) return { policyName };
    const policyType = r.oneOf(o.policyType, `${p}.policyType`, ['System', 'Custom'] as const);
    return policyType ? { policyName, policyType } : undefined;
  });
}

function readUser(r: Reader, raw: unknown, path: string): SeedUser | undefined {
  const u = r.object(raw, path);
  if (!u) return undefined;
  r.known(u, path, ['name', 'accessKeys', 'policies']);
  const name = r.string(u.name, `${path}.name`, { pattern: /^[A-Za-z0-9._@-]{1,64}$/, hint: 'is not a valid user name' });
  return name === undefined
    ? undefined
    : { name, accessKeys: r.list(u.accessKeys, `${path}.accessKeys`, (k, p) => readKey(r, k, p)), policies: readPolicyRefs(r, u.policies, `${path}.policies`) };
}

/** Documents may be written as YAML mappings or as JSON text; RAM stores text, checked as RAM would. */
function documentText(r: Reader, raw: unknown, path: string, kind: PolicyKind): string | undefined {
  const text = typeof raw === 'string' ? raw : raw !== null && typeof raw === 'object' ? JSON.stringify(raw) : undefined;
  if (text === undefined) {
    r.fail(path, 'must be a policy document (mapping or JSON string)');
    return undefined;
  }
  const parsed = parsePolicyJson(text);
  if (!parsed.ok) {
    r.fail(path, parsed.message);
    return undefined;
  }
  const problems = checkPolicyGrammar(parsed.document, kind);
  for (const p of problems) r.fail([path, ...p.path].join('.'), p.message);
  return problems.length === 0 ? text : undefined;
}

export function readTags(r: Reader, raw: unknown, path: string): SeedTag[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    const map = r.object(raw, path) ?? {};
    return Object.entries(map).map(([key, value]) => ({ key, value: value === null || value === undefined ? '' : String(value) }));
  }
  return r.list(raw, path, (item, p) => {
    const o = r.object(item, p);
    const key = o && r.string(o.key ?? o.Key, `${p}.key`);
    return key === undefined || key === null ? undefined : { key, value: String(o?.value ?? o?.Value ?? '') };
  });
}

function readRole(r: Reader, raw: unknown, path: string): SeedRole | undefined {
  const o = r.object(raw, path);
  if (!o) return undefined;
  r.known(o, path, ['roleName', 'trust', 'description', 'maxSessionDuration', 'policies', 'tags']);
  const roleName = r.string(o.roleName, `${path}.roleName`, { pattern: /^[A-Za-z0-9.-]{1,64}$/, hint: 'must be 1-64 of A-Z a-z 0-9 . -' });
  const trust = documentText(r, o.trust, `${path}.trust`, 'trust');
  if (roleName === undefined || trust === undefined) return undefined;
  return {
    roleName,
    trust,
    description: r.string(o.description, `${path}.description`, { optional: true }) ?? '',
    maxSessionDuration: r.number(o.maxSessionDuration, `${path}.maxSessionDuration`, 3600, 3600),
    policies: readPolicyRefs(r, o.policies, `${path}.policies`),
    tags: readTags(r, o.tags, `${path}.tags`),
  };
}

function readPolicy(r: Reader, raw: unknown, path: string): SeedPolicy | undefined {
  const o = r.object(raw, path);
  if (!o) return undefined;
  r.known(o, path, ['policyName', 'document', 'description', 'tags']);
  const policyName = r.string(o.policyName, `${path}.policyName`, { pattern: /^[A-Za-z0-9-]{1,128}$/, hint: 'must be 1-128 of A-Z a-z 0-9 -' });
  const document = documentText(r, o.document, `${path}.document`, 'permission');
  if (policyName === undefined || document === undefined) return undefined;
  return { policyName, document, description: r.string(o.description, `${path}.description`, { optional: true }) ?? '', tags: readTags(r, o.tags, `${path}.tags`) };
}

function readImageCache(r: Reader, raw: unknown, path: string): SeedImageCache | undefined {
  const o = r.object(raw, path);
  if (!o) return undefined;
  r.known(o, path, ['regionId', 'imageCacheName', 'imageCacheId', 'images', 'tags', 'status', 'imageCacheSize']);
  const regionId = r.string(o.regionId, `${path}.regionId`);
  const imageCacheName = r.string(o.imageCacheName, `${path}.imageCacheName`);
  const status = r.oneOf(o.status, `${path}.status`, CACHE_STATUSES, 'Ready');
  if (regionId === undefined || imageCacheName === undefined || status === undefined) return undefined;
  const cache: SeedImageCache = { regionId, imageCacheName, images: r.strings(o.images, `${path}.images`), tags: readTags(r, o.tags, `${path}.tags`), status };
  const id = r.string(o.imageCacheId, `${path}.imageCacheId`, { optional: true, pattern: /^imc-[a-z0-9]+$/, hint: 'must look like imc-<lowercase alphanumerics>' });
  if (id !== undefined) cache.imageCacheId = id;
  if (o.imageCacheSize !== undefined) cache.imageCacheSize = r.number(o.imageCacheSize, `${path}.imageCacheSize`, 20, 1);
  return cache;
}

function readRepository(r: Reader, raw: unknown, path: string): SeedRepository | undefined {
  const o = r.object(raw, path);
  if (!o) return undefined;
  r.known(o, path, ['name', 'tags', 'sizeGiB']);
  const name = r.string(o.name, `${path}.name`, { pattern: /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._/-]*$/, hint: 'must be <namespace>/<repository> in lower case' });
  if (name === undefined) return undefined;
  const repo: SeedRepository = { name, tags: r.strings(o.tags, `${path}.tags`) };
  if (o.sizeGiB !== undefined) repo.sizeGiB = r.number(o.sizeGiB, `${path}.sizeGiB`, 1);
  return repo;
}

function readRegistry(r: Reader, raw: unknown, path: string): SeedRegistry | undefined {
  const o = r.object(raw, path);
  if (!o) return undefined;
  r.known(o, path, ['edition', 'instanceId', 'instanceName', 'regionId', 'customDomains', 'namespaces', 'repositories']);
  const edition = r.oneOf(o.edition, `${path}.edition`, ['Enterprise', 'Personal'] as const);
  const regionId = r.string(o.regionId, `${path}.regionId`);
  if (edition === undefined || regionId === undefined) return undefined;
  const registry: SeedRegistry = {
    edition, regionId,
    customDomains: r.strings(o.customDomains, `${path}.customDomains`),
    namespaces: r.strings(o.namespaces, `${path}.namespaces`),
    repositories: r.list(o.repositories, `${path}.repositories`, (v, p) => readRepository(r, v, p)),
  };
  if (edition === 'Enterprise') {
    const instanceId = r.string(o.instanceId, `${path}.instanceId`, { pattern: /^cri-[a-z0-9]+$/, hint: 'must look like cri-<lowercase alphanumerics>' });
    const instanceName = r.string(o.instanceName, `${path}.instanceName`, { pattern: /^[a-z0-9][a-z0-9-]*$/, hint: 'must be lower-case letters, digits and -' });
    if (instanceId) registry.instanceId = instanceId;
    if (instanceName) registry.instanceName = instanceName;
  } else {
    if (o.instanceId !== undefined) r.fail(`${path}.instanceId`, 'only Enterprise registries have an instanceId');
    if (o.customDomains !== undefined) r.fail(`${path}.customDomains`, 'only Enterprise registries have custom domains');
    if (registry.namespaces.length === 0) r.fail(`${path}.namespaces`, 'a Personal registry needs at least one namespace');
  }
  return registry;
}

function readPublicImage(r: Reader, raw: unknown, path: string): SeedPublicImage | undefined {
  if (typeof raw === 'string') return { image: raw };
  const o = r.object(raw, path);
  if (!o) return undefined;
  r.known(o, path, ['image', 'sizeGiB']);
  const image = r.string(o.image, `${path}.image`);
  if (image === undefined) return undefined;
  return o.sizeGiB === undefined ? { image } : { image, sizeGiB: r.number(o.sizeGiB, `${path}.sizeGiB`, 1) };
}

function checkUniqueness(r: Reader, seed: Seed): void {
  const seen = new Map<string, string>();
  const once = (kind: string, key: string, path: string) => {
    const previous = seen.get(`${kind}:${key}`);
    if (previous) r.fail(path, `duplicate ${kind} "${key}" (first at ${previous})`);
    else seen.set(`${kind}:${key}`, path);
  };
  seed.accounts.forEach((a, i) => {
    once('accountId', a.accountId, `accounts[${i}].accountId`);
    const keys = [...a.rootAccessKeys, ...a.users.flatMap((u) => u.accessKeys)];
    keys.forEach((k) => once('accessKeyId', k.accessKeyId, `accounts[${i}]`));
    a.roles.forEach((role, j) => once(`role in ${a.accountId}`, role.roleName.toLowerCase(), `accounts[${i}].roles[${j}]`));
    a.policies.forEach((p, j) => once(`policy in ${a.accountId}`, p.policyName.toLowerCase(), `accounts[${i}].policies[${j}]`));
    a.users.forEach((u, j) => once(`user in ${a.accountId}`, u.name.toLowerCase(), `accounts[${i}].users[${j}]`));
    a.registries.forEach((g, j) => g.instanceId && once('registry instanceId', g.instanceId, `accounts[${i}].registries[${j}]`));
  });
}
