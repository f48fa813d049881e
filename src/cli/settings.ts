// Every flag of every command, written once: its type, default, environment variable, help text
// and the commands that take it. The commands' parseArgs options, their --help lines and the
// README's settings table are all generated from this list (test/cli/settings.test.ts holds the
// three together), so a flag cannot be documented in one place and parsed differently in another.
// Values are checked by the readers in setting-values.ts, which throw UsageError (exit 3).
import { parseArgs } from 'node:util';
import { ExitCode, UsageError, type CliIo, type Command } from './io.js';
import { closest, orList } from '../runtime/did-you-mean.js';
import { DEFAULT_LIMITS, DEFAULT_MAX_DIAGNOSTICS } from '../manifests/limits.js';
import { DEFAULT_MAX_DELETES } from '../plan/plan.js';
import { logLevels } from '../runtime/logger.js';

export type CommandName = 'validate' | 'plan' | 'run' | 'emulator' | 'outputs' | 'doctor';

export interface Setting {
  flag: string;
  type: 'string' | 'boolean';
  multiple?: true;
  /** The placeholder of the value in help: DIR, N, DUR. */
  value?: string;
  /** As shown to people; the readers apply it. */
  default?: string;
  /** `run` without --once, when it differs from `default`. */
  daemonDefault?: string;
  /** The environment variable read when the flag is not given. */
  env?: string;
  help: string;
  commands: readonly CommandName[];
  /** Only `run` without --once uses it (listed under "daemon" in `run --help`). */
  daemonOnly?: true;
}

const MANIFEST_COMMANDS = ['validate', 'plan', 'run', 'outputs', 'doctor'] as const;
const CLOUD_COMMANDS = ['plan', 'run'] as const;

