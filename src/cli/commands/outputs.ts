// `outputs`: the AcrRegistryInfo parameters and ACK annotations each AcrPullAccess implies.
// Offline: ARNs come from the Account manifests. Invalid manifests → diagnostics on stderr, exit 3.
import { ExitCode, type Command } from '../io.js';
import { loadForCli, manifestPaths, maxDiagnosticsFrom, printDiagnostics } from '../manifest-flags.js';
import { pullAccessOutputs, renderOutputsJson, renderOutputsText } from '../../manifests/outputs.js';
import { isEmulatorMode } from '../../cloud/alibaba/endpoint.js';
import { flagsHelp, tableCommand } from '../settings.js';
import { outputSetting, givenText } from '../setting-values.js';

export const HELP = `usage: eci-acr-reconciler outputs [--manifests DIR]... [PATH...] [--output text|json]

Prints, for each AcrPullAccess, the AcrRegistryInfo.N.* OpenAPI parameters (CreateContainerGroup,
CreateImageCache) and the matching ACK pod annotations. Works offline.
${flagsHelp('outputs')}exit codes: 0 printed, 3 invalid manifests
`;

export const command: Command = tableCommand('outputs', HELP, async ({ values, positionals }, io) => {
  const format = outputSetting(values);
  const result = await loadForCli(manifestPaths(values, positionals), io, values, { emulatorMode: isEmulatorMode(givenText(values, 'endpoint'), io.env) });
  if (result.diagnostics.length > 0 || result.state === undefined) {
    const { exitCode } = printDiagnostics(io, result, { format: 'text', maxDiagnostics: maxDiagnosticsFrom(values) });
    if (exitCode !== ExitCode.ok) return exitCode;
    if (result.state === undefined) return ExitCode.invalidInput;
  }
  const outputs = pullAccessOutputs(result.expansions);
  io.stdout(format === 'json' ? renderOutputsJson(outputs) : renderOutputsText(outputs));
  return ExitCode.ok;
});
