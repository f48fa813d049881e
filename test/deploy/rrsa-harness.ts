// The RRSA setup of deploy/, run for real: the Deployment's environment (as the ACK webhook injects
// it), a token file as the kubelet projects it, the HTTPS emulator trusted through
// NODE_EXTRA_CA_CERTS, and the CLI as a child process (Node reads that variable only at start).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ACCOUNT_A, ACCOUNT_B, e2eSeed } from '../e2e/harness.js';
import { AUDIENCE, ISSUER, PROVIDER_NAME, oidcProviderSeed, type TestIssuer } from '../helpers/oidc.js';

export const CLUSTER_ID = 'c0test0cluster';
export const REGION_ID = 'cn-hangzhou';

/** Every document of a deploy/ file, parsed. */
export function deployDocuments(file: string): Record<string, any>[] {
  return parseAllDocuments(readFileSync(join('deploy', file), 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`deploy/${file}: ${d.errors[0]?.message}`);
    return d.toJS() as Record<string, any>;
  });
}

export const fillPlaceholders = (text: string, accountId: string) =>
  text.replaceAll('<ACCOUNT_ID>', accountId).replaceAll('<CLUSTER_ID>', CLUSTER_ID).replaceAll('<REGION_ID>', REGION_ID);

/** deploy/ram/reconciler-trust-policy.json for one account. */
export const trustPolicyFor = (accountId: string) => fillPlaceholders(readFileSync('deploy/ram/reconciler-trust-policy.json', 'utf8'), accountId);

export interface PodSpec {
  serviceAccount: { name: string; namespace: string };
  /** The container's env, placeholders filled for ACCOUNT_A. */
  env: Record<string, string>;
  /** The projected token's audience. */
  audience: string;
}

export function podSpec(): PodSpec {
  const deployment = deployDocuments('deployment-configmap.yaml').find((d) => d.kind === 'Deployment')!;
  const sa = deployDocuments('rbac-and-config.yaml').find((d) => d.kind === 'ServiceAccount')!;
  const pod = deployment.spec.template.spec;
  if (pod.serviceAccountName !== sa.metadata.name) throw new Error('the Deployment runs under another ServiceAccount');
  const env = Object.fromEntries((pod.containers[0].env as { name: string; value: string }[]).map((e) => [e.name, fillPlaceholders(e.value, ACCOUNT_A)]));
  const projected = (pod.volumes as any[]).flatMap((v) => v.projected?.sources ?? []).find((s: any) => s.serviceAccountToken);
  return { serviceAccount: { name: sa.metadata.name, namespace: sa.metadata.namespace }, env, audience: projected.serviceAccountToken.audience };
}

export const subjectOf = (pod: PodSpec) => `system:serviceaccount:${pod.serviceAccount.namespace}:${pod.serviceAccount.name}`;

/** The e2e seed plus, in both accounts, the cluster's OIDC provider and the reconciler role of deploy/ram/. */
export function rrsaSeed(issuer: TestIssuer | TestIssuer[], sessionLifetimeSeconds?: number): Record<string, any> {
  const seed = e2eSeed();
  for (const account of seed.accounts as Record<string, any>[]) {
    account.oidcProviders = [oidcProviderSeed(issuer)];
    account.roles = [...(account.roles ?? []), { roleName: 'eci-acr-reconciler', trust: trustPolicyFor(account.accountId), policies: [{ policyName: 'EciAcrReconcilerLeastPrivilege', policyType: 'Custom' }] }];
  }
  if (sessionLifetimeSeconds !== undefined) seed.options = { ...(seed.options ?? {}), sessionLifetimeSeconds };
  return seed;
}

export const issuerMatchesDeploy = () => ISSUER === `https://oidc-ack-${REGION_ID}.oss-${REGION_ID}.aliyuncs.com/${CLUSTER_ID}` && PROVIDER_NAME === `ack-rrsa-${CLUSTER_ID}` && AUDIENCE === 'sts.aliyuncs.com';

/** Account B served from the same pod with `source: oidc` (its own provider registration, same token). */
export const oidcAccountB = (tokenFile: string) =>
  `{source: oidc, roleArn: "acs:ram::${ACCOUNT_B}:role/eci-acr-reconciler", oidcProviderArn: "acs:ram::${ACCOUNT_B}:oidc-provider/${PROVIDER_NAME}", tokenFile: "${tokenFile}"}`;

/** An Account manifest on `source: oidc` with deploy/ram's role in ACCOUNT_A. */
export const oidcAccountDoc = (name: string, tokenFile: string) => `apiVersion: eci-acr-reconciler/v1alpha1
kind: Account
metadata: {name: ${name}}
spec:
  accountId: "${ACCOUNT_A}"
  regionId: ${REGION_ID}
  credentials: {source: oidc, roleArn: "acs:ram::${ACCOUNT_A}:role/eci-acr-reconciler", oidcProviderArn: "acs:ram::${ACCOUNT_A}:oidc-provider/${PROVIDER_NAME}", tokenFile: "${tokenFile}"}
`;

export function writeToken(file: string, token: string): void {
  mkdirSync(dirname(file), { recursive: true });
  // The kubelet replaces the file atomically; a plain rewrite is enough for a reader that re-reads it.
  writeFileSync(file, token);
}

export interface Child {
  output: () => string;
  exit: Promise<number>;
  stop: () => Promise<number>;
}

/** The CLI with exactly `env` plus a scrubbed base (no developer credentials), trusting `caFile`. */
export function spawnCli(argv: string[], env: Record<string, string>, caFile: string): Child {
  const home = mkdtempSync(join(tmpdir(), 'rrsa-home-'));
  const base = { PATH: process.env.PATH ?? '', HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { env: { ...base, ...env, NODE_EXTRA_CA_CERTS: caFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return {
    output: () => out,
    exit,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exit;
    },
  };
}
