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

/**
 * A user mistake in flags, config or manifests: runCli prints each line of the message as
 * `error: …` (indented lines as they are) (nothing when `reported`: diagnostics already said it) and exits 3, never with a
 * stack trace. The CLI's one error style for invalid input.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly reported = false,
  ) {
    super(message);
  }
}

/** A command stopped by SIGTERM/SIGINT before it decided anything (already reported): exit 1. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}
