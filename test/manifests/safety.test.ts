// Issue 10: manifests read wrongly must never shrink the desired state, and input must not take the
// reconciler down. Each test names the finding it pins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileTooLargeError,
  loadManifests,
  loadManifestsInterruptibly,
  loadManifestTexts,
  nodeFs,
  renderDiagnosticsText,
  type Diagnostic,
  type LoadResult,
} from '../../src/manifests/index.js';
import { runCli } from '../../src/cli/main.js';
import { cliBundle } from '../helpers/cli-bundle.js';
import { captureIo } from '../helpers/io.js';
import { ACCOUNTS } from './helpers.js';
import { memFs } from './memfs.js';

const H = 'apiVersion: eci-acr-reconciler/v1alpha1\n';
const role = (name: string) => `${H}kind: RamRole\nmetadata: {name: ${name}}\nspec: {account: eci, trust: {services: [eci.aliyuncs.com]}}\n`;

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'eci-acr-safety-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const where = (r: LoadResult): string[] => r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);

/** The invariant every test here checks: an error, and no desired state at all. */
function assertRefused(r: LoadResult, expected: string[]): void {
  assert.deepEqual(where(r), expected);
  assert.equal(r.state, undefined, 'a load with an error must not produce a (smaller) desired state');
}

/** A folder with the accounts and one role in `sub/`, the shape every deletion finding had. */
function setWithSub(dir: string): void {
  writeFileSync(join(dir, 'accounts.yaml'), ACCOUNTS);
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub/role.yaml'), role('kept'));
}

// --- Deletions from manifests read wrongly -------------------------------------------------------

test('B7: an unreadable subfolder is an error, never a smaller desired state', () => {
  const fs = memFs('m', {
    'accounts.yaml': { kind: 'file', bytes: ACCOUNTS },
    locked: { kind: 'dir', unreadable: true, entries: { 'role.yaml': { kind: 'file', bytes: role('kept') } } },
  });
  const r = loadManifests(['m'], fs);
  assertRefused(r, ['m/locked:1:1 DIR_UNREADABLE']);
  assert.match(r.diagnostics[0]?.message ?? '', /cannot read folder m\/locked: EACCES/);
});

test('B7: the real filesystem propagates a folder it cannot list (EACCES from readdir) as DIR_UNREADABLE', (t) => {
  const dir = tmp(t);
  setWithSub(dir);
  const locked = join(dir, 'sub');
  // Root ignores mode 000, so the real fs is wrapped only where it lists `sub`; everything else is real.
  const fs = {
    ...nodeFs,
    readdir: (p: string) => {
      if (p === locked) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return nodeFs.readdir(p);
    },
  };
  assertRefused(loadManifests([dir], fs), [`${locked}:1:1 DIR_UNREADABLE`]);
});

test('B7: validate and plan --prune exit 3 naming a folder mode 000 when run as a user it stops', async (t) => {
  const dir = tmp(t);
  chmodSync(dir, 0o755);
  setWithSub(dir);
  chmodSync(join(dir, 'sub'), 0o000);
  const entry = await cliBundle();
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [entry, ...args, '--manifests', dir], {
      encoding: 'utf8',
      // As root, mode 000 stops nobody: run the CLI as `nobody`, as the reproduction did.
      ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
      env: { ...process.env, HOME: dir },
    });
  const validate = cli(['validate']);
  assert.equal(validate.status, 3, `validate: ${validate.stdout}${validate.stderr}`);
  assert.match(validate.stdout, new RegExp(`${join(dir, 'sub')}:1:1: error DIR_UNREADABLE`));
  const plan = cli(['plan', '--prune', '--endpoint', 'http://127.0.0.1:9']);
  assert.equal(plan.status, 3, `plan: ${plan.stdout}${plan.stderr}`);
  assert.match(plan.stderr, /DIR_UNREADABLE/);
});

test('B6: a dangling .yaml symlink is an error, never a smaller desired state', (t) => {
  const dir = tmp(t);
  setWithSub(dir);
  symlinkSync(join(dir, 'moved-away.yaml'), join(dir, 'cache.yaml'));
  assertRefused(loadManifests([dir]), [`${join(dir, 'cache.yaml')}:1:1 DANGLING_SYMLINK`]);
});

