// The loader's only window on the filesystem, so tests can hand it an in-memory tree and the
// daemon can reuse the real one.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';

export interface ManifestFs {
  /** Follows symlinks; undefined when the path does not exist (or is a dangling link). */
  stat(path: string): { isFile: boolean; isDirectory: boolean } | undefined;
  readdir(path: string): string[];
  readFile(path: string): string;
  /** Canonical path (symlinks resolved), used to load a file reached twice only once. */
  realpath(path: string): string;
}

export const nodeFs: ManifestFs = {
  stat(path) {
    try {
      const s = statSync(path);
      return { isFile: s.isFile(), isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  },
  readdir: (path) => readdirSync(path),
  readFile: (path) => readFileSync(path, 'utf8'),
  realpath: (path) => realpathSync(path),
};
