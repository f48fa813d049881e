// The loader's only window on the filesystem, so tests can hand it an in-memory tree (or one that
// fails the way a real one does: EACCES, ENOENT, a file that keeps growing) and the daemon can reuse
// the real one. Every method throws the system error it met (with its `code`): the loader, not the
// filesystem layer, decides that a failure is an error diagnostic — never a silently smaller set.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

export type EntryKind = 'file' | 'directory' | 'other';

export interface EntryStat {
  kind: EntryKind;
  /** Bytes, for regular files. */
  size: number;
}

export interface ManifestFs {
  /** Follows symlinks. Throws ENOENT for a missing path or a dangling symlink, EACCES, ELOOP, … */
  stat(path: string): EntryStat;
  /** Entry names; throws when the folder cannot be listed (EACCES). */
  readdir(path: string): string[];
  /**
   * The bytes of a regular file, at most `maxBytes`: throws FileTooLargeError as soon as more are
   * there (a file that grows while it is read, or a device), NotRegularFileError for a FIFO, socket
   * or device, so nothing blocks on a pipe or fills memory from /dev/zero.
   */
  readFile(path: string, maxBytes: number): Uint8Array;
  /** Canonical path (symlinks resolved), used to load a file reached twice only once. */
  realpath(path: string): string;
}

export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

export class NotRegularFileError extends Error {
  override name = 'NotRegularFileError';
  constructor(readonly kind: string) {
    super(`not a regular file (${kind})`);
  }
}

const kindOf = (s: Stats): EntryKind => (s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other');

function describeSpecial(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

const CHUNK = 64 * 1024;

/** Reads at most `maxBytes` from an open regular file, refusing one byte more. */
function readBounded(path: string, maxBytes: number): Uint8Array {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before fstat can refuse
  // it (no effect on regular files).
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) throw new NotRegularFileError(describeSpecial(s));
    if (s.size > maxBytes) throw new FileTooLargeError(maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new FileTooLargeError(maxBytes);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

export const nodeFs: ManifestFs = {
  stat(path) {
    const s = statSync(path);
    return { kind: kindOf(s), size: s.size };
  },
  readdir: (path) => readdirSync(path),
  readFile: readBounded,
  realpath: (path) => realpathSync(path),
};

/** The real filesystem (or `fs`), with relative paths taken from `cwd` (display paths stay as given). */
export function cwdFs(cwd: string, fs: ManifestFs = nodeFs): ManifestFs {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    stat: (p) => fs.stat(at(p)),
    readdir: (p) => fs.readdir(at(p)),
    readFile: (p, maxBytes) => fs.readFile(at(p), maxBytes),
    realpath: (p) => fs.realpath(at(p)),
  };
}