test('B6: plan --prune and run --once --prune exit 3 on a dangling symlink, before any cloud call', async (t) => {
  const dir = tmp(t);
  setWithSub(dir);
  symlinkSync('gone.yaml', join(dir, 'cache.yaml'));
  for (const args of [['plan', '--prune'], ['run', '--once', '--prune']]) {
    const io = captureIo();
    // Port 9 (discard) is never called: the manifests are refused first.
    const code = await runCli([...args, '--manifests', dir, '--endpoint', 'http://127.0.0.1:9'], io);
    assert.equal(code, 3, `${args.join(' ')}: ${io.err()}`);
    assert.match(io.err(), /cache\.yaml:1:1: error DANGLING_SYMLINK/);
  }
});

test('A2: a FIFO named *.yaml in the folder, and /dev/zero on the command line, are refused without blocking', (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'accounts.yaml'), ACCOUNTS);
  const fifo = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
  assert.equal(fifo.status, 0, 'mkfifo is needed to make a FIFO');
  assertRefused(loadManifests([dir]), [`${join(dir, 'pipe.yaml')}:1:1 NOT_A_REGULAR_FILE`]);
  assertRefused(loadManifests(['/dev/zero']), ['/dev/zero:1:1 NOT_A_REGULAR_FILE']);
});

test('A2: a 50 MB file is refused by its size before it is read; a file that grows while read is refused too', (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'accounts.yaml'), ACCOUNTS);
  writeFileSync(join(dir, 'big.yaml'), '');
  truncateSync(join(dir, 'big.yaml'), 50 * 1024 * 1024); // sparse: no disk, no memory
  const r = loadManifests([dir]);
  assertRefused(r, [`${join(dir, 'big.yaml')}:1:1 FILE_TOO_LARGE`]);
  assert.match(r.diagnostics[0]?.message ?? '', /52428800 bytes, more than the limit of 1048576; raise --max-file-size/);

  const growing = memFs('m', { 'accounts.yaml': { kind: 'file', bytes: ACCOUNTS }, 'log.yaml': { kind: 'growing', size: 10, grows: 2 * 1024 * 1024 } });
  assertRefused(loadManifests(['m'], growing), ['m/log.yaml:1:1 FILE_TOO_LARGE']);
});

test('A2: the real read is bounded even when stat says 0 bytes (a /proc file)', () => {
  assert.throws(() => nodeFs.readFile('/proc/self/status', 16), FileTooLargeError);
});

test('A2: the total limit stops reading at the file that passes it', () => {
  const fs = memFs('m', { 'a.yaml': { kind: 'file', bytes: ACCOUNTS }, 'b.yaml': { kind: 'file', bytes: role('one') } });
  assertRefused(loadManifests(['m'], fs, { maxTotalBytes: ACCOUNTS.length + 10 }), ['m/b.yaml:1:1 INPUT_TOO_LARGE']);
  assert.ok(loadManifests(['m'], fs).state !== undefined, 'within the default limits the same set loads');
});

test('A9: bytes that are not UTF-8 are NOT_UTF8 at the first bad byte, never U+FFFD in a role description', () => {
  const bad = Buffer.concat([Buffer.from(`${role('r')}---\n${H}kind: RamRole\nmetadata: {name: s}\nspec: {account: eci, description: caf`), Buffer.from([0xe9]), Buffer.from(', trust: {services: [eci.aliyuncs.com]}}\n')]);
  const fs = memFs('m', { 'accounts.yaml': { kind: 'file', bytes: ACCOUNTS }, 'roles.yaml': { kind: 'file', bytes: bad } });
  const r = loadManifests(['m'], fs);
  assertRefused(r, ['m/roles.yaml:9:38 NOT_UTF8']);
  assert.match(r.diagnostics[0]?.message ?? '', /byte 0xE9 at offset \d+/);
});

// --- Input that takes it down --------------------------------------------------------------------

