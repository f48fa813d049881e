import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSeed } from '../../src/emulator/seed.js';
import { loadManifests } from '../../src/manifests/index.js';
import { caseList, DEFAULT_FLEET, generateFleet, QUICK_FLEET, VALIDATE_FLEET, type Fleet } from '../../bench/fleet.js';
import { countDocuments, fleetEnvironment, fleetManifestFiles, writeFleetManifests } from '../../bench/fleet-docs.js';
import { fleetSeed } from '../../bench/fleet-seed.js';
import { inventoryFromDesired, inventoryFromFleet, inventoryTotals } from '../../bench/inventory.js';

const countCases = (fleet: Fleet) => {
  const counts: Record<string, number> = {};
  for (const p of fleet.pulls) counts[p.pullCase] = (counts[p.pullCase] ?? 0) + 1;
  return counts;
};

test('the same seed gives the same fleet, another seed a different one', () => {
  assert.deepEqual(generateFleet(DEFAULT_FLEET), generateFleet(DEFAULT_FLEET));
  const other = generateFleet({ ...DEFAULT_FLEET, seed: 8 });
  assert.notDeepEqual(other.pulls, generateFleet(DEFAULT_FLEET).pulls);
});

test('the default fleet has 10 ECI and 5 registry accounts and 500 pulls mixed 80/10/10', () => {
  const fleet = generateFleet(DEFAULT_FLEET);
  assert.equal(fleet.accounts.filter((a) => a.kind === 'eci').length, 10);
  assert.equal(fleet.accounts.filter((a) => a.kind === 'registry').length, 5);
  assert.equal(fleet.pulls.length, 500);
  assert.deepEqual(countCases(fleet), { 'cross-account': 400, 'custom-domain': 50, restricted: 50 });
});

test('case counts follow the weights exactly, by largest remainder, even for tiny fleets', () => {
  assert.equal(caseList({ pullAccesses: 10, mix: QUICK_FLEET.mix }).length, 10);
  const three = caseList({ pullAccesses: 3, mix: { 'cross-account': 1, 'custom-domain': 1, restricted: 1 } });
  assert.deepEqual([...three].sort(), ['cross-account', 'custom-domain', 'restricted']);
});

test('cross-account pulls use another account\'s registry; same-account cases use the ECI account\'s own', () => {
  const fleet = generateFleet(DEFAULT_FLEET);
  const registries = new Map(fleet.registries.map((r) => [r.key, r]));
  for (const pull of fleet.pulls) {
    const registry = registries.get(pull.registry);
    assert.ok(registry, pull.name);
    assert.equal(registry.account !== pull.eciAccount, pull.pullCase === 'cross-account', pull.name);
    assert.ok(pull.image.startsWith(`${registry.domain}/`), `${pull.name} pulls through ${registry.domain}`);
    if (pull.pullCase === 'custom-domain') assert.deepEqual(registry.customDomains, [registry.domain]);
    if (pull.pullCase === 'restricted') assert.deepEqual(registry.customDomains, []);
  }
});

test('the validate case renders exactly 10,000 documents, the default fleet 15 accounts + 2 per pull', () => {
  assert.equal(countDocuments(fleetManifestFiles(generateFleet(VALIDATE_FLEET))), 10_000);
  assert.equal(countDocuments(fleetManifestFiles(generateFleet(DEFAULT_FLEET))), 15 + 2 * 500);
});

test('Account manifests read credentials from per-account variables that the environment provides', () => {
  const fleet = generateFleet(QUICK_FLEET);
  const env = fleetEnvironment(fleet);
  const accounts = fleetManifestFiles(fleet).get('accounts.yaml') ?? '';
  for (const account of fleet.accounts) {
    assert.match(accounts, new RegExp(`accessKeyIdEnv: ${account.env.accessKeyId}\\n`));
    assert.equal(env[account.env.accessKeyId], account.deployer.accessKeyId);
    assert.equal(env[account.env.accessKeySecret], account.deployer.accessKeySecret);
  }
  assert.equal(new Set(Object.keys(env)).size, 2 * fleet.accounts.length);
});

test('the emulator accepts the seed: every account, deployer, instance and repository an image names', () => {
  const fleet = generateFleet(DEFAULT_FLEET);
  const seed = parseSeed(fleetSeed(fleet));
  assert.equal(seed.accounts.length, 15);
  for (const pull of fleet.pulls) {
    const registry = fleet.registries.find((r) => r.key === pull.registry);
    const owner = fleet.accounts.find((a) => a.name === registry?.account);
    const seeded = seed.accounts.find((a) => a.accountId === owner?.accountId);
    const repo = pull.image.slice((registry?.domain.length ?? 0) + 1).split(':')[0];
    const instance = seeded?.registries.find((r) => r.repositories.some((x) => x.name === repo) && (r.instanceId ?? 'personal') === (registry?.instanceId ?? 'personal'));
    assert.ok(instance, `${pull.name}: ${pull.image} is in the seed`);
  }
  assert.ok(seed.accounts.every((a) => a.users[0]?.name === 'deployer' && a.network.natVSwitchIds.length === 1));
});

test('the inventory of a fleet counts what the decision table creates per case', () => {
  const fleet: Fleet = {
    ...generateFleet(QUICK_FLEET),
  };
  const eci = fleet.accounts.find((a) => a.kind === 'eci')!;
  const acr = fleet.accounts.find((a) => a.kind === 'registry')!;
  fleet.pulls = [
    { name: 'p1', pullCase: 'cross-account', eciAccount: eci.name, registry: `${acr.name}/default`, image: 'x', cacheName: 'c1' },
    { name: 'p2', pullCase: 'custom-domain', eciAccount: eci.name, registry: `${eci.name}/custom`, image: 'x', cacheName: 'c2' },
    { name: 'p3', pullCase: 'restricted', eciAccount: eci.name, registry: `${eci.name}/default`, image: 'x', cacheName: 'c3' },
  ];
  const inventory = inventoryFromFleet(fleet);
  const eciInv = inventory.accounts.find((a) => a.accountId === eci.accountId)!;
  const acrInv = inventory.accounts.find((a) => a.accountId === acr.accountId)!;
  assert.deepEqual({ roles: eciInv.roles, policies: eciInv.customPolicies, attachments: eciInv.attachments }, { roles: 2, policies: 1, attachments: 2 });
  assert.deepEqual(eciInv.cachesByRegion, { [eci.regionId]: 3 });
  assert.deepEqual({ roles: acrInv.roles, policies: acrInv.customPolicies, attachments: acrInv.attachments }, { roles: 1, policies: 1, attachments: 1 });
  assert.deepEqual(inventoryTotals(inventory), { roles: 3, customPolicies: 2, attachments: 3, imageCaches: 3 });
  assert.equal(inventory.writeDepth, 4);
});

test('the manifests pipeline accepts the generated fleet and expands it to the inventory the model counts', () => {
  const fleet = generateFleet(QUICK_FLEET);
  const dir = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
  try {
    writeFleetManifests(fleet, dir);
    const result = loadManifests([dir]);
    assert.deepEqual(result.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    assert.ok(result.state);
    assert.deepEqual(inventoryFromDesired(result.state), inventoryFromFleet(fleet));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
