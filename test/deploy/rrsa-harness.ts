// The RRSA setup of deploy/, run for real: the Deployment's environment (as the ACK webhook injects
// it), a token file as the kubelet projects it, the HTTPS emulator trusted through
// NODE_EXTRA_CA_CERTS, and the CLI as a child process (Node reads that variable only at start), the
// bundled one (helpers/cli-bundle.ts): the same sources, without the tsx loader's start-up cost.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cliBundle } from '../helpers/cli-bundle.js';
import { waitFor } from '../helpers/wait.js';
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

/**
 * The cross-account example copied to `root/manifests`, both Accounts on RRSA: `eci` through
 * `source: default` (the Deployment's variables), `acr` through `source: oidc` reading `tokenFileB`.
 */
export function rrsaExample(root: string, tokenFileB: string): string {
  const manifests = join(root, 'manifests');
  cpSync('manifests/examples/cross-account', manifests, { recursive: true });
  const file = join(manifests, 'manifests.yaml');
  const edited = readFileSync(file, 'utf8')
    .replace(/credentials:\n {4}source: env\n {4}accessKeyIdEnv: ECI_ACCESS_KEY_ID\n {4}accessKeySecretEnv: ECI_ACCESS_KEY_SECRET\n/, 'credentials: {source: default}\n')
    .replace(/credentials:\n {4}source: env\n {4}accessKeyIdEnv: ACR_ACCESS_KEY_ID\n {4}accessKeySecretEnv: ACR_ACCESS_KEY_SECRET\n/, `credentials: ${oidcAccountB(tokenFileB)}\n`);
  if (edited.includes('source: env')) throw new Error('the cross-account example changed: both Accounts should now use RRSA');
  writeFileSync(file, edited);
  return manifests;
}

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
export async function spawnCli(argv: string[], env: Record<string, string>, caFile: string): Promise<Child> {
  const home = mkdtempSync(join(tmpdir(), 'rrsa-home-'));
  const base = { PATH: process.env.PATH ?? '', HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' };
  const child = spawn(process.execPath, [await cliBundle(), ...argv], { env: { ...base, ...env, NODE_EXTRA_CA_CERTS: caFile }, stdio: ['ignore', 'pipe', 'pipe'] });
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

export interface RrsaPod {
  pod: PodSpec;
  /** The ServiceAccount's subject (`oidc:sub`). */
  sub: string;
  /** The emulator's CA, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** The webhook's token path, re-rooted in a temporary folder (Account eci, `source: default`). */
  tokenFile: string;
  /** Account acr's token (`source: oidc`). */
  tokenFileB: string;
  /** The cross-account example on RRSA (rrsaExample). */
  manifests: string;
  /** The container's environment with the re-rooted token path. */
  env: Record<string, string>;
}

/** A temporary pod folder for deploy/'s Deployment: CA file, both token paths and the example; tokens are the caller's. */
export function rrsaPod(caCert: string): RrsaPod {
  const root = mkdtempSync(join(tmpdir(), 'rrsa-pod-'));
  const caFile = join(root, 'ca.pem');
  writeFileSync(caFile, caCert);
  const pod = podSpec();
  const tokenFile = join(root, pod.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE!);
  const tokenFileB = join(root, 'acr-token');
  const manifests = rrsaExample(root, tokenFileB);
  return { pod, sub: subjectOf(pod), caFile, tokenFile, tokenFileB, manifests, env: { ...pod.env, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile } };
}

export interface RrsaDaemon {
  child: Child;
  /** A daemon endpoint's status and parsed JSON body. */
  get: (path: string) => Promise<{ status: number; body: any }>;
  /** A daemon endpoint's status and raw body (/metrics). */
  text: (path: string) => Promise<{ status: number; text: string }>;
  /** Every resource of /status is ready (and there are some). */
  allReady: () => Promise<boolean>;
  /** Waits for the examples to converge, failing with /status and the output. */
  converged: () => Promise<void>;
}

/** `run` (the daemon) as the Deployment starts it, with `env`, short resync and cache polls, once it listens. */
export async function startRrsaDaemon(manifests: string, endpoint: string, env: Record<string, string>, caFile: string, extraArgs: string[] = []): Promise<RrsaDaemon> {
  const child = await spawnCli(['run', '--manifests', manifests, '--endpoint', endpoint, '--listen', '127.0.0.1:0', '--resync', '500ms', '--cache-poll-interval', '200ms', ...extraArgs], env, caFile);
  const port = await waitFor(async () => /"listen":"127\.0\.0\.1:(\d+)"/.exec(child.output())?.[1], 'the daemon to listen', 30_000).catch(async (error: Error) => {
    await child.stop();
    throw new Error(`${error.message}; output: ${child.output().slice(-2000)}`);
  });
  const text = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, text: await res.text() };
  };
  const get = async (path: string) => {
    const res = await text(path);
    return { status: res.status, body: JSON.parse(res.text) };
  };
  const allReady = async () => {
    const { body } = await get('/status');
    return body.resources.length > 0 && body.resources.every((r: { state: string }) => r.state === 'ready');
  };
  const converged = async () => {
    await waitFor(allReady, 'the examples to converge', 60_000).catch(async (error: Error) => {
      throw new Error(`${error.message}; /status: ${JSON.stringify((await get('/status')).body.resources)}; output: ${child.output().slice(-3000)}`);
    });
  };
  return { child, get, text, allReady, converged };
}