const deepFlow = (n: number) => `${H}kind: RamRole\nmetadata: {name: deep}\nspec: {account: eci, x: ${'['.repeat(n)}${']'.repeat(n)}}\n`;
const deepBlock = (n: number) => `${H}kind: RamRole\nmetadata: {name: deep}\nspec:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 2)}a${i}:\n`).join('')}`;

test('A3: 2,000 levels of nesting are TOO_DEEP at the first level past 64, not a stack overflow', () => {
  assertRefused(loadManifestTexts([{ file: 'flow.yaml', text: deepFlow(2000) }]), ['flow.yaml:4:87 TOO_DEEP']);
  assertRefused(loadManifestTexts([{ file: 'block.yaml', text: deepBlock(2000) }]), ['block.yaml:68:66 TOO_DEEP']);
  // An anchor forces the full composer; aliases then nest the value deeper than the text.
  const nest = (n: number, inner: string) => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
  assertRefused(loadManifestTexts([{ file: 'alias.yaml', text: `a: &a ${nest(10, 'x')}\nb: ${nest(60, '*a')}\n` }]), ['alias.yaml:1:1 TOO_DEEP']);
  assertRefused(loadManifestTexts([{ file: 'tab.yaml', text: `x:\t${'['.repeat(20000)}${']'.repeat(20000)}\n` }]), ['tab.yaml:1:67 TOO_DEEP']);
});

test('A3: --max-depth is the limit; other documents of the file still load and are checked', () => {
  const text = `${ACCOUNTS}---\n${deepFlow(10)}`;
  assert.deepEqual(where(loadManifestTexts([{ file: 'f.yaml', text }], { maxDepth: 8 })), ['f.yaml:14:31 TOO_DEEP']);
  assert.deepEqual(where(loadManifestTexts([{ file: 'f.yaml', text }], { maxDepth: 64 })), ['f.yaml:14:7 MISSING_FIELD', 'f.yaml:14:22 UNKNOWN_FIELD']);
});

test('A3: validate and plan exit 3 with a TOO_DEEP diagnostic and no stack trace', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'deep.yaml'), deepFlow(2000));
  for (const args of [['validate'], ['plan', '--endpoint', 'http://127.0.0.1:9'], ['run', '--once', '--endpoint', 'http://127.0.0.1:9']]) {
    const io = captureIo();
    assert.equal(await runCli([...args, '--manifests', dir], io), 3, args.join(' '));
    const text = io.out() + io.err();
    assert.match(text, /deep\.yaml:4:87: error TOO_DEEP/);
    assert.doesNotMatch(text, /RangeError|Maximum call stack|    at /);
  }
});

test('A5: diagnostics are rendered from one line index per file, not a split of the file per diagnostic', () => {
  const lines = Array.from({ length: 8000 }, (_, i) => `line ${i}`).join('\n');
  let reads = 0;
  const sources = new (class extends Map<string, string> {
    override get(key: string) {
      reads += 1;
      return super.get(key);
    }
  })([['big.yaml', lines]]);
  const diagnostics: Diagnostic[] = Array.from({ length: 8000 }, (_, i) => ({ code: 'YAML_SYNTAX', severity: 'error', file: 'big.yaml', line: i + 1, column: 1, path: '', message: 'bad' }));
  const text = renderDiagnosticsText(diagnostics, sources, { maxDiagnostics: 0 });
  assert.equal(reads, 1, 'the source is looked up (and indexed) once for 8,000 diagnostics');
  assert.match(text, /\n {2}8000 \| line 7999\n/);
});

test('A5: at most --max-diagnostics are printed, with a count of the rest; the summary counts all', () => {
  const diagnostics: Diagnostic[] = Array.from({ length: 300 }, (_, i) => ({ code: 'YAML_SYNTAX', severity: 'error', file: 'f.yaml', line: i + 1, column: 1, path: '', message: 'bad' }));
  const text = renderDiagnosticsText(diagnostics);
  assert.equal(text.match(/error YAML_SYNTAX/g)?.length, 200);
  assert.match(text, /… 100 more diagnostics not shown \(--max-diagnostics 200\)\n300 errors, 0 warnings\n$/);
});

test('A5: validation stops at a document boundary when its signal is aborted (SIGTERM/SIGINT in the CLI)', async () => {
  const docs = Array.from({ length: 3000 }, (_, i) => role(`r${i}`)).join('---\n');
  const controller = new AbortController();
  // Runs only if the loader gives the event loop a turn, as it must for a signal handler to run.
  setImmediate(() => controller.abort(new Error('received SIGTERM')));
  const fs = memFs('m', { 'accounts.yaml': { kind: 'file', bytes: ACCOUNTS }, 'roles.yaml': { kind: 'file', bytes: docs } });
  const r = await loadManifestsInterruptibly(['m'], fs, { signal: controller.signal, maxFileBytes: 4 * 1024 * 1024 });
  assert.equal(r.interrupted, true);
  assertRefused(r, ['m:1:1 INTERRUPTED']);
  assert.match(r.diagnostics[0]?.message ?? '', /interrupted \(received SIGTERM\); nothing was decided/);
});

test('A5: validate exits 1 (not 0, not "valid") when interrupted', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'accounts.yaml'), ACCOUNTS);
  const controller = new AbortController();
  controller.abort(new Error('received SIGINT'));
  const io = captureIo({ signal: controller.signal });
  assert.equal(await runCli(['validate', '--manifests', dir], io), 1);
  assert.match(io.out(), /INTERRUPTED validation interrupted \(received SIGINT\)/);
});

// A NUL, CR and C1 CSI byte sit in text that is valid UTF-8, so they reach the renderer.
const GARBAGE = `key: "x\u0000y"\n\u001b[2J\u001b]0;pwned\u0007 \r\u009b31m: [\n`;

test('A4: binary garbage produces escaped, bounded output: no raw ESC, NUL, CR or C1 byte reaches the terminal', async (t) => {
  const dir = tmp(t);
  // 1 MiB of control-laden lines: every line a YAML error.
  writeFileSync(join(dir, 'garbage.yaml'), GARBAGE.repeat(Math.floor((1024 * 1024) / GARBAGE.length)));
  const io = captureIo();
  assert.equal(await runCli(['validate', '--manifests', dir], io), 3);
  const out = io.out();
  assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, 'only newlines may be raw control characters');
  assert.ok(out.length < 200_000, `output stays small: ${out.length} characters`);
});

test('A12: an ESC sequence in a comment is shown escaped in the caret snippet, never echoed', () => {
  const text = `${H}kind: RamRole # \u001b]0;owned\u0007\u001b[31m\nmetadata: {name: r}\nspec: {account: eci, bogus: 1, trust: {services: [eci.aliyuncs.com]}}\n`;
  const r = loadManifestTexts([{ file: 'accounts.yaml', text: ACCOUNTS }, { file: 'r.yaml', text: `${text}---\n${H}kind: Nope # \u001b[2J\n` }]);
  assert.deepEqual(where(r), ['r.yaml:4:22 UNKNOWN_FIELD', 'r.yaml:7:7 UNKNOWN_KIND']);
  const out = renderDiagnosticsText(r.diagnostics, r.sources);
  assert.match(out, /7 \| kind: Nope # \\x1b\[2J\n/);
  assert.doesNotMatch(out, /\u001b/);
});

