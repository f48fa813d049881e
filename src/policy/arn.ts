// ARNs: `acs:<service>:<region>:<account>:<resource>`. RAM identity ARNs
// leave the region empty (`acs:ram::<uid>:role/<name>`); policy Resources may put `*` in any segment.

export interface Arn {
  service: string;
  region: string;
  accountId: string;
  /** Everything after the fourth colon; may itself contain colons and slashes. */
  resource: string;
}

export type RamIdentity =
  | { kind: 'root'; accountId: string }
  | { kind: 'user'; accountId: string; name: string }
  | { kind: 'role'; accountId: string; name: string; sessionName?: string };

const ACCOUNT_ID = /^\d{16}$/;
// No slash: `role/<name>/<session>` is a session, not a role. Name rules themselves live in the manifests.
const ROLE_RESOURCE = /^role\/([^/\s]+)$/;

/** Splits an ARN; undefined unless it starts with `acs:` and has a service and a resource. */
export function parseArn(text: string): Arn | undefined {
  if (typeof text !== 'string' || !text.startsWith('acs:') || /\s/.test(text)) return undefined;
  const parts = text.split(':');
  if (parts.length < 5) return undefined;
  const [, service = '', region = '', accountId = ''] = parts;
  const resource = parts.slice(4).join(':');
  if (service === '' || resource === '') return undefined;
  return { service, region, accountId, resource };
}

export function formatArn(arn: Arn): string {
  return `acs:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
}

export function isValidArn(text: string): boolean {
  return parseArn(text) !== undefined;
}

/** `acs:ram::<16 digits>:role/<name>` → its parts; sessions and other ARNs → undefined. */
export function parseRoleArn(arn: string): { accountId: string; roleName: string } | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'ram' || parsed.region !== '') return undefined;
  if (!ACCOUNT_ID.test(parsed.accountId)) return undefined;
  const match = ROLE_RESOURCE.exec(parsed.resource);
  if (match === null) return undefined;
  return { accountId: parsed.accountId, roleName: match[1] as string };
}

export function roleArn(accountId: string, roleName: string): string {
  return `acs:ram::${accountId}:role/${roleName}`;
}

export function rootArn(accountId: string): string {
  return `acs:ram::${accountId}:root`;
}

export function userArn(accountId: string, userName: string): string {
  return `acs:ram::${accountId}:user/${userName}`;
}

/**
 * Who a RAM ARN names: the account root, a user, a role, or a role session. Both session forms of
 * §10 #16 are understood (`acs:ram::<uid>:role/<r>/<s>` and `acs:sts::<uid>:assumed-role/<r>/<s>`).
 */
export function parseRamIdentityArn(arn: string): RamIdentity | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.region !== '' || !ACCOUNT_ID.test(parsed.accountId)) return undefined;
  const { accountId, resource } = parsed;
  const segments = resource.split('/');
  if (segments.some((s) => s === '')) return undefined;
  if (parsed.service === 'sts') {
    if (segments.length !== 3 || segments[0] !== 'assumed-role') return undefined;
    return { kind: 'role', accountId, name: segments[1] as string, sessionName: segments[2] as string };
  }
  if (parsed.service !== 'ram') return undefined;
  if (resource === 'root') return { kind: 'root', accountId };
  if (segments[0] === 'user' && segments.length === 2) return { kind: 'user', accountId, name: segments[1] as string };
  if (segments[0] !== 'role') return undefined;
  if (segments.length === 2) return { kind: 'role', accountId, name: segments[1] as string };
  if (segments.length === 3) return { kind: 'role', accountId, name: segments[1] as string, sessionName: segments[2] as string };
  return undefined;
}
