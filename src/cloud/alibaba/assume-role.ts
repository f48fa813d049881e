// A credentials provider for `source: assumeRole` that calls STS AssumeRole through a
// project-built STS client. Credentials are cached and renewed ahead of expiry by the injected clock.
//
// Why not the library's RAMRoleARNCredentialsProvider, now that the emulator speaks HTTPS (issue 12)?
// - It signs with the legacy HMAC-SHA1 scheme and puts AccessKeyId, Signature and SecurityToken in
//   the URL query; a failed call quotes that URL in its error message. The
//   project's clients use ACS3 signing, which keeps credentials out of URLs.
// - Its call bypasses the project's limiter, retry policy and error classification: a throttled or
//   refused AssumeRole would surface as an unclassified Error without the `via` Account's name,
//   the Alibaba Code or the RequestId.
// - It hard-codes HTTPS, so `assumeRole` chains could no longer run against the default plain-HTTP
//   emulator that the tests and the demo use.
// The OIDC exchange has none of these problems (it is unsigned, and oidc-credentials.ts recovers
// Code and RequestId), so `source: oidc` and RRSA do use the library's provider.
import type { Clock } from '../../runtime/clock.js';

export interface SessionCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface AssumeRoleParams {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds: number;
}

export interface AssumeRoleProviderOptions {
  params: AssumeRoleParams;
  clock: Clock;
  /** Performs the STS call; throws a CloudError on failure. */
  assume: (params: AssumeRoleParams) => Promise<SessionCredentials>;
  /** Renew when less than this remains. */
  refreshBeforeMs?: number;
}

export const PROVIDER_NAME = 'eci-acr-reconciler/assume_role';

/** Duck-typed for `new Credential.default(null, provider)`: it needs both methods. */
export class AssumeRoleProvider {
  private cached: SessionCredentials | undefined;
  private inflight: Promise<SessionCredentials> | undefined;
  private readonly refreshBeforeMs: number;

  constructor(private readonly opts: AssumeRoleProviderOptions) {
    this.refreshBeforeMs = opts.refreshBeforeMs ?? 5 * 60_000;
  }

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken: string; providerName: string }> {
    const c = await this.current();
    return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken, providerName: PROVIDER_NAME };
  }

  private fresh(c: SessionCredentials | undefined): c is SessionCredentials {
    return c !== undefined && c.expiresAt - this.opts.clock.now() >= this.refreshBeforeMs;
  }

  private async current(): Promise<SessionCredentials> {
    if (this.fresh(this.cached)) return this.cached;
    // Concurrent callers share one AssumeRole call.
    this.inflight ??= this.opts.assume(this.opts.params).finally(() => {
      this.inflight = undefined;
    });
    this.cached = await this.inflight;
    return this.cached;
  }
}
