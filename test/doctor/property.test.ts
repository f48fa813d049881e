// Issue 13 acceptance: doctor's verdict against the emulator's pull oracle, on seeded random chains
// (same/cross account, Personal/Enterprise, default/custom domain, same/other region, roles missing,
// trust wrong each way, each pull action missing, Deny statements, wrong instance/region in the
// resource, repository or tag missing, non-ACR images). For each case: doctor walks the live chain
// (as a RAM user holding only docs/doctor-ram-policy.json), ECI builds a cache of the image with the
// same AcrRegistryInfo, and doctor's verdict must equal the cache's Ready/Failed, and doctor's first
// broken link the link the cache's Warning event names. All cases share ONE emulator and ONE seed.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as $Eci from '@alicloud/eci20180808';
import { createAlibabaProvider } from '../../src/cloud/alibaba/index.js';
import { acrReaderOf } from '../../src/cli/doctor/acr-reader.js';
import { liveFacts } from '../../src/doctor/facts.js';
import type { ImageDiagnosis, LinkName } from '../../src/doctor/types.js';
import { diagnoseImage } from '../../src/doctor/walk.js';
import type { DesiredAccount } from '../../src/model/desired.js';
import { systemClock } from '../../src/runtime/clock.js';
import { withEmulator } from '../helpers/emulator.js';
import { eciClient } from '../helpers/sdk.js';
import { A, B, PUBLIC_IMAGE, prng, seedRegistries, type ChainCase } from './chain-cases.js';
import { generateCase } from './chain-generator.js';
import { emulatorLink } from './emulator-links.js';

const SEED = Number(process.env['DOCTOR_PROPERTY_SEED'] ?? 1313);
const CASES = 520;
const ROOT_A = { accessKeyId: 'LTAI5tRootA000000000001', accessKeySecret: 'root-secret-a' };
const DOCTOR = [
  { accessKeyId: 'LTAI5tDoctorA0000000001', accessKeySecret: 'doctor-secret-a' },
  { accessKeyId: 'LTAI5tDoctorB0000000001', accessKeySecret: 'doctor-secret-b' },
];

/** doctor's link names → the emulator's (src/emulator/pull/types.ts PullLink). */
const TO_EMULATOR: Record<LinkName, string> = {
  image: 'image-reference',
  registry: 'registry',
  'instance-id': 'instance-id',
  region: 'region',
  'registry-info': 'acr-registry-info',
  'service-role': 'arn-service',
  'service-trust': 'service-trust',
  'assume-permission': 'assume-permission',
  'user-role': 'arn-user',
  'user-trust': 'role-trust',
  'pull-permission': 'pull-permission',
  repository: 'repository',
  tag: 'tag',
};

const cases: ChainCase[] = [];
const rng = prng(SEED);
for (let i = 0; i < CASES; i += 1) cases.push(generateCase(rng, i));

function seed(): object {
  const policy = readFileSync('docs/doctor-ram-policy.json', 'utf8');
  const account = (id: string, i: number) => ({
    accountId: id,
    rootAccessKeys: [i === 0 ? ROOT_A : { accessKeyId: 'LTAI5tRootB000000000001', accessKeySecret: 'root-secret-b' }],
    users: [{ name: 'doctor', accessKeys: [DOCTOR[i]], policies: [{ policyName: 'doctor-read', policyType: 'Custom' }] }],
    policies: [{ policyName: 'doctor-read', document: policy }, ...cases.flatMap((c) => c.policies.filter((p) => p.account === id).map((p) => ({ policyName: p.policyName, document: p.document })))],
    roles: cases.flatMap((c) => c.roles.filter((r) => r.account === id).map((r) => ({ roleName: r.roleName, trust: r.trust, policies: r.policies }))),
    registries: seedRegistries(id),
  });
  return {
    accounts: [account(A, 0), account(B, 1)],
    publicImages: [PUBLIC_IMAGE],
    timing: { imageCachePreparingMs: 10, imageCacheCreatingMs: 10 },
    options: { quotas: { roles: 5000, customPolicies: 5000 } },
  };
}


const accounts: DesiredAccount[] = [
  { name: 'eci', accountId: A, ownerId: 'eci', regionId: 'cn-hangzhou', credentials: { source: 'env', accessKeyIdEnv: 'DA_ID', accessKeySecretEnv: 'DA_SECRET' }, endpoints: {}, origin: { kind: 'Account', name: 'eci' } },
  { name: 'acr', accountId: B, ownerId: 'acr', regionId: 'cn-beijing', credentials: { source: 'env', accessKeyIdEnv: 'DB_ID', accessKeySecretEnv: 'DB_SECRET' }, endpoints: {}, origin: { kind: 'Account', name: 'acr' } },
];
const env = { DA_ID: DOCTOR[0]!.accessKeyId, DA_SECRET: DOCTOR[0]!.accessKeySecret, DB_ID: DOCTOR[1]!.accessKeyId, DB_SECRET: DOCTOR[1]!.accessKeySecret };

