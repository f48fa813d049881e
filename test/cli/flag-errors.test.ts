// Issue 14, finding 5: flag mistakes are answered in one style (`error: unknown flag --x; did you mean
// --y?`, balanced quotes, exit 3), and every command answers -h and --help with every flag it takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main.js';
import { settingsOf, type CommandName } from '../../src/cli/settings.js';
import { captureIo } from '../helpers/io.js';

const COMMANDS: CommandName[] = ['validate', 'plan', 'run', 'emulator', 'outputs'];

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** Quotes come in pairs on every line: no `as in '-- "--manifest"` left open. */
function balanced(text: string): boolean {
  return text.split('\n').every((line) => (line.match(/"/g) ?? []).length % 2 === 0 && (line.match(/(^|\s)'|'(\s|$)/g) ?? []).length % 2 === 0);
}

test('finding 5: validate --manifest X is an unknown flag with "did you mean --manifests?", exit 3', async () => {
  const r = await cli(['validate', '--manifest', 'X']);
  assert.equal(r.code, 3);
  assert.equal(r.err, 'error: unknown flag --manifest; did you mean --manifests? (see validate --help)\n');
  assert.equal(r.out, '');
});

test('finding 5: every kind of flag mistake is one error line in the same style, with balanced quotes', async () => {
  const cases: [string[], string][] = [
    [['plan', '--prun'], 'error: unknown flag --prun; did you mean --prune? (see plan --help)\n'],
    [['run', '--once', '--wiat'], 'error: unknown flag --wiat; did you mean --wait? (see run --help)\n'],
    [['outputs', '--zzz'], 'error: unknown flag --zzz (see outputs --help)\n'],
    [['validate', '-x'], 'error: unknown flag -x (see validate --help)\n'],
    [['validate', '--listen', '127.0.0.1:0'], 'error: validate does not take --listen (it is a flag of run); see validate --help\n'],
    [['validate', '--manifests'], 'error: --manifests needs a value (DIR)\n'],
    [['validate', '--strict=yes'], 'error: --strict takes no value, not "yes"\n'],
    [['emulator', 'extra'], 'error: emulator takes no positional arguments, not "extra"\n'],
  ];
  for (const [argv, expected] of cases) {
    const r = await cli(argv);
    assert.equal(r.code, 3, argv.join(' '));
    assert.equal(r.err, expected, argv.join(' '));
    assert.ok(balanced(r.err), `quotes balanced in: ${r.err}`);
  }
});

for (const command of COMMANDS) {
  test(`finding 5: ${command} -h and ${command} --help print the same help, listing every flag ${command} accepts`, async () => {
    const short = await cli([command, '-h']);
    const long = await cli([command, '--help']);
    assert.equal(short.code, 0, short.err);
    assert.equal(long.code, 0, long.err);
    assert.equal(short.out, long.out);
    for (const s of settingsOf(command)) assert.match(long.out, new RegExp(`^ {2}--${s.flag}\\b`, 'm'), `${command} --help lists --${s.flag}`);
  });
}
