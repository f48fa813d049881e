// ECI state: image caches and container groups per account, plus what the pull model needs from
// the rest of the emulator (RAM through RamReader, registries, network and public images from the seed).
import { randomBytes } from 'node:crypto';
import type { RamReader } from '../contracts.js';
import { srcPolicy } from '../pull/policy-port.js';
import type { AcrRegistryInfo, PullWorld } from '../pull/types.js';
import type { Seed } from '../seed-types.js';
import type { Tag } from './params.js';
import { TokenLedger } from './idempotency.js';
import type { Timeline } from './timeline.js';

/** The slice of the core emulator's World that ECI reads (World satisfies it structurally). */
export interface EciWorld {
  readonly seed: Seed;
  readonly ram: RamReader;
  now(): number;
}

export interface CacheRecord {
  imageCacheId: string;
  containerGroupId: string;
  accountId: string;
  regionId: string;
  name: string;
  images: string[];
  imageCacheSize: number;
  retentionDays?: number;
  creationTime: number;
  tags: Tag[];
  eliminationStrategy: string;
  resourceGroupId?: string;
  snapshotId: string;
  securityGroupId?: string;
  vSwitchIds: string[];
  eipInstanceId?: string;
  acrRegistryInfo: AcrRegistryInfo[];
  /** Events of finished builds, then the current build's timeline. */
  pastEvents: Timeline['events'];
  timeline: Timeline;
  kind: 'create' | 'update' | 'seeded';
}

export interface ContainerRecord {
  name: string;
  image: string;
}

export interface GroupRecord {
  containerGroupId: string;
  accountId: string;
  regionId: string;
  name: string;
  containers: ContainerRecord[];
  initContainers: ContainerRecord[];
  creationTime: number;
  tags: Tag[];
  securityGroupId: string;
  vSwitchIds: string[];
  zoneId?: string;
  eipInstanceId?: string;
  restartPolicy: string;
  timeline: Timeline;
}

export const DAY_MS = 86_400_000;

export class EciState {
  readonly caches = new Map<string, CacheRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly tokens = new TokenLedger();
  readonly pullWorld: PullWorld;

  constructor(readonly world: EciWorld) {
    const seed = world.seed;
    this.pullWorld = {
      ram: world.ram,
      registries: seed.accounts.flatMap((a) => a.registries.map((registry) => ({ accountId: a.accountId, registry }))),
      publicImages: seed.publicImages,
      natVSwitchIds: (accountId) => seed.accounts.find((a) => a.accountId === accountId)?.network.natVSwitchIds ?? [],
      policy: srcPolicy,
    };
  }

  timing(key: string, fallback: number): number {
    return this.world.seed.timing[key] ?? fallback;
  }
}

/** ECI-style IDs: a prefix and 20 lowercase alphanumerics. */
export function newId(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `${prefix}-${[...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}
