// `plan`: read the live state, print the diff, change nothing. Exit 0 in sync, 2 changes pending
// (with --detailed-exitcode; 0 without), 1 a cloud failure, an account that failed pinning, a
// conflict with an unmanaged resource, or a refused prune; 3 invalid manifests or flags.
// Also the shared preparation of `plan` and `run --once`: flags, manifests, provider.
import { parseArgs } from 'node:util';
import { createAlibabaProvider } from '../../cloud/alibaba/index.js';
import { CloudError, type CloudProvider } from '../../cloud/provider.js';
import { observe } from '../../engine/observe.js';
import { LIMITS_HELP, loadForCli, manifestPaths, manifestsOption, maxDiagnosticsFrom, printDiagnostics } from '../../manifests/cli-support.js';
import type { DesiredState } from '../../model/desired.js';
import { DEFAULT_MAX_DELETES, hasChanges, plan } from '../../plan/plan.js';
import { renderPlanJson } from '../../plan/render-json.js';
import { renderPlanText } from '../../plan/render-text.js';
import { systemClock, type Clock } from '../../runtime/clock.js';
import { ExitCode, outputFormat, UsageError, type CliIo, type Command } from '../io.js';
import { missingCredentialVariables } from '../preflight.js';
import { isEmulatorMode } from '../../cloud/alibaba/endpoint.js';
import { digestLoad, type ReadOptions } from '../confirm-prune.js';
import type { DigestedRead } from '../../manifests/digest.js';

const HELP = `usage: eci-acr-reconciler plan [--manifests DIR]... [--output text|json] [--detailed-exitcode] [--prune] [--max-deletes N]

Reads the live state and prints what \`run --once\` would change. Changes nothing.
  --manifests DIR       a folder or file (repeatable; default ./manifests)
  --output FORMAT       text (default) or json (schema: docs/reconciler.md, formatVersion 1)
  --detailed-exitcode   exit 2 when there are changes, 0 when in sync
  --prune               include deletions of owned resources that left the manifests
  --max-deletes N       the prune guard's limit (default ${DEFAULT_MAX_DELETES})
  --endpoint URL        send every OpenAPI call to URL (env ECI_ACR_RECONCILER_ENDPOINT)
  --log-level LEVEL     error | warn | info | debug
${LIMITS_HELP}exit codes: 0 in sync (or changes without --detailed-exitcode), 2 changes pending, 1 cloud failure, 3 invalid input
`;

export const commonFlags = {
  ...manifestsOption,
  output: { type: 'string', default: 'text' },
  'detailed-exitcode': { type: 'boolean', default: false },
  prune: { type: 'boolean', default: false },
  'max-deletes': { type: 'string' },
  endpoint: { type: 'string' },
  'log-level': { type: 'string', default: 'warn' },
  help: { type: 'boolean', default: false },
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;
const LEVELS = ['error', 'warn', 'info', 'debug'];

export interface Prepared {
  state: DesiredState;
  provider: CloudProvider;
  clock: Clock;
  prune: boolean;
  maxDeletes: number;
  pollIntervalMs: number;
  log: (level: string, message: string) => void;
  /** The manifest paths, the digests of the files this state was read from, and when. */
  paths: string[];
  readOptions: ReadOptions;
  read: DigestedRead;
  readAt: number;
}

/** Flags → manifests → provider; a number is the exit code to return (invalid input). */
export async function prepare(values: Values, positionals: string[], io: CliIo): Promise<Prepared | number> {
  const level = String(values['log-level'] ?? 'warn');
  if (!LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LEVELS.join(', ')}, not "${level}"`);
  const maxDeletes = values['max-deletes'] === undefined ? DEFAULT_MAX_DELETES : Number(values['max-deletes']);
  if (!Number.isInteger(maxDeletes) || maxDeletes < 0) throw new UsageError(`--max-deletes must be a whole number, not "${values['max-deletes']}"`);
  const paths = manifestPaths({ manifests: values.manifests as string[] | undefined }, positionals);
  const limits = values as Record<string, string | undefined>;
  const maxDiagnostics = maxDiagnosticsFrom(limits);
  const emulatorMode = isEmulatorMode(values.endpoint as string | undefined, io.env);
  const loaded = await loadForCli(paths, io, limits, { emulatorMode });
  if (loaded.diagnostics.length > 0) {
    const { exitCode } = printDiagnostics(io, loaded, { stream: 'stderr', maxDiagnostics });
    if (exitCode !== ExitCode.ok) return exitCode;
  }
  // Invalid manifests never reach the cloud, so they can never cause a write or a deletion.
  if (!loaded.state) return ExitCode.invalidInput;
  const missing = missingCredentialVariables(loaded.state.accounts, io.env);
  if (missing.length > 0) {
    for (const line of missing) io.stderr(`error: ${line}\n`);
    return ExitCode.invalidInput;
  }
  const log = (at: string, message: string) => {
    if (LEVELS.indexOf(at) <= LEVELS.indexOf(level)) io.stderr(`${at}: ${message}\n`);
  };
  try {
    const endpoint = typeof values.endpoint === 'string' ? values.endpoint : undefined;
    const provider = createAlibabaProvider({
      accounts: loaded.state.accounts,
      ...(endpoint ? { endpoint } : {}),
      env: io.env,
      clock: systemClock,
      signal: io.signal,
      // A CI run should survive a throttling storm: 8 attempts per call (0.3^8 ≈ 7e-5 at 30% faults).
      retry: { attempts: 8 },
      onRetry: (n) => log('debug', `retrying ${JSON.stringify(n)}`),
    });
    const pollIntervalMs = Number(io.env['ECI_ACR_RECONCILER_POLL_MS'] ?? 1000) || 1000;
    const read = { paths, readOptions: { limits, emulatorMode }, read: digestLoad(loaded, io), readAt: systemClock.now() };
    return { state: loaded.state, provider, clock: systemClock, prune: values.prune === true, maxDeletes, pollIntervalMs, log, ...read };
  } catch (error) {
    if (!(error instanceof CloudError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return ExitCode.invalidInput;
  }
}

export const command: Command = {
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: commonFlags });
    if (values.help) {
      io.stdout(HELP);
      return ExitCode.ok;
    }
    outputFormat(values.output);
    const prepared = await prepare(values, positionals, io);
    if (typeof prepared === 'number') return prepared;
    return printPlan(prepared, values, io);
  },
};

export async function printPlan(p: Prepared, values: Values, io: CliIo): Promise<number> {
  const observed = await observe(p.state, p.provider, { prune: p.prune });
  const result = plan(p.state, observed, { prune: p.prune, maxDeletes: p.maxDeletes });
  if (values.output === 'json') renderPlanJson(result, io.stdout);
  else renderPlanText(result, io.stdout);
  const broken = result.refused !== undefined || result.diffs.some((d) => d.action === 'error' || d.action === 'conflict');
  if (broken) return ExitCode.failure;
  return values['detailed-exitcode'] && hasChanges(result) ? ExitCode.changesPending : ExitCode.ok;
}
