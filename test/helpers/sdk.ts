// Official SDK clients pointed at an emulator: plain HTTP, explicit timeouts, no SDK retries.
import Eci from '@alicloud/eci20180808';
import { Config as EciConfig } from '@alicloud/openapi-client';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import Ram from '@alicloud/ram20150501';
import Sts from '@alicloud/sts20150401';

export interface TestCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface ClientOptions {
  /** `'v2'` selects the legacy HMAC-SHA1 signature. */
  signatureAlgorithm?: 'v2';
  /** Milliseconds for both readTimeout and connectTimeout (set together). */
  timeoutMs?: number;
  /** PEM of a TLS emulator's CA: the client then speaks HTTPS and trusts exactly that CA. */
  ca?: string;
}

function common(endpoint: string, creds: TestCredentials, options: ClientOptions) {
  const timeout = options.timeoutMs ?? 5000;
  return {
    endpoint,
    protocol: options.ca ? 'https' : 'http',
    ...(options.ca ? { ca: options.ca } : {}),
    regionId: 'cn-hangzhou',
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    ...(creds.securityToken ? { securityToken: creds.securityToken } : {}),
    ...(options.signatureAlgorithm ? { signatureAlgorithm: options.signatureAlgorithm } : {}),
    readTimeout: timeout,
    connectTimeout: timeout,
  };
}

export function ramClient(endpoint: string, creds: TestCredentials, options: ClientOptions = {}): Ram.default {
  return new Ram.default(new $OpenApiUtil.Config(common(endpoint, creds, options)));
}

export function stsClient(endpoint: string, creds: TestCredentials, options: ClientOptions = {}): Sts.default {
  return new Sts.default(new $OpenApiUtil.Config(common(endpoint, creds, options)));
}

export function eciClient(endpoint: string, creds: TestCredentials, options: ClientOptions = {}): Eci.default {
  return new Eci.default(new EciConfig(common(endpoint, creds, options)));
}

/** Awaits a promise that must reject; returns the error for assertions on .code/.statusCode. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; statusCode?: number; data?: Record<string, unknown>; accessDeniedDetail?: unknown; retryAfter?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; statusCode?: number };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
