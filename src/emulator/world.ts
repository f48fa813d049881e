// The emulator's whole state: RAM per account, credentials (seeded keys and issued STS keys), the
// emulated clock, the request log and the fault layer. Service modules get the world in their factory.
import { randomUUID } from 'node:crypto';
import type { PolicyDocument } from '../policy/document.js';
import { noFaults, type Caller, type FaultController, type RamReader } from './contracts.js';
import { createEmulatorClock, type EmulatorClock } from './clock.js';
import { SYSTEM_POLICIES } from './ram/system-policies.js';
import { REQUEST_LOG_SIZE, RequestLog } from './request-log.js';
import { roleArnOf, type Attachment, type PolicyType, type RamAccount } from './ram/state.js';
import { SeedError } from './seed-reader.js';
import type { Seed, SeedAccount, SeedPolicyRef } from './seed-types.js';

/** A credential the gateway accepts: a seeded key or an STS key issued by AssumeRole. */
export interface KeyRecord {
  accessKeyId: string;
  secret: string;
  caller: Omit<Caller, 'accessKeyId'>;
  /** A seeded key with `status: Inactive`. */
  inactive?: boolean;
  /** STS keys only. */
  securityToken?: string;
  expiresAt?: number;
  /** AssumeRole's `Policy`: intersects the role's rights. */
  sessionPolicy?: PolicyDocument;
  /** STS role sessions: the role's ID, for GetCallerIdentity/AssumedRoleId. */
  roleId?: string;
}

export type { RequestLogEntry } from './request-log.js';

export class World {
  readonly accounts = new Map<string, RamAccount>();
  readonly keys = new Map<string, KeyRecord>();
  readonly requests: RequestLog;
  readonly clock: EmulatorClock;
  readonly ram: RamReader;
  private faultController: FaultController = noFaults;
  private idCounter = 0;
  // Above the system policies' sequence numbers, so they list first.
  private seqCounter = 1000;

  constructor(readonly seed: Seed, clock: EmulatorClock = createEmulatorClock(), requestLogSize = REQUEST_LOG_SIZE) {
    this.clock = clock;
    this.requests = new RequestLog(requestLogSize);
    this.ram = createRamReader(this);
    for (const account of seed.accounts) this.addAccount(account);
  }

  now(): number {
    return this.clock.now();
  }

  get faults(): FaultController {
    return this.faultController;
  }

  /** The ECI helper's fault layer plugs in here (server.ts does it when wiring services). */
  setFaults(controller: FaultController): void {
    this.faultController = controller;
  }

  account(accountId: string): RamAccount | undefined {
    return this.accounts.get(accountId);
  }

  /** Unique, numeric, deterministic per world: RAM IDs are numeric strings. */
  nextNumericId(): string {
    this.idCounter += 1;
    return String(300000000000000000n + BigInt(this.idCounter) * 7919n);
  }

  /** Creation order of roles and policies across the world. */
  nextSeq(): number {
    this.seqCounter += 1;
    return this.seqCounter;
  }

  requestId(): string {
    return randomUUID().toUpperCase();
  }

  private addAccount(seed: SeedAccount): void {
    const created = this.now();
    const account: RamAccount = { accountId: seed.accountId, rootAccessKeys: seed.rootAccessKeys, users: new Map(), roles: new Map(), policies: new Map() };
    this.accounts.set(seed.accountId, account);
    for (const key of seed.rootAccessKeys) {
      this.keys.set(key.accessKeyId, { accessKeyId: key.accessKeyId, secret: key.accessKeySecret, inactive: key.status === 'Inactive', caller: { accountId: seed.accountId, kind: 'root', arn: `acs:ram::${seed.accountId}:root` } });
    }
    for (const p of seed.policies) {
      account.policies.set(p.policyName, {
        seq: this.nextSeq(), policyName: p.policyName, description: p.description, createDate: created, updateDate: created, defaultVersion: 'v1',
        versions: [{ versionId: 'v1', document: p.document, createDate: created }], nextVersion: 2, tags: [...p.tags],
      });
    }
    const resolve = (ref: SeedPolicyRef, where: string): Attachment => this.resolveSeedRef(account, ref, where, created);
    seed.users.forEach((u, i) => {
      account.users.set(u.name, { userName: u.name, userId: this.nextNumericId(), accessKeys: u.accessKeys, attachments: u.policies.map((r) => resolve(r, `users[${i}]`)), createDate: created });
      for (const key of u.accessKeys) {
        this.keys.set(key.accessKeyId, { accessKeyId: key.accessKeyId, secret: key.accessKeySecret, inactive: key.status === 'Inactive', caller: { accountId: seed.accountId, kind: 'user', userName: u.name, arn: `acs:ram::${seed.accountId}:user/${u.name}` } });
      }
    });
    seed.roles.forEach((r, i) => {
      account.roles.set(r.roleName, {
        seq: this.nextSeq(), roleId: this.nextNumericId(), roleName: r.roleName, arn: roleArnOf(seed.accountId, r.roleName), description: r.description, trust: r.trust,
        maxSessionDuration: r.maxSessionDuration, createDate: created, updateDate: created, tags: [...r.tags],
        attachments: r.policies.map((ref) => resolve(ref, `roles[${i}]`)),
      });
    });
  }

  private resolveSeedRef(account: RamAccount, ref: SeedPolicyRef, where: string, at: number): Attachment {
    const type: PolicyType | undefined = ref.policyType ?? (SYSTEM_POLICIES.has(ref.policyName) ? 'System' : account.policies.has(ref.policyName) ? 'Custom' : undefined);
    const exists = type === 'System' ? SYSTEM_POLICIES.has(ref.policyName) : type === 'Custom' && account.policies.has(ref.policyName);
    if (!type || !exists) {
      const known = [...SYSTEM_POLICIES.keys(), ...account.policies.keys()].join(', ');
      throw new SeedError([`accounts[${account.accountId}].${where}.policies: no ${ref.policyType ?? ''} policy "${ref.policyName}" (known: ${known})`.replace('  ', ' ')]);
    }
    return { policyName: ref.policyName, policyType: type, attachDate: at };
  }
}

/** Documents stored verbatim may not parse (seeded by hand); unparsable ones grant nothing. */
function parseDoc(text: string): PolicyDocument | undefined {
  try {
    const doc = JSON.parse(text) as PolicyDocument;
    return Array.isArray(doc?.Statement) ? doc : undefined;
  } catch {
    return undefined;
  }
}

export function documentOf(world: World, accountId: string, a: Pick<Attachment, 'policyName' | 'policyType'>): string | undefined {
  if (a.policyType === 'System') return SYSTEM_POLICIES.get(a.policyName)?.document;
  const policy = world.account(accountId)?.policies.get(a.policyName);
  return policy?.versions.find((v) => v.versionId === policy.defaultVersion)?.document;
}

function createRamReader(world: World): RamReader {
  return {
    role(accountId, roleName) {
      const role = world.account(accountId)?.roles.get(roleName);
      const trust = role && parseDoc(role.trust);
      return role && trust ? { arn: role.arn, trust, maxSessionDuration: role.maxSessionDuration } : undefined;
    },
    policiesOf(accountId, principal) {
      const account = world.account(accountId);
      const holder = principal.kind === 'role' ? account?.roles.get(principal.roleName) : account?.users.get(principal.userName);
      return (holder?.attachments ?? []).flatMap((a) => {
        const doc = parseDoc(documentOf(world, accountId, a) ?? '');
        return doc ? [doc] : [];
      });
    },
  };
}

