// createAlibabaProvider: the CloudProvider over the official RAM, STS and ECI SDK clients.
// Per Account, built lazily on first use: one Credential, one limiter per service, one RAM and
// one STS client, and one ECI client per region.
import * as $Sts from '@alicloud/sts20150401';
import type { DesiredAccount } from '../../model/desired.js';
import type { Clock } from '../../runtime/clock.js';
import { configError, type Service } from '../classify.js';
import { resolveLimits, ServiceLimiter, type Priority, type ServiceLimits } from '../limiter.js';
import type { AccountCloud, CloudProvider } from '../provider.js';
import { defaultRetryPolicy, type RetryPolicy } from '../retry.js';
import type { AssumeRoleParams, SessionCredentials } from './assume-role.js';
import { makeRunner, type CallEvent, type RetryNotice, type Runner } from './call.js';
import { PinningGuard } from './pinning.js';
import { acrClient, defaultTimeouts, eciClient, ramClient, stsClient, type RamClient, type StsClient, type Timeouts } from './clients.js';
import type { AccountContext } from './context.js';
import { buildCredential, type SdkCredential } from './credentials.js';
import { globalEndpoint, serviceEndpoint } from './endpoint.js';
import { accountCloud } from './account.js';
import { readOnlyAccount, type ReadOnlyAccount } from './read-only.js';
import { registryCatalog } from './acr.js';

export interface AlibabaProviderOptions {
  accounts: DesiredAccount[];
  /** `--endpoint`; when absent, ECI_ACR_RECONCILER_ENDPOINT from `env`. Overrides every service. */
  endpoint?: string;
  env: Record<string, string | undefined>;
  clock: Clock;
  limits?: Partial<Record<Service, Partial<ServiceLimits>>>;
  /** Share (0, 1] of every account × service rate that background reads may use (default 0.25). */
  backgroundShare?: number;
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Timeouts>;
  /** DurationSeconds of AssumeRole sessions for `source: assumeRole` (default 3600). */
  sessionDurationSeconds?: number;
  onCall?: (event: CallEvent) => void;
  onRetry?: (notice: RetryNotice) => void;
  /** Aborts backoff sleeps and limiter waits (SIGTERM). */
  signal?: AbortSignal;
  /** Jitter source, [0, 1); injectable for deterministic tests. */
  random?: () => number;
}

export type { CallEvent, RetryNotice };

/** The provider, and views of it whose calls are paced as another priority; all share each account's limiters, credentials and clients. */
export interface AlibabaProvider extends CloudProvider {
  withPriority(priority: Priority): CloudProvider;
  /** The read-only view `doctor` walks with. */
  readOnly(accountName: string): ReadOnlyAccount;
}

/** Follows `via` links from an assumeRole Account; an unknown name or a loop is a config error. */
function checkViaChain(start: DesiredAccount, byName: Map<string, DesiredAccount>): void {
  const seen = [start.name];
  let current = start;
  while (current.credentials.source === 'assumeRole') {
    const via = current.credentials.via;
    const next = byName.get(via);
    const ctx = { service: 'sts' as const, action: 'ResolveCredentials', resource: `account ${start.name}` };
    if (!next) throw configError(ctx, 'UnknownAccount', `Account ${current.name} assumes its role via "${via}", which is not a known Account`);
    if (seen.includes(via)) throw configError(ctx, 'CredentialCycle', `assumeRole chain loops: ${[...seen, via].join(' → ')}`);
    seen.push(via);
    current = next;
  }
}

/** One value per key (region, or account name), built on first use. */
function memoised<T>(make: (regionId: string) => T): (regionId: string) => T {
  const clients = new Map<string, T>();
  return (regionId) => {
    let client = clients.get(regionId);
    if (!client) {
      client = make(regionId);
      clients.set(regionId, client);
    }
    return client;
  };
}

/** An Account's `rateLimits` entry replaces the service's rate; its burst and per-action buckets stay. */
function accountLimits(service: ServiceLimits, perSecond: number | undefined): ServiceLimits {
  return perSecond === undefined ? service : { ...service, rate: { ...service.rate, perSecond } };
}

