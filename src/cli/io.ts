// The CLI core takes its IO as a parameter so tests drive commands without a child process.
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when stdout is a terminal: selects human-readable log output. */
  isTty: boolean;
  /** Aborted on SIGTERM/SIGINT by the process entry point; never aborted in most tests. */
  signal: AbortSignal;
}

export const ExitCode = {
  ok: 0,
  failure: 1,
  changesPending: 2,
  invalidInput: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A command's name and one-line summary live in main.ts's table, which lists commands without loading them. */
export interface Command {
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A user mistake in flags or config: printed as one line, exit 3, never a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The `--output` flag of plan, validate and outputs: text or json, anything else a usage error. */
export function outputFormat(value: unknown): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new UsageError(`--output must be text or json, not "${String(value)}"`);
  return value;
}
