// Issue 17, Deliver 4: one settings table (src/cli/settings.ts) builds every command's parser and
// --help, and the README prints it; one reader per setting, one error style (UsageError → exit 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { helpLine, settingsOf, settingsTable, SETTINGS, type CommandName } from '../../src/cli/settings.js';
import { captureIo } from '../helpers/io.js';

const COMMANDS: CommandName[] = ['validate', 'plan', 'run', 'emulator', 'outputs'];

async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ env });
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** The flags a help text lists in its flag lines (two spaces, then --flag). */
const flagsListed = (help: string): string[] => [...help.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]!).sort();

test('I17-D4: the README settings table is the one generated from src/cli/settings.ts', () => {
  const readme = readFileSync('README.md', 'utf8');
  const between = /<!-- settings-table:begin -->\n([\s\S]*?)\n<!-- settings-table:end -->/.exec(readme);
  assert.ok(between, 'README.md has the settings-table markers');
  assert.equal(between[1], settingsTable());
});

for (const command of COMMANDS) {
  test(`I17-D4: ${command} --help lists exactly the table's flags for ${command}, each with its default and variable`, async () => {
    const help = await cli([command, '--help']);
    assert.equal(help.code, 0, help.err);
    const rows = settingsOf(command);
    assert.deepEqual(flagsListed(help.out), rows.map((s) => s.flag).sort());
    for (const s of rows) assert.ok(help.out.includes(`${helpLine(s)}\n`), `${command} --help shows --${s.flag} as the table says`);
  });
}

test('I17-D4: every row of the settings table belongs to a command, and each README row names its flag once', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const s of SETTINGS) {
    assert.ok(s.commands.length > 0, `--${s.flag} is taken by some command`);
    assert.equal(readme.match(new RegExp(`^\\| \`--${s.flag}[ \`]`, 'gm'))?.length, 1, `README has one row for --${s.flag}`);
  }
});

test('I17-D4: a flag the table does not give a command is a usage error there (exit 3)', async () => {
  for (const argv of [['validate', '--listen', '127.0.0.1:0'], ['plan', '--wait'], ['emulator', '--manifests', 'x']]) {
    const r = await cli(argv);
    assert.equal(r.code, 3, argv.join(' '));
    assert.match(r.err, /^error: /, argv.join(' '));
  }
});

test('I17-D4: --max-deletes and --log-level are checked by one reader: plan, run --once and the daemon say the same', async () => {
  for (const [flag, value, message] of [
    ['--max-deletes', 'all', 'error: --max-deletes must be a whole number of at least 0, not "all"\n'],
    ['--log-level', 'loud', 'error: --log-level must be one of error, warn, info, debug, not "loud"\n'],
  ] as const) {
    for (const argv of [['plan'], ['run', '--once'], ['run']]) {
      const r = await cli([...argv, flag, value, '--manifests', 'test/fixtures/manifests/invalid']);
      assert.equal(r.code, 3, `${argv.join(' ')} ${flag}`);
      assert.equal(r.err, message, `${argv.join(' ')} ${flag}`);
    }
  }
});

test('I17-D4: --cache-poll-interval serves run --once too, from the flag or its documented variable; ECI_ACR_RECONCILER_POLL_MS is gone', async () => {
  const fromFlag = await cli(['run', '--once', '--wait', '--cache-poll-interval', '5ms']);
  assert.equal(fromFlag.code, 3);
  assert.equal(fromFlag.err, 'error: --cache-poll-interval must be a duration of at least 100ms, not "5ms"\n');
  const fromEnv = await cli(['run', '--once', '--wait'], { ECI_ACR_RECONCILER_CACHE_POLL_INTERVAL: 'often' });
  assert.equal(fromEnv.code, 3);
  assert.equal(fromEnv.err, 'error: --cache-poll-interval must be a duration of at least 100ms, not "often"\n');
  const sources = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const readers = sources.filter((f) => readFileSync(join('src', f), 'utf8').includes('ECI_ACR_RECONCILER_POLL_MS'));
  assert.deepEqual(readers, []);
});

test('I17-D4: the daemon settings are read by the same table: run (daemon) rejects --wait and reports bad daemon flags with exit 3', async () => {
  const wait = await cli(['run', '--wait']);
  assert.equal(wait.code, 3);
  assert.match(wait.err, /^error: --wait and --wait-timeout apply to --once/);
  const listen = await cli(['run', '--listen', 'everywhere']);
  assert.equal(listen.err, 'error: --listen must be HOST:PORT, not "everywhere"\n');
});
