// `doctor`: "why can ECI not pull this image?", answered from live state. Reads only: RAM roles and
// policies, ACR instances, repositories and tags, and (with --image-cache) the cache. Exit 0 when
// every image is pullable, 1 when one is not or a link could not be read, 3 on invalid input.
import { createAlibabaProvider } from '../../cloud/alibaba/index.js';
import { isEmulatorMode } from '../../cloud/alibaba/endpoint.js';
import { CloudError } from '../../cloud/provider.js';
import { liveFacts, type AccountReaders } from '../../doctor/facts.js';
import { renderDoctorJson, renderDoctorText } from '../../doctor/render.js';
import { buildReport, isPullable } from '../../doctor/report.js';
import { diagnoseImage } from '../../doctor/walk.js';
import type { DesiredState } from '../../model/desired.js';
import { systemClock } from '../../runtime/clock.js';
import { acrReaderOf } from '../doctor/acr-reader.js';
import { doctorInput } from '../doctor/inputs.js';
import { ExitCode, InterruptedError, UsageError, type CliIo } from '../io.js';
import { loadForCli, manifestPaths, maxDiagnosticsFrom, printDiagnostics } from '../manifest-flags.js';
import { missingCredentialVariables } from '../preflight.js';
import { flagsHelp, tableCommand, type Values } from '../settings.js';
import { givenText, outputSetting } from '../setting-values.js';

export const HELP = `usage: eci-acr-reconciler doctor IMAGE... --account NAME [--arn-service ARN] [--arn-user ARN] [--instance-id ID] [--registry-region REGION]
       eci-acr-reconciler doctor --pod FILE --account NAME
       eci-acr-reconciler doctor --image-cache ID --account NAME [--region REGION]
       eci-acr-reconciler doctor --access NAME [IMAGE...]

Walks the chain ECI walks to pull each image (registry, AcrRegistryInfo, roles, trust, policies,
repository, tag), reading live state only, and prints each link with what it read. The first broken
link gets a fix: an AcrPullAccess manifest and the exact AcrRegistryInfo parameters. Never writes.
Credentials: the Account manifests of --manifests (docs/doctor-ram-policy.json lists the rights it needs).
${flagsHelp('doctor')}exit codes: 0 pullable, 1 not pullable or a link could not be read, 3 invalid input
`;

async function loadState(values: Values, io: CliIo) {
  const emulatorMode = isEmulatorMode(givenText(values, 'endpoint'), io.env);
  const loaded = await loadForCli(manifestPaths(values), io, values, { emulatorMode });
  if (loaded.diagnostics.length > 0) {
    const { exitCode } = printDiagnostics(io, loaded, { stream: 'stderr', maxDiagnostics: maxDiagnosticsFrom(values) });
    if (exitCode === ExitCode.failure) throw new InterruptedError('interrupted while reading the manifests');
    if (exitCode !== ExitCode.ok) throw new UsageError('invalid manifests', true);
  }
  if (!loaded.state) throw new UsageError('invalid manifests', true);
  const missing = missingCredentialVariables(loaded.state.accounts, io.env);
  if (missing.length > 0) throw new UsageError(missing.join('\n'));
  return { ...loaded, state: loaded.state };
}

function providerFor(state: DesiredState, values: Values, io: CliIo) {
  const endpoint = givenText(values, 'endpoint');
  try {
    return createAlibabaProvider({ accounts: state.accounts, ...(endpoint ? { endpoint } : {}), env: io.env, clock: systemClock, signal: io.signal, retry: { attempts: 4 } });
  } catch (error) {
    if (error instanceof CloudError) throw new UsageError(error.message);
    throw error;
  }
}

export const command = tableCommand('doctor', HELP, async ({ values, positionals }, io) => {
  try {
    return await doctor(values, positionals, io);
  } catch (error) {
    // A cloud failure outside the walk (reading the --image-cache): its redacted message, exit 1.
    if (!(error instanceof CloudError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return ExitCode.failure;
  }
});

async function doctor(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const format = outputSetting(values);
  const loaded = await loadState(values, io);
  const provider = providerFor(loaded.state, values, io);
  const input = await doctorInput(values, positionals, loaded, provider, io);
  const readers: AccountReaders[] = loaded.state.accounts.map((a) => {
    const acr = acrReaderOf(provider, a.name);
    return { accountId: a.accountId, regionId: a.regionId, ram: provider.readOnly(a.name), ...(acr ? { acr } : {}) };
  });
  const facts = liveFacts(readers);
  const diagnoses = [];
  for (const image of input.images) {
    diagnoses.push(await diagnoseImage({ image, eciAccountId: input.account.accountId, regionId: input.regionId, entries: input.entries }, facts));
  }
  const accountName = (id: string) => loaded.state.accounts.find((a) => a.accountId === id)?.name;
  const report = buildReport(diagnoses, input.entries, { eciAccountId: input.account.accountId, regionId: input.regionId, accountName, takenNames: new Set(loaded.expansions.map((e) => e.name)) }, input.cache);
  if (format === 'json') renderDoctorJson(report, io.stdout);
  else renderDoctorText(report, io.stdout);
  return isPullable(report) ? ExitCode.ok : ExitCode.failure;
}
