// OIDC tokens as the kubelet projects them for an RRSA pod (RS256 JWTs from the cluster's
// service-account issuer), signed with a test key, and the emulator seed entry that trusts that key.
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export const ISSUER = 'https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c0test0cluster';
export const AUDIENCE = 'sts.aliyuncs.com';
export const PROVIDER_NAME = 'ack-rrsa-c0test0cluster';

export interface TestIssuer {
  kid: string;
  privateKey: KeyObject;
  /** The public half as a JWK, for the seed's `jwks`. */
  jwk: Record<string, unknown>;
}

export function testIssuer(kid = 'test-key-1'): TestIssuer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export interface TokenClaims {
  iss?: string;
  aud?: string | string[];
  sub?: string;
  /** Seconds from now (wall clock); default 3600. Negative = already expired. */
  expiresIn?: number;
}

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A service-account token for `sub` (default system:serviceaccount:<ns>:<sa> of the claims). */
export function mintToken(issuer: TestIssuer, claims: TokenClaims & { sub: string }, signingKey: KeyObject = issuer.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const header = part({ alg: 'RS256', kid: issuer.kid, typ: 'JWT' });
  const payload = part({
    iss: claims.iss ?? ISSUER,
    aud: claims.aud ?? [AUDIENCE],
    sub: claims.sub,
    iat: now,
    nbf: now,
    exp: now + (claims.expiresIn ?? 3600),
    'kubernetes.io': { namespace: claims.sub.split(':')[2] ?? '', serviceaccount: { name: claims.sub.split(':')[3] ?? '' } },
  });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), signingKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** A key the provider does not know: tokens signed with it have a bad signature. */
export function strangerKey(): KeyObject {
  return createPrivateKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
}

/** The provider entry of a seed, trusting the keys of `issuers` (several: a key rotation). */
export function oidcProviderSeed(issuers: TestIssuer | TestIssuer[], name = PROVIDER_NAME): object {
  return { name, issuerUrl: ISSUER, clientIds: [AUDIENCE], jwks: { keys: [issuers].flat().map((i) => i.jwk) } };
}

export const providerArn = (accountId: string, name = PROVIDER_NAME) => `acs:ram::${accountId}:oidc-provider/${name}`;

/** ACK's RRSA trust policy shape: the cluster's provider, with iss, aud and the service account as sub. */
export function rrsaTrust(accountId: string, subject: string, name = PROVIDER_NAME): object {
  return {
    Version: '1',
    Statement: [
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Federated: [providerArn(accountId, name)] },
        Condition: { StringEquals: { 'oidc:iss': ISSUER, 'oidc:aud': AUDIENCE, 'oidc:sub': subject } },
      },
    ],
  };
}
