// ACS3-HMAC-SHA256: the SDKs' default signature.
import { createHash, createHmac } from 'node:crypto';
import { byKey, pe } from './encoding.js';

export const ACS3 = 'ACS3-HMAC-SHA256';
/** Hash behind each accepted ACS3 algorithm; the SDKs also offer SM3 (China's national standard). */
const HASHES: Record<string, 'sha256' | 'sm3'> = { 'ACS3-HMAC-SHA256': 'sha256', 'ACS3-HMAC-SM3': 'sm3' };
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const REQUIRED_SIGNED_HEADERS = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];

export interface Acs3Authorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…` → parts, or a reason it is incomplete. */
export function parseAcs3Authorization(header: string): Acs3Authorization | string {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (!Object.hasOwn(HASHES, algorithm)) return `unsupported signature algorithm "${algorithm}"`;
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return 'Authorization lacks Credential, SignedHeaders or Signature';
  const names = signedHeaders.split(';');
  const sorted = [...names].sort();
  if (names.some((n, i) => n !== sorted[i] || n !== n.toLowerCase())) return 'SignedHeaders must be lower case and sorted';
  const missing = REQUIRED_SIGNED_HEADERS.filter((h) => !names.includes(h));
  if (missing.length > 0) return `SignedHeaders lacks ${missing.join(', ')}`;
  return { algorithm, accessKeyId, signedHeaders: names, signature };
}

export interface CanonicalInput {
  method: string;
  path: string;
  /** Decoded query pairs (never the form body: ACS3 covers the body through its hash). */
  query: [string, string][];
  headers: Record<string, string | string[] | undefined>;
  signedHeaders: string[];
  payloadHash: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const query = [...input.query].sort(byKey).map(([k, v]) => `${k}=${pe(v)}`).join('&');
  const headers = input.signedHeaders
    .map((name) => {
      const raw = input.headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
      return `${name}:${value.trim()}\n`;
    })
    .join('');
  return [input.method, input.path, query, headers, input.signedHeaders.join(';'), input.payloadHash].join('\n');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function payloadHash(data: string | Buffer, algorithm: string = ACS3): string {
  return createHash(HASHES[algorithm] ?? 'sha256').update(data).digest('hex');
}

export function acs3Signature(canonical: string, secret: string, algorithm: string = ACS3): string {
  const hash = HASHES[algorithm] ?? 'sha256';
  const stringToSign = `${algorithm}\n${createHash(hash).update(canonical).digest('hex')}`;
  return createHmac(hash, secret).update(stringToSign).digest('hex');
}
