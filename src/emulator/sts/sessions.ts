// Issued STS credentials: `STS.` keys with a secret and a token, valid until the emulated clock
// passes their expiry. They live in world.keys beside the seeded keys, so the gateway verifies both alike.
import { randomBytes } from 'node:crypto';
import type { PolicyDocument } from '../../policy/index.js';
import { ramTime, type RoleState } from '../ram/state.js';
import type { World } from '../world.js';

// Expired sessions are kept a while so their use answers "expired" rather than "unknown key".
const KEEP_EXPIRED_MS = 6 * 3600_000;

export interface SessionRequest {
  accountId: string;
  role: RoleState;
  sessionName: string;
  durationSeconds: number;
  sessionPolicy: PolicyDocument | undefined;
  now: number;
}

function token(bytes: number): string {
  return randomBytes(bytes).toString('base64');
}

export function sessionArn(world: World, accountId: string, roleName: string, sessionName: string): string {
  return world.seed.options.assumedRoleArnFormat === 'sts'
    ? `acs:sts::${accountId}:assumed-role/${roleName}/${sessionName}`
    : `acs:ram::${accountId}:role/${roleName}/${sessionName}`;
}

function prune(world: World, now: number): void {
  for (const [id, record] of world.keys) {
    if (record.expiresAt !== undefined && record.expiresAt + KEEP_EXPIRED_MS < now) world.keys.delete(id);
  }
}

export function issueSession(world: World, req: SessionRequest): Record<string, unknown> {
  prune(world, req.now);
  const accessKeyId = `STS.N${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
  const secret = token(30).replace(/[+/=]/g, 'x');
  const securityToken = `CAIS${token(180)}`;
  // Whole seconds, like Expiration on the wire, so the client's view and ours agree; rounded up so a
  // session never lives shorter than DurationSeconds.
  // options.sessionLifetimeSeconds shortens every session (tests of refresh under a daemon).
  const lifetimeSeconds = world.seed.options.sessionLifetimeSeconds ?? req.durationSeconds;
  const expiresAt = Math.ceil(req.now / 1000) * 1000 + lifetimeSeconds * 1000;
  const arn = sessionArn(world, req.accountId, req.role.roleName, req.sessionName);
  world.keys.set(accessKeyId, {
    accessKeyId,
    secret,
    securityToken,
    expiresAt,
    roleId: req.role.roleId,
    ...(req.sessionPolicy ? { sessionPolicy: req.sessionPolicy } : {}),
    caller: { accountId: req.accountId, kind: 'role', roleName: req.role.roleName, sessionName: req.sessionName, arn },
  });
  return {
    AssumedRoleUser: { Arn: arn, AssumedRoleId: `${req.role.roleId}:${req.sessionName}` },
    Credentials: { AccessKeyId: accessKeyId, AccessKeySecret: secret, SecurityToken: securityToken, Expiration: ramTime(expiresAt) },
  };
}
