// A credentials provider for `source: assumeRole` that calls STS AssumeRole through a
// project-built STS client. The library's own ram_role_arn provider hard-codes HTTPS and so cannot
// reach the plain-HTTP emulator (sdk-clients.md §8); this one uses whatever endpoint the `via`
// Account's STS client has. Credentials are cached and renewed ahead of expiry by the injected clock.
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
