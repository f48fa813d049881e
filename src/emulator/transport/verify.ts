// Who sent this request? Verifies either signature scheme, the STS token, freshness and the nonce.
// Check order: key known → signature → STS token → date → nonce (a forged request never burns a nonce).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../contracts.js';
import { gatewayErrors as E } from '../errors.js';
import type { KeyRecord } from '../world.js';
import { acs3Signature, canonicalRequest, parseAcs3Authorization, payloadHash as hashOf } from './acs3.js';
import { sha1Signature } from './hmac-sha1.js';
import type { NonceCache } from './nonces.js';

export interface IncomingCall {
  method: string;
  path: string;
  query: [string, string][];
  form: [string, string][];
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface VerifyDeps {
  lookup(accessKeyId: string): KeyRecord | undefined;
  nonces: NonceCache;
  /** Wall clock: clients sign with theirs, so freshness never uses emulated time. */
  wallNow(): number;
  /** Emulated clock: STS expiry follows it. */
  emulatedNow(): number;
  maxSkewMs: number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function param(pairs: [string, string][], name: string): string | undefined {
  return pairs.find(([k]) => k === name)?.[1];
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function knownKey(deps: VerifyDeps, accessKeyId: string): KeyRecord {
  const record = deps.lookup(accessKeyId);
  if (!record) throw E.unknownKey();
  if (record.inactive) throw E.inactiveKey();
  return record;
}

function checkToken(record: KeyRecord, token: string | undefined, deps: VerifyDeps): void {
  if (record.securityToken === undefined) return;
  if (token === undefined || token === '') throw E.missingToken();
  if (!sameText(token, record.securityToken)) throw E.mismatchedToken();
  if (record.expiresAt !== undefined && deps.emulatedNow() >= record.expiresAt) throw E.expiredToken();
}

function checkFreshness(date: string, field: string, nonce: string, accessKeyId: string, deps: VerifyDeps): void {
  const at = Date.parse(date);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(date) || Number.isNaN(at)) {
    throw new ApiError('InvalidTimeStamp.Format', 400, `Specified ${field} is not in the ISO 8601 UTC format yyyy-MM-ddTHH:mm:ssZ.`);
  }
  const now = deps.wallNow();
  if (Math.abs(now - at) > deps.maxSkewMs) throw E.staleDate(field);
  if (!deps.nonces.remember(`${accessKeyId}\n${nonce}`, now)) throw E.nonceUsed();
}

function verifyAcs3(call: IncomingCall, authorization: string, deps: VerifyDeps): KeyRecord {
  const auth = parseAcs3Authorization(authorization);
  if (typeof auth === 'string') throw E.incompleteSignature(auth);
  const record = knownKey(deps, auth.accessKeyId);
  const payloadHash = header(call.headers, 'x-acs-content-sha256') ?? '';
  const canonical = canonicalRequest({ method: call.method, path: call.path, query: call.query, headers: call.headers, signedHeaders: auth.signedHeaders, payloadHash });
  if (!sameText(auth.signature, acs3Signature(canonical, record.secret, auth.algorithm)) || payloadHash !== hashOf(call.body, auth.algorithm)) {
    throw E.signatureDoesNotMatch();
  }
  const claimedKey = header(call.headers, 'x-acs-accesskey-id');
  if (claimedKey !== undefined && claimedKey !== auth.accessKeyId) throw E.signatureDoesNotMatch();
  checkToken(record, header(call.headers, 'x-acs-security-token'), deps);
  checkFreshness(header(call.headers, 'x-acs-date') ?? '', 'x-acs-date', header(call.headers, 'x-acs-signature-nonce') ?? '', record.accessKeyId, deps);
  return record;
}

function verifySha1(call: IncomingCall, deps: VerifyDeps): KeyRecord {
  const all = [...call.query, ...call.form];
  for (const name of ['AccessKeyId', 'SignatureNonce', 'Timestamp']) {
    if (!param(all, name)) throw E.missingParameter(name);
  }
  const method = param(all, 'SignatureMethod');
  if (method !== 'HMAC-SHA1') throw E.incompleteSignature(`unsupported SignatureMethod "${method ?? ''}"`);
  const record = knownKey(deps, param(all, 'AccessKeyId') as string);
  const signed = all.filter(([k]) => k !== 'Signature');
  // GET clients put Signature in the query; @alicloud/pop-core's POST puts it in the form body.
  const given = param(all, 'Signature') ?? '';
  if (!sameText(given, sha1Signature(call.method, signed, record.secret))) throw E.signatureDoesNotMatch();
  checkToken(record, param(all, 'SecurityToken'), deps);
  checkFreshness(param(all, 'Timestamp') as string, 'Timestamp', param(all, 'SignatureNonce') as string, record.accessKeyId, deps);
  return record;
}

/** Returns the verified credential, or throws the gateway's ApiError. */
export function verifyRequest(call: IncomingCall, deps: VerifyDeps): KeyRecord {
  const authorization = header(call.headers, 'authorization');
  if (authorization !== undefined) return verifyAcs3(call, authorization, deps);
  if (param(call.query, 'Signature') !== undefined || param(call.form, 'Signature') !== undefined) return verifySha1(call, deps);
  throw E.incompleteSignature('neither an Authorization header nor a Signature parameter was sent');
}
