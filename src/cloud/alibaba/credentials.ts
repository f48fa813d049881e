// One `Credential` per Account, built from its `credentials` source. The SDK clients do not
// consult the chain themselves, so the result is passed to every client as `credential`.
//
// - default    → `new Credential.default()`: the library's chain (env, OIDC, CLI profile, INI file,
//                ECS metadata, credentials URI). It reads `process.env` itself.
// - env        → the named variables from the injected env; a missing one is a terminal error that
//                names the variable, never a value.
// - profile    → the library's two profile providers with the profile name set explicitly
//                (`withProfileName`, its equivalent of ALIBABA_CLOUD_PROFILE): first the CLI config
//                `~/.aliyun/config.json`, then the INI file `~/.alibabacloud/credentials`
//                (or ALIBABA_CLOUD_CREDENTIALS_FILE), the same order as the default chain.
// - assumeRole → AssumeRoleProvider over the `via` Account's STS client.
// - oidc       → the library's OIDCRoleArnCredentialsProvider (AssumeRoleWithOIDC) with the named
//                role, provider and token file, sent to the Account's STS endpoint.
// - default    with an STS endpoint override (--endpoint) and the RRSA variables set (and no
//                AccessKey variables, which the chain would try first): the same OIDC provider,
//                aimed at that endpoint, since the library's chain has no way to redirect it.
import Credential, { CLIProfileCredentialsProvider, Config as CredentialConfig, ProfileCredentialsProvider } from '@alicloud/credentials';
import type { CredentialSource } from '../../model/desired.js';
import { configError } from '../classify.js';
import { redactText } from '../../runtime/redact.js';
import { AssumeRoleProvider, type AssumeRoleParams, type SessionCredentials } from './assume-role.js';
import type { Clock } from '../../runtime/clock.js';
import type { Endpoint } from './endpoint.js';
import { oidcCredentialsProvider, RRSA_ENV, type OidcSettings } from './oidc-credentials.js';

export type SdkCredential = InstanceType<typeof Credential.default>;

export interface CredentialDeps {
  env: Record<string, string | undefined>;
  clock: Clock;
  /** AssumeRole with the credentials of the named Account (its STS client, limits and retries). */
  assumeVia: (viaAccount: string, params: AssumeRoleParams) => Promise<SessionCredentials>;
  sessionDurationSeconds: number;
  /** The STS endpoint when overridden (--endpoint or the Account's endpoints.sts); else undefined. */
  stsEndpoint?: Endpoint;
}

const credCtx = (accountName: string) => ({ service: 'sts' as const, action: 'ResolveCredentials', resource: `account ${accountName}` });

function fromEnv(accountName: string, source: Extract<CredentialSource, { source: 'env' }>, env: CredentialDeps['env']): SdkCredential {
  const read = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') {
      throw configError(credCtx(accountName), 'MissingEnvironmentVariable', `environment variable ${name} is not set (credentials of Account ${accountName})`);
    }
    return value;
  };
  const accessKeyId = read(source.accessKeyIdEnv);
  const accessKeySecret = read(source.accessKeySecretEnv);
  const securityToken = source.securityTokenEnv ? read(source.securityTokenEnv) : undefined;
  const config = securityToken
    ? new CredentialConfig({ type: 'sts', accessKeyId, accessKeySecret, securityToken })
    : new CredentialConfig({ type: 'access_key', accessKeyId, accessKeySecret });
  return new Credential.default(config);
}

/** CLI config first, then the INI file; the first that yields credentials wins. */
function profileProvider(accountName: string, profile: string) {
  let chosen: { getCredentials(): Promise<unknown> } | undefined;
  const candidates = (): { getCredentials(): Promise<unknown> }[] => {
    const list: { getCredentials(): Promise<unknown> }[] = [];
    try {
      list.push(CLIProfileCredentialsProvider.builder().withProfileName(profile).build());
    } catch {
      // ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true: the builder refuses; only the INI file remains.
    }
    list.push(ProfileCredentialsProvider.builder().withProfileName(profile).build());
    return list;
  };
  return {
    getProviderName: () => 'profile',
    getCredentials: async () => {
      if (chosen) return chosen.getCredentials();
      const reasons: string[] = [];
      for (const candidate of candidates()) {
        try {
          const creds = await candidate.getCredentials();
          chosen = candidate;
          return creds;
        } catch (error) {
          reasons.push(redactText(error instanceof Error ? error.message : String(error)));
        }
      }
      throw configError(
        credCtx(accountName),
        'ProfileNotFound',
        `no credentials for profile "${profile}" in ~/.aliyun/config.json or ~/.alibabacloud/credentials (${reasons.join('; ')})`,
      );
    },
  };
}