test(`I13-A1: doctor agrees with the emulator's pull oracle on ${CASES} seeded random chains (seed ${SEED})`, async () => {
  const emulator = await withEmulator(seed());
  // No client-side pacing: the emulator is local and the case count, not a quota, sets the load.
  const unpaced = { concurrency: 64, rate: { perSecond: 1e6, burst: 1e6 } };
  const provider = createAlibabaProvider({ accounts, endpoint: emulator.url, env, clock: systemClock, retry: { attempts: 1 }, limits: { ram: unpaced, cr: unpaced, sts: unpaced, eci: unpaced } });
  const readers = accounts.map((a) => ({ accountId: a.accountId, regionId: a.regionId, ram: provider.readOnly(a.name), acr: acrReaderOf(provider, a.name)! }));
  const eci = eciClient(emulator.endpoint, ROOT_A);
  const diagnoses: ImageDiagnosis[] = [];
  const cacheIds: string[] = [];
  for (const c of cases) {
    // A fresh view per case: nothing doctor read for one case answers the next.
    diagnoses.push(await diagnoseImage({ image: c.image, eciAccountId: A, regionId: 'cn-hangzhou', entries: c.entries }, liveFacts(readers)));
    const created = await eci.createImageCache(new $Eci.CreateImageCacheRequest({
      regionId: 'cn-hangzhou',
      imageCacheName: `case-${c.index}`,
      image: [c.image],
      securityGroupId: 'sg-1',
      vSwitchId: 'vsw-1',
      ...(c.eip ? { eipInstanceId: 'eip-1' } : {}),
      acrRegistryInfo: c.entries.map((e) => new $Eci.CreateImageCacheRequestAcrRegistryInfo({ ...e, domain: e.domains })),
    }));
    cacheIds.push(created.body?.imageCacheId ?? '');
  }
  await emulator.advance(1000);
  const byId = new Map<string, { status: string; failure?: string }>();
  let nextToken: string | undefined;
  do {
    const page = await eci.describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: 'cn-hangzhou', limit: 100, ...(nextToken ? { nextToken } : {}) }));
    for (const cache of page.body?.imageCaches ?? []) {
      const warning = (cache.events ?? []).find((e) => e.type === 'Warning')?.message;
      byId.set(cache.imageCacheId ?? '', { status: cache.status ?? '', ...(warning ? { failure: warning } : {}) });
    }
    nextToken = page.body?.nextToken || undefined;
  } while (nextToken);

  const counts = new Map<string, number>();
  const traits = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const mismatches: string[] = [];
  cases.forEach((c, i) => {
    const d = diagnoses[i]!;
    const cache = byId.get(cacheIds[i] ?? '');
    const emulatorOk = cache?.status === 'Ready';
    const doctorOk = d.verdict === 'pullable' || d.verdict === 'not-acr';
    const link = cache?.failure ? emulatorLink(cache.failure, c) : undefined;
    const doctorLink = d.firstBroken ? TO_EMULATOR[d.firstBroken] : undefined;
    bump(counts, emulatorOk ? 'pullable' : `broken:${link ?? '?'}`);
    for (const t of c.traits) bump(traits, t);
    if (d.verdict === 'unreadable' || emulatorOk !== doctorOk || (!emulatorOk && link !== doctorLink)) {
      mismatches.push(`case ${c.index} [${c.traits.join(' ')}] ${c.image} ${JSON.stringify(c.entries)}\n  emulator: ${cache?.status} ${cache?.failure ?? ''}\n  doctor: ${d.verdict} ${d.firstBroken ?? ''}: ${d.links.at(-1)?.detail ?? ''}`);
    }
  });
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`doctor property: seed ${SEED}, ${cases.length} cases; outcomes: ${sorted(counts)}`);
  console.log(`doctor property: traits: ${sorted(traits)}`);
  assert.ok(cases.length >= 500, `ran ${cases.length} cases`);
  assert.ok(counts.get('pullable')! >= 50 && counts.size >= 12, `the cases reach pullable and at least 11 distinct broken links: ${sorted(counts)}`);
  assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} of ${cases.length} cases disagree`);
});
