// Redaction for everything that may reach a log, a metric label, an error message or the CLI.
// SDK transport errors quote the full request URL, whose query holds every business parameter
// (and, with legacy signing, the AccessKey ID, signature and security token).

const MASK = '[REDACTED]';

// A URL (with scheme, or a bare path) followed by a query: keep the path, drop the query.
const URL_QUERY = /((?:\b[a-z][a-z0-9+.-]*:\/\/|(?<![\w.])\/)[^\s?"'<>]*)\?[^\s"'<>]*/gi;
// The ACS3 Authorization header value: `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
const ACS3_AUTH = /ACS3-HMAC-SHA256\s+[^\s"']*/g;
const BEARER = /\bBearer\s+[^\s"',;]+/gi;
// A JWT (an OIDC token: base64url JSON header `{"…` = `eyJ…`, payload, signature).
const JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
// `Key=value`, `Key: value`, `"Key":"value"` for keys that name secrets.
const SECRET_PAIR =
  /\b((?:x-acs-)?(?:Signature|SecurityToken|Security-Token|OIDCToken|AccessKeySecret|access_key_secret|sts_token|Password|Authorization|BearerToken))(["']?\s*[:=]\s*["']?)([^\s&,"';]+)/gi;

/** Removes URL queries and anything shaped like a secret from free text. */
export function redactText(text: string): string {
  return text
    .replace(URL_QUERY, `$1?${MASK}`)
    .replace(ACS3_AUTH, `ACS3-HMAC-SHA256 ${MASK}`)
    .replace(BEARER, `Bearer ${MASK}`)
    .replace(JWT, MASK)
    .replace(SECRET_PAIR, (_m, key: string, sep: string) => `${key}${sep}${MASK}`);
}

// Keys whose values are secrets whatever they look like. Compared lower-case with `-`/`_` removed.
const SECRET_KEYS = new Set([
  'accesskeysecret',
  'securitytoken',
  'signature',
  'authorization',
  'password',
  'credential',
  'credentials',
  'bearertoken',
  'ststoken',
  'secret',
]);
// Tokens that are identifiers, not secrets: useful in logs.
const PUBLIC_KEYS = new Set(['clienttoken', 'nexttoken']);

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  if (PUBLIC_KEYS.has(k)) return false;
  return SECRET_KEYS.has(k) || k.endsWith('secret') || k.endsWith('password') || k.endsWith('token');
}

/** A copy of structured log metadata with secret-named keys dropped and every string redacted. */
export function redactValue(value: unknown): unknown {
  return redactInner(value, new WeakSet());
}

function redactInner(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: redactText(value.message), ...(typeof code === 'string' ? { code } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => redactInner(v, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (isSecretKey(key)) continue;
    out[key] = redactInner(v, seen);
  }
  return out;
}