export const SETTINGS: readonly Setting[] = [
  { flag: 'manifests', type: 'string', multiple: true, value: 'DIR', default: './manifests', help: 'a folder or file of manifests (repeatable; also as positional arguments)', commands: MANIFEST_COMMANDS },
  { flag: 'output', type: 'string', value: 'FORMAT', default: 'text', help: 'text or json (plan json schema: docs/reconciler.md, formatVersion 1); plan also markdown, for a pull-request comment', commands: ['validate', 'plan', 'run', 'outputs', 'doctor'] },
  { flag: 'strict', type: 'boolean', help: 'treat warnings as errors', commands: ['validate'] },
  { flag: 'detailed-exitcode', type: 'boolean', help: 'exit 2 when there are changes, 0 when in sync', commands: CLOUD_COMMANDS },
  { flag: 'once', type: 'boolean', help: 'one full pass and exit (without it: the long-running daemon)', commands: ['run'] },
  { flag: 'dry-run', type: 'boolean', help: 'print the plan, change nothing (same as `plan`)', commands: ['run'] },
  { flag: 'prune', type: 'boolean', help: 'delete owned resources that left the manifests (guarded; plan: show those deletions)', commands: CLOUD_COMMANDS },
  {
    flag: 'prune-confirm',
    type: 'string',
    value: 'DUR',
    default: '2s',
    daemonDefault: '30s',
    help: 'with --prune, delete only what two reads of unchanged manifest files at least DUR apart no longer declare (0s turns it off)',
    commands: ['run'],
  },
  { flag: 'max-deletes', type: 'string', value: 'N', default: String(DEFAULT_MAX_DELETES), help: 'refuse a pass that would delete more than N resources', commands: CLOUD_COMMANDS },
  { flag: 'out', type: 'string', value: 'FILE', help: 'also save the plan to FILE, for `run --once --plan FILE` (format: docs/reconciler.md)', commands: ['plan'] },
  {
    flag: 'plan',
    type: 'string',
    value: 'FILE',
    help: 'a plan saved by `plan --out`: plan renders it; run --once applies exactly its steps, and refuses (exit 1, nothing written) when the manifests or a planned resource changed since',
    commands: CLOUD_COMMANDS,
  },
  { flag: 'target', type: 'string', multiple: true, value: 'KIND/NAME', help: 'only this manifest (RamRole, RamPolicy, ImageCache or AcrPullAccess) and what it needs; the plan says it is partial (repeatable)', commands: CLOUD_COMMANDS },
  { flag: 'wait', type: 'boolean', help: 'wait for image caches to become Ready (or Failed); --once only', commands: ['run'] },
  { flag: 'wait-timeout', type: 'string', value: 'DUR', default: '10m', help: 'how long --wait waits', commands: ['run'] },
  {
    flag: 'cache-poll-interval',
    type: 'string',
    value: 'DUR',
    default: '1s',
    daemonDefault: '10s',
    env: 'ECI_ACR_RECONCILER_CACHE_POLL_INTERVAL',
    help: 'how often a Creating/Updating image cache is looked at (--once --wait, and the daemon)',
    commands: ['run'],
  },
  { flag: 'endpoint', type: 'string', value: 'URL', env: 'ECI_ACR_RECONCILER_ENDPOINT', help: 'send every OpenAPI call to URL, e.g. the emulator at 127.0.0.1:PORT', commands: MANIFEST_COMMANDS },
  { flag: 'log-level', type: 'string', value: 'LEVEL', default: 'warn', daemonDefault: 'info', help: logLevels.join(' | '), commands: MANIFEST_COMMANDS },
  { flag: 'max-file-size', type: 'string', value: 'SIZE', default: `${DEFAULT_LIMITS.maxFileBytes / 1024 / 1024}MiB`, help: 'refuse a manifest file larger than SIZE (bytes, or KiB/MiB/GiB)', commands: MANIFEST_COMMANDS },
  { flag: 'max-total-size', type: 'string', value: 'SIZE', default: `${DEFAULT_LIMITS.maxTotalBytes / 1024 / 1024}MiB`, help: 'refuse manifests larger than SIZE together', commands: MANIFEST_COMMANDS },
  { flag: 'max-depth', type: 'string', value: 'N', default: String(DEFAULT_LIMITS.maxDepth), help: 'refuse a document nested deeper than N levels', commands: MANIFEST_COMMANDS },
  { flag: 'allow-unknown-regions', type: 'boolean', help: 'a regionId missing from Alibaba\'s list of public regions (src/manifests/data/regions.ts) is a warning, not an error: for a region opened since', commands: MANIFEST_COMMANDS },
  { flag: 'max-diagnostics', type: 'string', value: 'N', default: String(DEFAULT_MAX_DIAGNOSTICS), help: 'print at most N diagnostics and count the rest (0: all)', commands: MANIFEST_COMMANDS },
  { flag: 'listen', type: 'string', value: 'HOST:PORT', default: '127.0.0.1:8080', help: 'health, readiness, metrics and status server', commands: ['run'], daemonOnly: true },
  { flag: 'resync', type: 'string', value: 'DUR', default: '30s', help: 'periodic pass that corrects drift, jittered ±10%: incremental (list pages, then only what they show moved)', commands: ['run'], daemonOnly: true },
  { flag: 'deep-resync', type: 'string', value: 'DUR', default: '1h', help: 'a resync at least DUR after the last deep pass reads everything in detail (also on start); 0s: every pass', commands: ['run'], daemonOnly: true },
  { flag: 'shutdown-timeout', type: 'string', value: 'DUR', default: '20s', help: 'after SIGTERM, how long in-flight calls may finish', commands: ['run'], daemonOnly: true },
  { flag: 'concurrency', type: 'string', value: 'N', default: '4', help: 'resources reconciled at once by per-resource retries (1 to 64)', commands: ['run'], daemonOnly: true },
  {
    flag: 'liveness-timeout',
    type: 'string',
    value: 'DUR',
    default: '5m',
    help: '/healthz fails when the work loop has work and has not moved (no key taken or finished, no cloud call answered) for DUR',
    commands: ['run'],
    daemonOnly: true,
  },
  { flag: 'admin-token-file', type: 'string', value: 'FILE', help: 'turn on POST /reconcile, authorised by `Authorization: Bearer <the token in FILE>` (without it: 404)', commands: ['run'], daemonOnly: true },
  {
    flag: 'notify-url',
    type: 'string',
    multiple: true,
    value: 'URL',
    env: 'ECI_ACR_RECONCILER_NOTIFY_URL',
    help: 'POST an event to URL on a failed reconcile, a drift corrected, a refused prune, invalid or valid-again manifests, failing credentials (repeatable; the variable holds one URL)',
    commands: ['run'],
    daemonOnly: true,
  },
  { flag: 'notify-format', type: 'string', value: 'FORMAT', default: 'json', help: 'json (the event) or slack (an incoming-webhook message)', commands: ['run'], daemonOnly: true },
  { flag: 'notify-reminder', type: 'string', value: 'DUR', default: '1h', help: 'notify a problem again while it lasts, every DUR (0s: never)', commands: ['run'], daemonOnly: true },
  { flag: 'notify-timeout', type: 'string', value: 'DUR', default: '10s', help: 'timeout of one notification request (failed ones are retried with backoff)', commands: ['run'], daemonOnly: true },
  { flag: 'notify-queue', type: 'string', value: 'N', default: '100', help: 'notifications kept per receiver while it is down; beyond, the oldest is dropped', commands: ['run'], daemonOnly: true },
  {
    flag: 'background-quota-share',
    type: 'string',
    value: 'PERCENT',
    default: '25%',
    help: "the share of each account's per-service rate limit that background reads (resyncs, cache polls) may use; manifest edits, start-up and drift corrections use the full limit. An Account's spec.backgroundQuotaShare (and spec.rateLimits) overrides it for that account",
    commands: ['run'],
    daemonOnly: true,
  },
  {
    flag: 'leader-elect',
    type: 'boolean',
    env: 'ECI_ACR_RECONCILER_LEADER_ELECT',
    help: 'only the holder of a coordination.k8s.io/v1 Lease reconciles; the others stand by (default: on in Kubernetes, i.e. KUBERNETES_SERVICE_HOST and a service-account token, off elsewhere; the variable set to true or false decides instead)',
    commands: ['run'],
    daemonOnly: true,
  },
  { flag: 'leader-elect-lease', type: 'string', value: 'NAME', default: 'eci-acr-reconciler', help: 'the Lease replicas of one manifest set share', commands: ['run'], daemonOnly: true },
  {
    flag: 'leader-elect-namespace',
    type: 'string',
    value: 'NS',
    env: 'POD_NAMESPACE',
    help: "the Lease's namespace (default: the pod's, from its service account; else the kubeconfig context's; else default)",
    commands: ['run'],
    daemonOnly: true,
  },
  { flag: 'leader-elect-identity', type: 'string', value: 'ID', env: 'POD_NAME', help: 'this replica in the Lease (default: host name plus a random suffix)', commands: ['run'], daemonOnly: true },
  { flag: 'lease-duration', type: 'string', value: 'DUR', default: '15s', help: 'how long a Lease not renewed stays its holder\'s (whole seconds)', commands: ['run'], daemonOnly: true },
  { flag: 'renew-deadline', type: 'string', value: 'DUR', default: '10s', help: 'the leader stops writing when it has not renewed within this (plus --retry-period: less than --lease-duration)', commands: ['run'], daemonOnly: true },
  { flag: 'retry-period', type: 'string', value: 'DUR', default: '2s', help: 'between attempts to acquire or renew the Lease', commands: ['run'], daemonOnly: true },
  { flag: 'port', type: 'string', value: 'N', default: '0', help: 'port to listen on (0: a free port)', commands: ['emulator'] },
  { flag: 'seed', type: 'string', value: 'FILE', default: 'seeds/demo-seed.yaml', help: 'seed YAML (default: the built-in demo seed)', commands: ['emulator'] },
  { flag: 'host', type: 'string', value: 'ADDR', default: '127.0.0.1', help: 'address to bind', commands: ['emulator'] },
  {
    flag: 'tls',
    type: 'boolean',
    help: 'serve HTTPS with a CA and certificate (127.0.0.1, ::1, localhost) made at start; the listening line names the CA file: "listening on https://HOST:PORT (CA: FILE)" (point NODE_EXTRA_CA_CERTS at it)',
    commands: ['emulator'],
  },
  { flag: 'tls-ca-file', type: 'string', value: 'FILE', help: 'where --tls writes the CA certificate (default: a file in the temp directory)', commands: ['emulator'] },
  { flag: 'tls-cert', type: 'string', value: 'FILE', help: 'serve HTTPS with this PEM certificate (with --tls-key)', commands: ['emulator'] },
  { flag: 'tls-key', type: 'string', value: 'FILE', help: 'the PEM private key of --tls-cert', commands: ['emulator'] },
  { flag: 'account', type: 'string', value: 'NAME', help: 'the Account manifest ECI runs in (its credentials and default region)', commands: ['doctor'] },
  { flag: 'region', type: 'string', value: 'REGION', help: 'the ECI region (default: the account\'s regionId)', commands: ['doctor'] },
  { flag: 'arn-service', type: 'string', value: 'ARN', help: 'AcrRegistryInfo ArnService: the role ECI assumes in its own account', commands: ['doctor'] },
  { flag: 'arn-user', type: 'string', value: 'ARN', help: 'AcrRegistryInfo ArnUser: the role in the registry\'s account', commands: ['doctor'] },
  { flag: 'instance-id', type: 'string', value: 'ID', help: 'AcrRegistryInfo InstanceId: the ACR Enterprise instance (cri-…)', commands: ['doctor'] },
  { flag: 'registry-region', type: 'string', value: 'REGION', help: 'AcrRegistryInfo RegionId: the instance\'s region, when it differs from ECI\'s', commands: ['doctor'] },
  { flag: 'pod', type: 'string', value: 'FILE', help: 'a Pod or Deployment YAML: its images and ACK annotations k8s.aliyun.com/acr-*', commands: ['doctor'] },
  { flag: 'image-cache', type: 'string', value: 'ID', help: 'a live image cache (imc-…): its images and latest events', commands: ['doctor'] },
  { flag: 'access', type: 'string', value: 'NAME', help: 'an AcrPullAccess of the manifests, checked as deployed', commands: ['doctor'] },
  { flag: 'help', type: 'boolean', help: 'show this help (also -h)', commands: ['validate', 'plan', 'run', 'emulator', 'outputs', 'doctor'] },
];

