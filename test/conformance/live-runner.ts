// `npm run test:live`: the conformance scenarios against the real Alibaba Cloud. Runs only when
// ECI_ACR_LIVE=1 and every variable below is set; otherwise prints one line and exits 0 without any
// network call. Works under a unique name prefix, refuses accounts holding resources it would touch that
// are not its own, prints the estimated cost first, cleans up after failures and on SIGINT, and writes a
// transcript (no secrets, no account IDs) that can be compared with the emulator (docs/conformance.md).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { runOnEmulator } from './emulator-target.js';
import { SCENARIOS, runScenarios, type Scenario } from './scenarios.js';
import { ConformanceRun, type TargetSetup } from './target.js';
import { diffTranscripts, type Account, type Transcript } from './transcript.js';
import { missingSetup, testEndpoint } from './live-env.js';

export { REQUIRED_VARS, missingSetup } from './live-env.js';

/** The definitions the live runner executes: the same object `npm test` runs on the emulator. */
export const LIVE_SCENARIOS: readonly Scenario[] = SCENARIOS;

export function liveSetup(env: NodeJS.ProcessEnv, prefix: string): TargetSetup {
  const v = (name: string) => env[name] as string;
  const account = (a: Account) => ({
    credentials: { accessKeyId: v(`ECI_ACR_LIVE_${a}_ACCESS_KEY_ID`), accessKeySecret: v(`ECI_ACR_LIVE_${a}_ACCESS_KEY_SECRET`) },
    vSwitchId: v(`ECI_ACR_LIVE_${a}_VSWITCH_ID`),
    securityGroupId: v(`ECI_ACR_LIVE_${a}_SECURITY_GROUP_ID`),
  });
  const region = v('ECI_ACR_LIVE_REGION');
  const local = testEndpoint(env);
  return {
    kind: 'alibaba-cloud',
    regionId: region,
    prefix,
    accounts: { A: account('A'), B: account('B') },
    registry: { instanceId: v('ECI_ACR_LIVE_INSTANCE_ID'), defaultDomain: v('ECI_ACR_LIVE_DEFAULT_DOMAIN'), customDomain: v('ECI_ACR_LIVE_CUSTOM_DOMAIN'), image: v('ECI_ACR_LIVE_IMAGE') },
    endpoints: local ? { ram: local, sts: local, eci: local, protocol: 'http' } : { ram: 'ram.aliyuncs.com', sts: `sts.${region}.aliyuncs.com`, eci: `eci.${region}.aliyuncs.com`, protocol: 'https' },
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    pollMs: 10_000,
    buildDeadlineMs: 30 * 60_000,
  };
}

const SNAPSHOT_GIB = 20;

export function costEstimate(scenarios: readonly Scenario[]): string {
  const caches = scenarios.reduce((n, s) => n + s.imageCaches, 0);
  return `estimated cost: ${caches} image caches of ${SNAPSHOT_GIB} GiB (one snapshot each, ${caches * SNAPSHOT_GIB} GiB in all), each deleted when its scenario ends (minutes, at most ~30 min while building), plus the temporary builder instances; RAM and STS calls are free. Check ECI image cache pricing for your region.`;
}

/**
 * Resources the run would touch but does not own: names under its prefix or caches with its tag that
 * exist before it starts. The prefix is random, so any hit means something else uses these names.
 */
export async function foreignResources(run: ConformanceRun): Promise<string[]> {
  const found: string[] = [];
  const mine = `${run.setup.prefix}-`;
  for (const account of ['A', 'B'] as const) {
    for (const [action, list, item, nameKey] of [['ListRoles', 'Roles', 'Role', 'RoleName'], ['ListPolicies', 'Policies', 'Policy', 'PolicyName']] as const) {
      let marker: string | undefined;
      do {
        const res = await run.call(account, 'ram', action, { MaxItems: '1000', ...(action === 'ListPolicies' ? { PolicyType: 'Custom' } : {}), ...(marker ? { Marker: marker } : {}) }, { record: false });
        if (res.code !== null) throw new Error(`${action} in account ${account}: ${res.code}`);
        for (const x of res.body[list]?.[item] ?? []) if (String(x[nameKey]).startsWith(mine)) found.push(`${account} ${item} ${x[nameKey]}`);
        marker = res.body.IsTruncated ? res.body.Marker : undefined;
      } while (marker);
    }
    const caches = await run.call(account, 'eci', 'DescribeImageCaches', { RegionId: run.setup.regionId, 'Tag.1.Key': 'conformance', 'Tag.1.Value': run.setup.prefix }, { record: false });
    for (const c of caches.body.ImageCaches ?? []) found.push(`${account} image cache ${c.ImageCacheId}`);
  }
  return found;
}

export async function main(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const missing = missingSetup(env);
  if (missing !== undefined) {
    out(missing);
    return 0;
  }
  const prefix = `eciacr-conf-${randomBytes(3).toString('hex')}`;
  let setup: TargetSetup;
  try {
    setup = liveSetup(env, prefix);
  } catch (error) {
    out(`test:live did not run (nothing was sent): ${(error as Error).message}`);
    return 2;
  }
  out(costEstimate(LIVE_SCENARIOS));
  const run = new ConformanceRun(setup);
  const transcriptPath = env.ECI_ACR_LIVE_TRANSCRIPT ?? `conformance-transcript-${prefix}.json`;
  const transcript = (): Transcript => ({ target: 'alibaba-cloud', note: `npm run test:live, prefix <prefix>, region ${run.setup.regionId}`, scenarios: LIVE_SCENARIOS.map((s) => s.id), entries: run.entries });
  const onSigint = () => {
    out('SIGINT: cleaning up what this run created');
    // The scenario in progress gets no further call; what it has in flight settles (and registers its
    // undo) before the clean-up runs, so nothing it creates outlives the run.
    run.interrupt();
    void run.cleanUp(out).finally(() => {
      writeFileSync(transcriptPath, `${JSON.stringify(transcript(), null, 1)}\n`);
      process.exit(130);
    });
  };
  process.once('SIGINT', onSigint);
  try {
    await run.identify();
    const foreign = await foreignResources(run);
    if (foreign.length > 0) {
      out(`refusing to run: these exist already and would be touched: ${foreign.join('; ')}`);
      return 1;
    }
    out(`running ${LIVE_SCENARIOS.length} scenarios under prefix ${prefix}`);
    const outcomes = await runScenarios(run, LIVE_SCENARIOS, out);
    for (const o of outcomes) out(`${o.ok ? 'ok  ' : 'FAIL'} ${o.id}${o.message ? `: ${o.message}` : ''}`);
    writeFileSync(transcriptPath, `${JSON.stringify(transcript(), null, 1)}\n`);
    out(`transcript: ${transcriptPath}`);
    const differences = diffTranscripts(transcript(), (await runOnEmulator(LIVE_SCENARIOS)).transcript);
    out(`differences from the emulator: ${differences.length}`);
    for (const d of differences) out(`  ${d}`);
    return outcomes.every((o) => o.ok) ? 0 : 1;
  } finally {
    await run.cleanUp(out);
    process.removeListener('SIGINT', onSigint);
  }
}
