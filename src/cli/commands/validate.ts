// `validate`: offline parse, schema check, references, expansion and lints. Exit 3 on any error
// (or any warning with --strict), 0 otherwise.
import { parseArgs } from 'node:util';
import { ExitCode, outputFormat, type Command } from '../io.js';
import { LIMITS_HELP, loadForCli, manifestPaths, maxDiagnosticsFrom, offlineFlags } from '../../manifests/cli-support.js';
import { diagnosticsOutcome, renderDiagnosticsJson, renderDiagnosticsText, summary } from '../../manifests/render.js';
import { isEmulatorMode } from '../../cloud/alibaba/endpoint.js';

const HELP = `usage: eci-acr-reconciler validate [--manifests DIR]... [PATH...] [--output text|json] [--strict]

Checks manifests offline: YAML, schemas, references, AcrPullAccess expansion and lints.
  --manifests DIR   a folder or file (repeatable; default ./manifests)
  --output FORMAT   text (default) or json
  --strict          treat warnings as errors
${LIMITS_HELP}exit codes: 0 valid, 3 invalid (any error, including a file or folder that cannot be read), 1 interrupted
`;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const command: Command = {
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...offlineFlags, strict: { type: 'boolean', default: false } },
    });
    if (values.help) {
      io.stdout(HELP);
      return ExitCode.ok;
    }
    const format = outputFormat(values.output);
    const maxDiagnostics = maxDiagnosticsFrom(values);
    const result = await loadForCli(manifestPaths(values, positionals), io, values, { emulatorMode: isEmulatorMode(values.endpoint, io.env) });
    const { diagnostics, exitCode: invalid } = diagnosticsOutcome(result.diagnostics, values.strict);
    const exitCode = result.interrupted ? ExitCode.failure : invalid;
    if (format === 'json') {
      io.stdout(renderDiagnosticsJson(diagnostics, { maxDiagnostics }));
      return exitCode;
    }
    const text = renderDiagnosticsText(diagnostics, result.sources, { maxDiagnostics });
    if (text !== '') io.stdout(text);
    if (exitCode === ExitCode.ok) io.stdout(`valid: ${plural(result.files.length, 'file')}${diagnostics.length > 0 ? ` (${summary(diagnostics)})` : ''}\n`);
    return exitCode;
  },
};