export type Values = Record<string, string | boolean | string[] | undefined>;

export function settingsOf(command: CommandName): Setting[] {
  return SETTINGS.filter((s) => s.commands.includes(command));
}

export function setting(flag: string): Setting {
  const found = SETTINGS.find((s) => s.flag === flag);
  if (!found) throw new Error(`no setting --${flag}`);
  return found;
}

type ParseOptions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** `-h` is the one short flag: every command answers it like --help. */
const SHORT_FLAGS: Record<string, string> = { help: 'h' };

/** node:util parseArgs options for one command; defaults are applied by the readers, not here. */
export function parseOptions(command: CommandName): ParseOptions {
  return Object.fromEntries(
    settingsOf(command).map((s) => [s.flag, { type: s.type, ...(s.multiple ? { multiple: true } : {}), ...(SHORT_FLAGS[s.flag] ? { short: SHORT_FLAGS[s.flag] } : {}) }]),
  );
}

/**
 * A command's arguments. Every mistake is a UsageError (exit 3) in one style, checked here from the
 * tokens before node:util's strict parse, whose own messages quote unevenly and suggest nothing.
 */
export function parseCommandArgs(command: CommandName, argv: string[], positionals = command !== 'emulator'): { values: Values; positionals: string[] } {
  const options = parseOptions(command);
  const { tokens } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') break;
    const problem = token.kind === 'option' ? flagProblem(command, token) : positionals ? undefined : `${command} takes no positional arguments, not "${token.value}"`;
    if (problem !== undefined) throw new UsageError(problem);
  }
  const parsed = parseArgs({ args: argv, allowPositionals: positionals, strict: true, options });
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

