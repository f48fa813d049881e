import type { CliIo } from '../../src/cli/io.js';

/** A CliIo that records output, for driving commands in-process. */
export function captureIo(overrides: Partial<CliIo> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: {},
    cwd: process.cwd(),
    isTty: false,
    signal: new AbortController().signal,
    ...overrides,
    out: () => out,
    err: () => err,
  };
}
