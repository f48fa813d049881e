// Verification of an OIDC token (a JWT, RS256) against a registered provider, as STS does for
// AssumeRoleWithOIDC. Codes and messages from Alibaba's STS error-code list
// (help.aliyun.com, "api-sts-2015-04-01-errorcodes"); the issuer and not-yet-valid cases have no
// documented code of their own and are marked unconfirmed in src/emulator/README.md.
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { ApiError } from '../contracts.js';
import type { SeedOidcProvider } from '../seed-types.js';

export interface OidcClaims {
  iss: string;
  sub: string;
  /** All audiences of the token (`aud` is a string or a list). */
  aud: string[];
  exp: number;
  iat: number;
}

const fail = (code: string, message: string) => new ApiError(`AuthenticationFail.OIDCToken.${code}`, 401, message);
const invalid = (message: string) => fail('Invalid', message);

function decodeJson(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw invalid('Cannot decode base64 encoded response(format invalided).');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('The Jwt content is invalid that cannot be recognized.');
  return value as Record<string, unknown>;
}

function signatureValid(signingInput: string, signature: Buffer, keys: Record<string, unknown>[], kid: unknown): boolean {
  const candidates = keys.filter((k) => k.kty === 'RSA' && (kid === undefined || k.kid === kid));
  return candidates.some((jwk) => {
    try {
      return verify('sha256', Buffer.from(signingInput), createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), signature);
    } catch {
      return false;
    }
  });
}

function claimsOf(payload: Record<string, unknown>): OidcClaims {
  const { iss, sub, exp, iat } = payload;
  const aud = typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud.filter((a): a is string => typeof a === 'string') : [];
  if (typeof iss !== 'string' || typeof sub !== 'string' || typeof exp !== 'number' || typeof iat !== 'number') {
    throw invalid('The Jwt content is invalid that cannot be recognized.');
  }
  return { iss, sub, aud, exp, iat };
}

/**
 * Order: shape → algorithm → signature → issuer → audience → expiry/issue time. `nowMs` is the
 * emulated clock, so POST /_emulator/clock can expire a token.
 */
export function verifyOidcToken(token: string, provider: SeedOidcProvider, nowMs: number): OidcClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid("The number of Jwt field should be divided into 3 parts with '.' .");
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (header.alg !== 'RS256') throw invalid(`The algorithm ${String(header.alg)} that be specified in Jwt header is unknown.`);
  const payload = decodeJson(payloadPart);
  if (!signatureValid(`${headerPart}.${payloadPart}`, Buffer.from(signaturePart, 'base64url'), provider.jwks.keys, header.kid)) {
    throw fail('InvalidSignature', 'OIDC token validate failed: invalid signature.');
  }
  const claims = claimsOf(payload);
  if (claims.iss !== provider.issuerUrl) throw invalid('The issuer of the OIDCToken does not match the OIDC provider.');
  if (!claims.aud.some((a) => provider.clientIds.includes(a))) throw fail('AudienceNotMatch', 'Invalid audience.');
  const nowSeconds = nowMs / 1000;
  if (claims.exp <= nowSeconds) throw fail('Expired', 'This JsonWebToken is expired.');
  if (claims.iat > nowSeconds + 60) throw invalid('The OIDCToken is not valid yet (iat is in the future).');
  return claims;
}
