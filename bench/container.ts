// The benchmark measures the reconciler as the container runs it, so its NODE_OPTIONS (the heap cap
// that keeps the daemon's RSS under budget) are read from the Dockerfile rather than restated here.
import { readFileSync } from 'node:fs';

export function containerNodeOptions(dockerfile = new URL('../Dockerfile', import.meta.url)): string | undefined {
  const match = /^\s*(?:ENV\s+)?NODE_OPTIONS=(?:"([^"]*)"|(\S+))/m.exec(readFileSync(dockerfile, 'utf8'));
  return match ? (match[1] ?? match[2]) : undefined;
}