export function createAlibabaProvider(options: AlibabaProviderOptions): AlibabaProvider {
  const override = globalEndpoint(options.endpoint, options.env);
  const limits = resolveLimits(options.limits);
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeouts: Timeouts = { ...defaultTimeouts, ...options.timeouts };
  const byName = new Map(options.accounts.map((a) => [a.name, a]));
  const contexts = new Map<string, Record<Priority, AccountContext>>();

  // Credential providers' own STS calls follow the same override as the clients (issue 12); with
  // no override they keep the library's defaults, exactly as in a pod.
  const stsOverride = (account: DesiredAccount) =>
    override || account.endpoints.sts ? { stsEndpoint: serviceEndpoint('sts', account, account.regionId, override) } : {};

  const assumeVia = async (viaName: string, params: AssumeRoleParams): Promise<SessionCredentials> => {
    const via = context(viaName);
    const req = new $Sts.AssumeRoleRequest({
      roleArn: params.roleArn,
      roleSessionName: params.roleSessionName,
      durationSeconds: params.durationSeconds,
      ...(params.externalId ? { externalId: params.externalId } : {}),
    });
    const ctx = { service: 'sts' as const, action: 'AssumeRole', resource: `role ${params.roleArn}` };
    // The call that needs these credentials retries as a whole; retrying here too would multiply attempts.
    const res = await via.runOnce(ctx, () => via.sts().assumeRole(req));
    const creds = res.body?.credentials;
    if (!creds?.accessKeyId || !creds.accessKeySecret || !creds.securityToken) {
      throw configError(ctx, 'InvalidAssumeRoleResponse', 'STS returned no complete credentials');
    }
    const parsed = Date.parse(creds.expiration ?? '');
    const expiresAt = Number.isFinite(parsed) ? parsed : options.clock.now() + params.durationSeconds * 1000;
    return { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, securityToken: creds.securityToken, expiresAt };
  };

  function context(name: string, priority: Priority = 'foreground'): AccountContext {
    const existing = contexts.get(name);
    if (existing) return existing[priority];
    const account = byName.get(name);
    if (!account) throw configError({ service: 'sts', action: 'ResolveCredentials', resource: `account ${name}` }, 'UnknownAccount', `no Account named "${name}"`);
    const limiter = (service: Service) => new ServiceLimiter(accountLimits(limits[service], account.rateLimits?.[service]), options.clock, account.backgroundShare ?? options.backgroundShare);
    const limiters = { ram: limiter('ram'), sts: limiter('sts'), eci: limiter('eci'), cr: limiter('cr') };
    let credential: SdkCredential | undefined;
    // Built on first use so that a credentials mistake surfaces as this account's CloudError.
    const cred = (): SdkCredential => {
      if (credential) return credential;
      checkViaChain(account, byName);
      credential = buildCredential(name, account.credentials, {
        env: options.env,
        clock: options.clock,
        assumeVia,
        sessionDurationSeconds: options.sessionDurationSeconds ?? 3600,
        ...stsOverride(account),
      });
      return credential;
    };
    let ram: RamClient | undefined;
    let sts: StsClient | undefined;
    const runnerOptions = (policy: RetryPolicy, priority: Priority) => ({
      priority,
      accountName: name,
      limiters,
      clock: options.clock,
      retry: policy,
      ...(options.onCall ? { onCall: options.onCall } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    const endpointOf = (service: Service, regionId: string) => {
      const e = serviceEndpoint(service, account, regionId, override);
      return `${e.protocol}://${e.host}`;
    };
    const pinning = new PinningGuard(name, account.accountId);
    // An account whose pinning broke makes no further call at all.
    const guarded = (runner: Runner): Runner => (callCtx, fn) => {
      pinning.assertIntact();
      return runner(callCtx, fn);
    };
    const runners = (priority: Priority) => ({
      run: guarded(makeRunner(runnerOptions(retry, priority))),
      runOnce: guarded(makeRunner(runnerOptions({ ...retry, attempts: 1 }, priority))),
    });
    const ctx: AccountContext = {
      identity: {},
      accountName: name,
      endpointOf,
      checkArn: (arn, callCtx) => pinning.checkArn(arn, callCtx),
      accountId: account.accountId,
      ...runners('foreground'),
      ram: () => (ram ??= ramClient(serviceEndpoint('ram', account, account.regionId, override), cred(), timeouts, account.regionId)),
      sts: () => (sts ??= stsClient(serviceEndpoint('sts', account, account.regionId, override), cred(), timeouts, account.regionId)),
      eci: memoised((regionId) => eciClient(serviceEndpoint('eci', account, regionId, override), cred(), timeouts, regionId)),
      cr: memoised((regionId) => acrClient(serviceEndpoint('cr', account, regionId, override), cred(), timeouts, regionId)),
    };
    // The background context differs only in its runners: same limiters, credential and clients.
    const background: AccountContext = { ...ctx, ...runners('background') };
    contexts.set(name, { foreground: ctx, background });
    return priority === 'foreground' ? ctx : background;
  }

  const view = (priority: Priority): CloudProvider => {
    const clouds = new Map<string, AccountCloud>();
    return {
      registry,
      account(name: string): AccountCloud {
        let cloud = clouds.get(name);
        if (!cloud) {
          cloud = accountCloud(context(name, priority));
          clouds.set(name, cloud);
        }
        return cloud;
      },
    };
  };
  // ACR reads (plan-time facts, doctor) are foreground: someone is waiting for them.
  const registry = memoised((name) => registryCatalog(context(name, 'foreground')));
  const views: Record<Priority, CloudProvider> = { foreground: view('foreground'), background: view('background') };
  return {
    account: views.foreground.account,
    registry,
    withPriority: (priority) => views[priority],
    readOnly: (name) => readOnlyAccount(context(name, 'foreground'), byName.get(name)?.regionId ?? ''),
  };
}
