// Keeps the Dockerfile honest without Docker: repeat its runtime stage on the host. Build dist/,
// copy what the image copies (package files, dist, bin, schemas, seeds) into a fresh folder, install the
// production dependencies alone (`npm ci --omit=dev --ignore-scripts`), then run `--help` and a
// `run --once` against the emulator from there. Slow (npm ci): one test.
//
// Never the network: the install runs `--offline` from the npm cache that `npm ci` filled, and every
// proxy setting points at 127.0.0.1:9 (discard; nothing listens) so a request npm still tries cannot
// leave the machine. A cold cache fails the test with a message saying so. The proxy is the guard, not
// `--registry`: the lockfile carries no `resolved` URLs, so npm resolves each package through the
// registry's metadata URL, and the cache is keyed by that URL; another registry would miss every entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT_A, startTestEmulator, twoAccountSeed } from '../helpers/emulator.js';
import { accountDoc, policyDoc } from '../daemon/harness.js';

const repo = resolve(import.meta.dirname, '../..');

/** Port 9 (discard) on loopback: any request npm makes fails at once instead of reaching a registry. */
const DEAD_END = 'http://127.0.0.1:9';
const UNREACHABLE_NETWORK = { npm_config_proxy: DEAD_END, npm_config_https_proxy: DEAD_END, npm_config_noproxy: '', HTTP_PROXY: DEAD_END, HTTPS_PROXY: DEAD_END, NO_PROXY: '' };

function installFailure(out: string, cache: string): string {
  const cold = /ENOTCACHED|only-if-cached/.test(out) ? `the npm cache at ${cache} lacks packages of package-lock.json; run \`npm ci\` in the repository first (this test never uses the network). ` : '';
  return `npm ci --offline failed: ${cold}npm said:\n${out}`;
}

/** `npm ci` of the production dependencies, from `cache` only. */
function offlineInstall(app: string, cache: string, env: NodeJS.ProcessEnv) {
  return runAsync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--offline'], app, { ...env, npm_config_cache: cache, ...UNREACHABLE_NETWORK });
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  return { code: result.status, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function runAsync(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, env, timeout: 240_000 });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('close', (code) => done({ code, out }));
  });
}

test('production install: prod-only dependencies run --help and run --once against the emulator', { timeout: 300_000 }, async () => {
  const app = await mkdtemp(join(tmpdir(), 'prod-install-'));
  // The test runner points HOME at an empty folder; npm's cache lives in the real home unless npm
  // (running `npm test`) or CI names another one.
  const cache = process.env.npm_config_cache || join(userInfo().homedir, '.npm');
  const env = { ...process.env, npm_config_cache: cache, npm_config_audit: 'false', npm_config_fund: 'false' };
  try {
    // The build (tsc, CPU) and the install (npm, mostly disk) need nothing of each other: run together.
    const building = runAsync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(repo, 'tsconfig.build.json'), '--outDir', join(app, 'dist')], repo, env);
    for (const entry of ['package.json', 'package-lock.json', 'bin', 'schemas', 'seeds']) await cp(join(repo, entry), join(app, entry), { recursive: true });
    const [build, install] = await Promise.all([building, offlineInstall(app, cache, env)]);
    assert.equal(build.code, 0, build.out);
    assert.equal(install.code, 0, installFailure(install.out, cache));
    const installed = await readdir(join(app, 'node_modules'));
    for (const dev of ['typescript', 'tsx', 'fast-check']) assert.ok(!installed.includes(dev), `${dev} is a dev dependency`);

    const help = run(process.execPath, ['bin/eci-acr-reconciler.js', '--help'], app, env);
    assert.equal(help.code, 0, help.out);
    assert.match(help.out, /usage: eci-acr-reconciler <command>/);
    const version = run(process.execPath, ['bin/eci-acr-reconciler.js', '--version'], app, env);
    const { version: declared } = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.out, `eci-acr-reconciler ${declared}\n`, 'the built CLI reads its version from package.json');

    const emulator = await startTestEmulator(twoAccountSeed());
    try {
      await mkdir(join(app, 'manifests'));
      await writeFile(join(app, 'manifests', 'account.yaml'), accountDoc());
      await writeFile(join(app, 'manifests', 'p.yaml'), policyDoc('prod-install'));
      const once = await runAsync(process.execPath, ['bin/eci-acr-reconciler.js', 'run', '--once', '--manifests', 'manifests', '--endpoint', emulator.url], app, {
        ...env,
        A_ID: ROOT_A.accessKeyId,
        A_SECRET: ROOT_A.accessKeySecret,
      });
      assert.equal(once.code, 0, once.out);
      assert.match(once.out, /created\s+policy prod-install/);
    } finally {
      await emulator.stop();
    }
  } finally {
    await rm(app, { recursive: true, force: true });
  }
});

test('17.5: a cold npm cache fails the install with a message naming the cache, never the network', { timeout: 120_000 }, async () => {
  const app = await mkdtemp(join(tmpdir(), 'prod-install-cold-'));
  try {
    for (const entry of ['package.json', 'package-lock.json']) await cp(join(repo, entry), join(app, entry));
    const cache = join(app, 'empty-cache');
    const install = await offlineInstall(app, cache, process.env);
    assert.notEqual(install.code, 0, 'an empty cache cannot install anything offline');
    assert.match(install.out, /ENOTCACHED/, 'npm stopped at the cache instead of asking a registry');
    assert.match(installFailure(install.out, cache), /lacks packages of package-lock\.json; run `npm ci`/);
  } finally {
    await rm(app, { recursive: true, force: true });
  }
});