/** The library sends AssumeRoleWithOIDC over HTTPS only: a plain-HTTP endpoint cannot serve it. */
function httpsStsEndpoint(accountName: string, endpoint: Endpoint | undefined, label: string): Endpoint | undefined {
  if (endpoint?.protocol === 'http') {
    throw configError(
      credCtx(accountName),
      'PlainHttpStsEndpoint',
      `credentials of Account ${accountName} (source: ${label}) need an HTTPS STS endpoint, and ${endpoint.host} is plain HTTP (the credentials library sends AssumeRoleWithOIDC over HTTPS only; start the emulator with --tls and give https://…)`,
    );
  }
  return endpoint;
}

/** RRSA variables as the webhook injects them, when the chain would reach them (no AccessKey variables first). */
function rrsaFromEnv(env: CredentialDeps['env']): { roleArn: string; oidcProviderArn: string; tokenFile: string; sessionName?: string } | undefined {
  if (env['ALIBABA_CLOUD_ACCESS_KEY_ID'] && env['ALIBABA_CLOUD_ACCESS_KEY_SECRET']) return undefined;
  const roleArn = env[RRSA_ENV.roleArn];
  const oidcProviderArn = env[RRSA_ENV.oidcProviderArn];
  const tokenFile = env[RRSA_ENV.tokenFile];
  if (!roleArn || !oidcProviderArn || !tokenFile) return undefined;
  const sessionName = env[RRSA_ENV.sessionName];
  return { roleArn, oidcProviderArn, tokenFile, ...(sessionName ? { sessionName } : {}) };
}

function oidcCredential(accountName: string, label: string, settings: Omit<OidcSettings, 'stsEndpoint' | 'durationSeconds'>, deps: CredentialDeps): SdkCredential {
  const stsEndpoint = httpsStsEndpoint(accountName, deps.stsEndpoint, label);
  const full: OidcSettings = { ...settings, durationSeconds: deps.sessionDurationSeconds, ...(stsEndpoint ? { stsEndpoint } : {}) };
  return new Credential.default(null, oidcCredentialsProvider(accountName, label, full));
}

function defaultCredential(accountName: string, deps: CredentialDeps): SdkCredential {
  const rrsa = deps.stsEndpoint ? rrsaFromEnv(deps.env) : undefined;
  if (!rrsa) return new Credential.default();
  // The library's own fallback session name, when the webhook sets none.
  return oidcCredential(accountName, 'default (RRSA environment)', { ...rrsa, sessionName: rrsa.sessionName ?? `credentials-nodejs-${Date.now()}` }, deps);
}

export function buildCredential(accountName: string, source: CredentialSource, deps: CredentialDeps): SdkCredential {
  switch (source.source) {
    case 'default':
      return defaultCredential(accountName, deps);
    case 'oidc':
      return oidcCredential(accountName, 'oidc', { roleArn: source.roleArn, oidcProviderArn: source.oidcProviderArn, tokenFile: source.tokenFile, sessionName: source.sessionName }, deps);
    case 'env':
      return fromEnv(accountName, source, deps.env);
    case 'profile':
      return new Credential.default(null, profileProvider(accountName, source.profile));
    case 'assumeRole': {
      const params: AssumeRoleParams = {
        roleArn: source.roleArn,
        roleSessionName: source.sessionName,
        durationSeconds: deps.sessionDurationSeconds,
        ...(source.externalId ? { externalId: source.externalId } : {}),
      };
      const provider = new AssumeRoleProvider({ params, clock: deps.clock, assume: (p) => deps.assumeVia(source.via, p) });
      return new Credential.default(null, provider);
    }
  }
}