/** What is wrong with one flag as given: unknown here (with the nearest flag), a missing or unwanted value. */
function flagProblem(command: CommandName, token: { name: string; rawName: string; value?: string | undefined; inlineValue?: boolean | undefined }): string | undefined {
  const own = settingsOf(command).find((s) => s.flag === token.name && (token.rawName === `--${s.flag}` || token.rawName === `-${SHORT_FLAGS[s.flag]}`));
  if (own === undefined) return unknownFlag(command, token.rawName);
  if (own.type === 'string' && token.value === undefined) return `--${own.flag} needs a value${own.value ? ` (${own.value})` : ''}`;
  if (own.type === 'boolean' && token.inlineValue) return `--${own.flag} takes no value, not "${token.value ?? ''}"`;
  return undefined;
}

function unknownFlag(command: CommandName, raw: string): string {
  const name = raw.replace(/^-+/, '');
  const elsewhere = SETTINGS.find((s) => s.flag === name);
  if (elsewhere) return `${command} does not take --${name} (it is a flag of ${elsewhere.commands.join(', ')}); see ${command} --help`;
  const near = closest(name, settingsOf(command).map((s) => s.flag), Math.max(2, Math.floor(name.length / 4))).map((f) => `--${f}`);
  return `unknown flag ${raw}${near.length > 0 ? `; did you mean ${orList(near)}?` : ''} (see ${command} --help)`;
}

