// "Reconcile now": POST /reconcile queues a full pass, POST /reconcile?target=Kind/name queues the
// keys of that manifest (an Account: all its resources; an AcrPullAccess: the roles and policy it
// expands to). Off unless --admin-token-file is given; the token is compared in constant time
// (equal-length SHA-256 digests, so neither the content nor the length leaks through timing).
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { imageCacheKey, policyKey, roleKey } from '../model/keys.js';
import type { DesiredState, Origin } from '../model/desired.js';
import type { Daemon } from './daemon.js';
import { PASS_KEY } from './daemon.js';
import { json, type HttpRequest, type Reply } from './http-server.js';

export class AdminTokenError extends Error {
  override name = 'AdminTokenError';
}

/** The token in `file` (surrounding whitespace trimmed); an empty or unreadable file is an error. */
export function readAdminToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AdminTokenError(`cannot read --admin-token-file ${file}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  const token = text.trim();
  if (token === '') throw new AdminTokenError(`--admin-token-file ${file} is empty`);
  return token;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** True when the Authorization header is `Bearer <token>`; constant time in the token. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given !== '';
}

/** The queue keys of the manifest `Kind/name`, or undefined when no such manifest is desired. */
export function keysOfTarget(target: string, desired: DesiredState): string[] | undefined {
  const [kind, ...rest] = target.split('/');
  const name = rest.join('/');
  const from = (origin: Origin, accountName: string) => (kind === 'Account' ? accountName === name : origin.kind === kind && origin.name === name);
  const keys = [
    ...desired.roles.filter((r) => from(r.origin, r.account)).map((r) => roleKey(r.accountId, r.roleName)),
    ...desired.policies.filter((p) => from(p.origin, p.account)).map((p) => policyKey(p.accountId, p.policyName)),
    ...desired.imageCaches.filter((c) => from(c.origin, c.account)).map((c) => imageCacheKey(c.accountId, c.regionId, c.origin.name)),
  ];
  const known = keys.length > 0 || (kind === 'Account' && desired.accounts.some((a) => a.name === name));
  return known ? keys : undefined;
}

const unauthorized = (): Reply => ({ ...json(401, { error: 'unauthorized: send Authorization: Bearer <the --admin-token-file token>' }), headers: { 'www-authenticate': 'Bearer' } });

/** The POST /reconcile handler. */
export function reconcileNow(daemon: Daemon, token: string, request: HttpRequest): Reply {
  if (!bearerMatches(request.headers.authorization, token)) return unauthorized();
  const targets = request.url.searchParams.getAll('target');
  if (targets.length === 0) {
    daemon.trigger('requested');
    return json(202, { enqueued: [PASS_KEY], what: 'a full pass' });
  }
  if (!daemon.desired) return json(409, { error: 'no valid manifests loaded yet: nothing to target' });
  const enqueued: string[] = [];
  for (const target of targets) {
    const keys = keysOfTarget(target, daemon.desired);
    if (keys === undefined) return json(404, { error: `no manifest ${target} in the desired state (write Kind/name, e.g. RamRole/ci-pull)` });
    enqueued.push(...keys);
  }
  for (const key of enqueued) daemon.queue.add(key);
  return json(202, { enqueued, targets });
}
