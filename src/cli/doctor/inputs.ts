// doctor's inputs from its flags: which account and region ECI runs in, the images, and the
// AcrRegistryInfo entries, from IMAGE... (with --arn-service/--arn-user/--instance-id/
// --registry-region), --pod FILE (ACK annotations), --image-cache ID (the live cache; entries from
// its ImageCache manifest when it is ours) or --access NAME (an AcrPullAccess as deployed).
// Every mistake is a UsageError (exit 3); a pod file's with file:line:col.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadResult } from '../../manifests/load.js';
import type { AcrRegistryInfo, DesiredAccount, DesiredState } from '../../model/desired.js';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE, MANIFEST_TAG } from '../../model/ownership.js';
import type { CloudProvider } from '../../cloud/provider.js';
import { readPod } from '../../doctor/pod.js';
import type { RegistryInfo } from '../../doctor/types.js';
import { UsageError, type CliIo } from '../io.js';
import type { Values } from '../settings.js';
import { givenText } from '../setting-values.js';

export interface DoctorInput {
  account: DesiredAccount;
  regionId: string;
  images: string[];
  entries: RegistryInfo[];
  /** --image-cache: what the live cache shows. */
  cache?: { imageCacheId: string; status: string; latestEvent?: string };
}

const MODES = ['pod', 'image-cache', 'access'] as const;

export function toEntry(info: AcrRegistryInfo): RegistryInfo {
  return {
    ...(info.instanceId !== undefined ? { instanceId: info.instanceId } : {}),
    ...(info.regionId !== undefined ? { regionId: info.regionId } : {}),
    domains: [...(info.domains ?? [])],
    ...(info.arnService !== undefined ? { arnService: info.arnService } : {}),
    ...(info.arnUser !== undefined ? { arnUser: info.arnUser } : {}),
  };
}

function entriesFromFlags(values: Values): RegistryInfo[] {
  const entry: RegistryInfo = { domains: [] };
  const arnService = givenText(values, 'arn-service');
  const arnUser = givenText(values, 'arn-user');
  const instanceId = givenText(values, 'instance-id');
  const regionId = givenText(values, 'registry-region');
  if (arnService) entry.arnService = arnService;
  if (arnUser) entry.arnUser = arnUser;
  if (instanceId) entry.instanceId = instanceId;
  if (regionId) entry.regionId = regionId;
  return Object.keys(entry).length > 1 ? [entry] : [];
}

function accountNamed(state: DesiredState, name: string | undefined, why: string): DesiredAccount {
  if (!name) throw new UsageError(`--account NAME is required ${why}`);
  const account = state.accounts.find((a) => a.name === name);
  if (!account) throw new UsageError(`--account ${name}: no Account manifest of that name (known: ${state.accounts.map((a) => a.name).join(', ') || 'none'})`);
  return account;
}

export async function doctorInput(values: Values, images: string[], loaded: LoadResult & { state: DesiredState }, provider: CloudProvider, io: CliIo): Promise<DoctorInput> {
  const modes = MODES.filter((m) => givenText(values, m) !== undefined);
  if (modes.length > 1) throw new UsageError(`give one of --pod, --image-cache and --access, not ${modes.map((m) => `--${m}`).join(' and ')}`);
  const mode = modes[0];
  if (mode === 'access') return accessInput(givenText(values, 'access') ?? '', images, loaded);
  const account = accountNamed(loaded.state, givenText(values, 'account'), mode ? `with --${mode}` : 'with IMAGE...');
  const regionId = givenText(values, 'region') ?? account.regionId;
  if (mode === 'pod') return { account, regionId, ...podInput(givenText(values, 'pod') ?? '', io) };
  if (mode === 'image-cache') return cacheInput(givenText(values, 'image-cache') ?? '', account, regionId, values, loaded.state, provider);
  if (images.length === 0) throw new UsageError('give an IMAGE, or one of --pod FILE, --image-cache ID, --access NAME');
  return { account, regionId, images, entries: entriesFromFlags(values) };
}

function podInput(file: string, io: CliIo): Pick<DoctorInput, 'images' | 'entries'> {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`--pod ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}: cannot read the file`);
  }
  const pod = readPod(text);
  if (Array.isArray(pod)) throw new UsageError(pod.map((p) => `${file}:${p.line}:${p.col}: error ${p.code} ${p.message}`).join('\n'));
  return pod;
}

function accessInput(name: string, images: string[], loaded: LoadResult & { state: DesiredState }): DoctorInput {
  const expansion = loaded.expansions.find((e) => e.name === name);
  if (!expansion) throw new UsageError(`--access ${name}: no AcrPullAccess of that name (known: ${loaded.expansions.map((e) => e.name).join(', ') || 'none'})`);
  const account = accountNamed(loaded.state, expansion.facts.eci.account, 'for the AcrPullAccess');
  const entries = expansion.registryInfo ? [toEntry(expansion.registryInfo)] : [];
  const same = JSON.stringify(expansion.registryInfo ?? null);
  const cached = loaded.state.imageCaches.filter((c) => c.account === account.name && JSON.stringify(c.acrRegistryInfo[0] ?? null) === same).flatMap((c) => c.images);
  const all = images.length > 0 ? images : [...new Set(cached)];
  if (all.length === 0) throw new UsageError(`--access ${name}: no ImageCache uses it; give the IMAGE to check`);
  return { account, regionId: expansion.facts.eci.regionId, images: all, entries };
}

async function cacheInput(id: string, account: DesiredAccount, regionId: string, values: Values, state: DesiredState, provider: CloudProvider): Promise<DoctorInput> {
  const live = await provider.account(account.name).getImageCache(regionId, id);
  if (!live) throw new UsageError(`--image-cache ${id}: no image cache of that ID in account ${account.name}, region ${regionId}`);
  const ours = live.tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE ? live.tags[MANIFEST_TAG] : undefined;
  const manifest = state.imageCaches.find((c) => c.account === account.name && `ImageCache/${c.origin.name}` === ours);
  // The API never returns AcrRegistryInfo: a cache of ours has it in its manifest, any other the flags give it.
  const entries = manifest ? manifest.acrRegistryInfo.map(toEntry) : entriesFromFlags(values);
  const latest = [...live.events].reverse().find((e) => e.type === 'Warning') ?? live.events[live.events.length - 1];
  return {
    account,
    regionId,
    images: live.images,
    entries,
    cache: { imageCacheId: id, status: live.status, ...(latest ? { latestEvent: `${latest.type} ${latest.reason}: ${latest.message}` } : {}) },
  };
}
