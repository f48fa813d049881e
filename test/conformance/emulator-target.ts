// The emulator as a conformance target: the demo seed (two accounts, AdministratorAccess users, the
// Enterprise instance `acme` in account B with a custom domain), emulated time for waits.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { runScenarios, type Scenario, type ScenarioOutcome } from './scenarios.js';
import { ConformanceRun, type TargetSetup } from './target.js';
import type { Transcript } from './transcript.js';

export const EMULATOR_NOTE =
  'Produced against the project\'s emulator, NOT the real Alibaba Cloud: it shows the format and what the emulator believes. Replace it with a transcript from `npm run test:live` (docs/conformance.md).';

export function emulatorSetup(emulator: TestEmulator): TargetSetup {
  return {
    kind: 'emulator',
    regionId: 'cn-hangzhou',
    prefix: 'conf-emu',
    accounts: {
      A: { credentials: { accessKeyId: 'LTAI5tDeployerA00000001', accessKeySecret: 'deployer-secret-a' }, vSwitchId: 'vsw-conformance-a', securityGroupId: 'sg-conformance-a' },
      B: { credentials: { accessKeyId: 'LTAI5tDeployerB00000001', accessKeySecret: 'deployer-secret-b' }, vSwitchId: 'vsw-conformance-b', securityGroupId: 'sg-conformance-b' },
    },
    registry: {
      instanceId: 'cri-aaaa0000000000001',
      defaultDomain: 'acme-registry-vpc.cn-hangzhou.cr.aliyuncs.com',
      customDomain: 'registry.acme.example',
      image: 'eci_test/nginx:1.0',
    },
    endpoints: { ram: emulator.endpoint, sts: emulator.endpoint, eci: emulator.endpoint, protocol: 'http' },
    wait: (ms) => emulator.advance(ms),
    pollMs: 1_000,
    buildDeadlineMs: 10_000,
  };
}

export async function startConformanceEmulator(): Promise<TestEmulator> {
  return startTestEmulator(parse(readFileSync('seeds/demo-seed.yaml', 'utf8')) as object);
}

/** Runs `scenarios` on a fresh emulator; returns the outcomes and the transcript. */
export async function runOnEmulator(scenarios: readonly Scenario[]): Promise<{ outcomes: ScenarioOutcome[]; transcript: Transcript }> {
  const emulator = await startConformanceEmulator();
  try {
    const run = new ConformanceRun(emulatorSetup(emulator));
    await run.identify();
    const outcomes = await runScenarios(run, scenarios);
    return { outcomes, transcript: { target: 'emulator', note: EMULATOR_NOTE, scenarios: scenarios.map((s) => s.id), entries: run.entries } };
  } finally {
    await emulator.stop();
  }
}
