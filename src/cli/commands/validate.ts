// `validate`: offline parse, schema check, references, expansion and lints. Exit 3 on any error
// (or any warning with --strict), 0 otherwise.
import { ExitCode, type Command } from '../io.js';
import { diagnosticsExitCode, loadForCli, manifestPaths, maxDiagnosticsFrom } from '../manifest-flags.js';
import { diagnosticsOutcome, renderDiagnosticsJson, renderDiagnosticsText, summary } from '../../manifests/render.js';
import { isEmulatorMode } from '../../cloud/alibaba/endpoint.js';
import { flagsHelp, tableCommand } from '../settings.js';
import { flagOn, outputSetting, givenText } from '../setting-values.js';

export const HELP = `usage: eci-acr-reconciler validate [--manifests DIR]... [PATH...] [--output text|json] [--strict]

Checks manifests offline: YAML, schemas, references, AcrPullAccess expansion and lints.
--endpoint and --log-level are accepted (so one command line serves validate, plan and run);
a loopback --endpoint turns on emulator mode, as for plan and run.
${flagsHelp('validate')}exit codes: 0 valid, 3 invalid (any error, including a file or folder that cannot be read), 1 interrupted
`;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const command: Command = tableCommand('validate', HELP, async ({ values, positionals }, io) => {
  const format = outputSetting(values);
  const maxDiagnostics = maxDiagnosticsFrom(values);
  const result = await loadForCli(manifestPaths(values, positionals), io, values, { emulatorMode: isEmulatorMode(givenText(values, 'endpoint'), io.env) });
  const { diagnostics, invalid } = diagnosticsOutcome(result.diagnostics, flagOn(values, 'strict'));
  const exitCode = diagnosticsExitCode(invalid, result.interrupted);
  if (format === 'json') {
    io.stdout(renderDiagnosticsJson(diagnostics, { maxDiagnostics }));
    return exitCode;
  }
  const text = renderDiagnosticsText(diagnostics, result.sources, { maxDiagnostics });
  if (text !== '') io.stdout(text);
  if (exitCode === ExitCode.ok) io.stdout(`valid: ${plural(result.files.length, 'file')}${diagnostics.length > 0 ? ` (${summary(diagnostics)})` : ''}\n`);
  return exitCode;
});
