// AssumeRoleWithOIDC credentials (ACK RRSA) through the library's own OIDCRoleArnCredentialsProvider,
// pointed at the same STS endpoint as the Account's clients (so --endpoint reaches the emulator).
// The library caches the session, renews it when less than 15 minutes remain (so sessions shorter
// than that are exchanged again on every call), and reads the token file at every exchange, which
// picks up the kubelet's rotation.
//
// The wrapper exists for what the library leaves unsaid: when a renewal fails it hands back its last
// session even if expired, and its errors quote the raw STS body. Here a failed or expired renewal
// becomes a CloudError that names the Account and its credential source, carries STS's Code and
// RequestId, and quotes nothing secret. The next successful renewal heals it: nothing is latched.
import { OIDCRoleArnCredentialsProvider } from '@alicloud/credentials';
import { classifyFields, toCloudError } from '../classify.js';
import { CloudError, type ErrorClass } from '../provider.js';
import { redactText } from '../../runtime/redact.js';
import type { Endpoint } from './endpoint.js';

export interface OidcSettings {
  roleArn: string;
  oidcProviderArn: string;
  tokenFile: string;
  sessionName: string;
  durationSeconds: number;
  /** Where AssumeRoleWithOIDC goes; the library always speaks HTTPS. Absent: the library's default. */
  stsEndpoint?: Endpoint;
}

/** The environment the RRSA webhook injects into a pod. */
export const RRSA_ENV = { roleArn: 'ALIBABA_CLOUD_ROLE_ARN', oidcProviderArn: 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN', tokenFile: 'ALIBABA_CLOUD_OIDC_TOKEN_FILE', sessionName: 'ALIBABA_CLOUD_ROLE_SESSION_NAME' } as const;

interface LibrarySession {
  expiration?: string;
}

interface Refreshable {
  refresher: () => Promise<unknown>;
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken: string; providerName: string }>;
  getProviderName(): string;
}

/** `get sts token failed with OIDC: {json}`: the STS error body, when the message carries one. */
function stsBody(error: unknown): Record<string, unknown> | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const body: unknown = JSON.parse(message.slice(start));
    return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How a credential failure names its Account in messages; /readyz finds failing Accounts by it. The
 * source label may hold one parenthesised part (`default (RRSA environment)`), kept whole.
 */
export const CREDENTIALS_OF = /credentials of Account (\S+) \(source: ((?:[^,()]|\([^()]*\))+)/;

/** A refused exchange is a verdict on the credentials: never "not found" (or "exists") for the resource being called. */
function credentialClass(code: string): ErrorClass {
  return classifyFields(code, undefined, undefined) === 'retryable' ? 'retryable' : 'permission';
}

export function refreshError(accountName: string, sourceLabel: string, roleArn: string, error: unknown): CloudError {
  const ctx = { service: 'sts' as const, action: 'AssumeRoleWithOIDC', resource: `credentials of Account ${accountName} (source: ${sourceLabel}, role ${roleArn})` };
  if (error instanceof CloudError) return error;
  const body = stsBody(error);
  if (!body) return toCloudError(error, ctx);
  const code = typeof body.Code === 'string' ? body.Code : 'UnknownError';
  const requestId = typeof body.RequestId === 'string' ? body.RequestId : undefined;
  const detail = typeof body.Message === 'string' ? `: ${redactText(body.Message)}` : '';
  const where = `${ctx.service} ${ctx.action} ${ctx.resource}`;
  return new CloudError(`${where}: ${code}${requestId ? ` (RequestId ${requestId})` : ''}${detail}`, {
    classification: credentialClass(code),
    code,
    ...(requestId ? { requestId } : {}),
    service: 'sts',
    action: ctx.action,
    resource: ctx.resource,
  });
}

function libraryProvider(settings: OidcSettings): Refreshable {
  let builder = OIDCRoleArnCredentialsProvider.builder()
    .withRoleArn(settings.roleArn)
    .withOIDCProviderArn(settings.oidcProviderArn)
    .withOIDCTokenFilePath(settings.tokenFile)
    .withRoleSessionName(settings.sessionName)
    .withDurationSeconds(settings.durationSeconds);
  if (settings.stsEndpoint) builder = builder.withStsEndpoint(settings.stsEndpoint.host);
  return builder.build() as unknown as Refreshable;
}

/** Duck-typed for `new Credential.default(null, provider)`. */
export function oidcCredentialsProvider(accountName: string, sourceLabel: string, settings: OidcSettings) {
  const inner = libraryProvider(settings);
  let lastFailure: unknown;
  // `refresher` is the library's documented seam for the STS exchange; wrapping it records why a
  // renewal failed even when the library then falls back to its old session.
  const exchange = inner.refresher.bind(inner);
  inner.refresher = async () => {
    try {
      const session = await exchange();
      lastFailure = undefined;
      return session;
    } catch (error) {
      lastFailure = error;
      throw error;
    }
  };
  return {
    getProviderName: () => inner.getProviderName(),
    getCredentials: async () => {
      let creds;
      try {
        creds = await inner.getCredentials();
      } catch (error) {
        throw refreshError(accountName, sourceLabel, settings.roleArn, error);
      }
      // The library's private `session` is the one it just returned; its own clock is the wall clock.
      const expiration = (inner as unknown as { session?: LibrarySession }).session?.expiration;
      if (lastFailure !== undefined && expiration !== undefined && Date.parse(expiration) <= Date.now()) {
        throw refreshError(accountName, sourceLabel, settings.roleArn, lastFailure);
      }
      return creds;
    },
  };
}
