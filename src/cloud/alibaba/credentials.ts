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
import Credential, { CLIProfileCredentialsProvider, Config as CredentialConfig, ProfileCredentialsProvider } from '@alicloud/credentials';
import type { CredentialSource } from '../../model/desired.js';
import { configError } from '../classify.js';
import { redactText } from '../../runtime/redact.js';
import { AssumeRoleProvider, type AssumeRoleParams, type SessionCredentials } from './assume-role.js';
import type { Clock } from '../../runtime/clock.js';

export type SdkCredential = InstanceType<typeof Credential.default>;

export interface CredentialDeps {
  env: Record<string, string | undefined>;
  clock: Clock;
  /** AssumeRole with the credentials of the named Account (its STS client, limits and retries). */
  assumeVia: (viaAccount: string, params: AssumeRoleParams) => Promise<SessionCredentials>;
  sessionDurationSeconds: number;
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

export function buildCredential(accountName: string, source: CredentialSource, deps: CredentialDeps): SdkCredential {
  switch (source.source) {
    case 'default':
      return new Credential.default();
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