test('A12: file names and messages are escaped too', () => {
  const d: Diagnostic = { code: 'YAML_SYNTAX', severity: 'error', file: 'a\u001b[31m.yaml', line: 1, column: 1, path: '', message: `bad\r\u0000${'x'.repeat(5000)}`, hint: 'h\u009b' };
  const out = renderDiagnosticsText([d]);
  assert.match(out, /^a\\x1b\[31m\.yaml:1:1: error YAML_SYNTAX bad\\x0d\\x00x+…\n {2}hint: h\\x9b\n/);
  assert.ok(out.length < 700, 'a 5,000-character message is clipped');
});

test('the limits are flags: --max-file-size, --max-total-size, --max-depth, --max-diagnostics; bad values are usage errors', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'accounts.yaml'), ACCOUNTS);
  writeFileSync(join(dir, 'roles.yaml'), `${role('a')}---\n${role('b')}`);
  const cli = async (...args: string[]) => {
    const io = captureIo();
    return { code: await runCli(['validate', '--manifests', dir, ...args], io), out: io.out(), err: io.err() };
  };
  assert.equal((await cli()).code, 0);
  assert.match((await cli('--max-file-size', '200')).out, /accounts\.yaml:1:1: error FILE_TOO_LARGE .*limit of 200; raise --max-file-size/);
  assert.match((await cli('--max-total-size', '400')).out, /roles\.yaml:1:1: error INPUT_TOO_LARGE/);
  assert.match((await cli('--max-depth', '2')).out, /roles\.yaml:4:29: error TOO_DEEP/);
  const capped = await cli('--max-file-size', '10', '--max-diagnostics', '1');
  assert.match(capped.out, /… 1 more diagnostic not shown \(--max-diagnostics 1\)\n2 errors, 0 warnings\n$/);
  for (const bad of [['--max-file-size', '1 lightyear'], ['--max-depth', '0'], ['--max-diagnostics', 'many']]) {
    const r = await cli(...bad);
    assert.equal(r.code, 3, bad.join(' '));
    assert.match(r.err, new RegExp(`error: ${bad[0]} must be`));
  }
});