/** A command whose flags are its rows of the table: parses them, answers --help, then runs `body`. */
export function tableCommand(name: CommandName, help: string, body: (args: { values: Values; positionals: string[] }, io: CliIo) => Promise<number>): Command {
  return {
    async run(argv, io) {
      const args = parseCommandArgs(name, argv);
      if (args.values['help'] === true) {
        io.stdout(help);
        return ExitCode.ok;
      }
      return body(args, io);
    },
  };
}

function defaults(s: Setting): string {
  if (s.default === undefined) return '';
  return s.daemonDefault === undefined ? `default ${s.default}` : `default ${s.default}; daemon: ${s.daemonDefault}`;
}

/** One help line (wrapped by the terminal): `--flag VALUE   help (default X; env VAR)`. */
export function helpLine(s: Setting): string {
  const name = `--${s.flag}${s.value ? ` ${s.value}` : ''}`;
  const notes = [defaults(s), s.env ? `env ${s.env}` : ''].filter((n) => n !== '').join('; ');
  return `  ${name.padEnd(26)} ${s.help}${notes ? ` (${notes})` : ''}`;
}

/** The flag lines of a command's --help; `run` lists its daemon-only flags apart. */
export function flagsHelp(command: CommandName): string {
  const all = settingsOf(command);
  const lines = ['', 'flags:', ...all.filter((s) => !s.daemonOnly).map(helpLine)];
  const daemon = all.filter((s) => s.daemonOnly);
  if (daemon.length > 0) lines.push('', 'daemon (run without --once):', ...daemon.map(helpLine));
  return `${lines.join('\n')}\n\n`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The README's settings table (one row per flag, every command). */
export function settingsTable(): string {
  const rows = SETTINGS.map((s) => {
    const name = `\`--${s.flag}${s.value ? ` ${s.value}` : ''}\``;
    const def = s.default === undefined ? '—' : `\`${s.default}\`${s.daemonDefault ? ` (daemon: \`${s.daemonDefault}\`)` : ''}`;
    const commands = s.commands.join(', ') + (s.daemonOnly ? ' (daemon)' : '');
    return `| ${name} | ${commands} | ${def} | ${s.env ? `\`${s.env}\`` : '—'} | ${cell(s.help)} |`;
  });
  return ['| flag | commands | default | environment | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}
