// Reading and writing saved plan files (the format and its checks are src/plan/saved.ts). Paths are
// relative to the CLI's cwd. A missing or damaged file is a usage error (exit 3): nothing was decided.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSavedPlan, type SavedPlan } from '../plan/saved.js';
import { UsageError, type CliIo } from './io.js';

export function readSavedPlan(file: string, io: CliIo): SavedPlan {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`--plan ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const parsed = parseSavedPlan(text);
  if ('error' in parsed) throw new UsageError(`--plan ${file} ${parsed.error}`);
  return parsed.saved;
}

/** Written whole or not at all (a temporary file renamed over it), so a CI artifact is never half a plan. */
export function writeSavedPlan(file: string, saved: SavedPlan, io: CliIo): void {
  const path = resolve(io.cwd, file);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    throw new UsageError(`--out ${file}: cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
