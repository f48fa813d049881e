// doctor's end-to-end tests: the e2e seed plus, in each account, a RAM user `doctor` holding ONLY
// docs/doctor-ram-policy.json, so every doctor run in these tests proves that policy is enough.
import { readFileSync } from 'node:fs';
import { after } from 'node:test';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { cli, e2eSeed, type CliResult, type SeedExtras } from './harness.js';

export const DOCTOR_A = { accessKeyId: 'LTAI5tDoctorA0000000001', accessKeySecret: 'doctor-secret-a' };
export const DOCTOR_B = { accessKeyId: 'LTAI5tDoctorB0000000001', accessKeySecret: 'doctor-secret-b' };
const POLICY_NAME = 'EciAcrDoctorReadOnly';

export function doctorSeed(extra: SeedExtras = {}): Record<string, any> {
  const seed = e2eSeed(extra);
  const document = readFileSync('docs/doctor-ram-policy.json', 'utf8');
  const keys = [DOCTOR_A, DOCTOR_B];
  seed.accounts.forEach((account: Record<string, any>, i: number) => {
    account.policies = [...account.policies, { policyName: POLICY_NAME, document }];
    account.users = [...account.users, { name: 'doctor', accessKeys: [keys[i]], policies: [{ policyName: POLICY_NAME, policyType: 'Custom' }] }];
  });
  return seed;
}

export async function doctorEmulator(extra: SeedExtras = {}): Promise<TestEmulator> {
  const emulator = await startTestEmulator(doctorSeed(extra));
  after(() => emulator.stop());
  return emulator;
}

/** The CLI with the doctor users' keys in place of the reconciler's. */
export function doctorCli(emulator: TestEmulator, argv: string[]): Promise<CliResult> {
  return cli(emulator, ['doctor', ...argv], {
    ECI_ACCESS_KEY_ID: DOCTOR_A.accessKeyId,
    ECI_ACCESS_KEY_SECRET: DOCTOR_A.accessKeySecret,
    ACR_ACCESS_KEY_ID: DOCTOR_B.accessKeyId,
    ACR_ACCESS_KEY_SECRET: DOCTOR_B.accessKeySecret,
  });
}
