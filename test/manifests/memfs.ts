// An in-memory ManifestFs that fails the way a real one does, for what root cannot reproduce on a
// real disk (tests run as root: mode 000 does not stop it) and what is slow or unsafe to create.
import { FileTooLargeError, NotRegularFileError, type EntryStat, type ManifestFs } from '../../src/manifests/index.js';

export type MemEntry =
  | { kind: 'file'; bytes: Uint8Array | string }
  | { kind: 'dir'; entries: Record<string, MemEntry>; unreadable?: true }
  | { kind: 'unreadable-file'; bytes: string }
  | { kind: 'dangling' }
  | { kind: 'fifo' }
  /** A file whose stat says `size` but which yields `grows` more bytes than that when read. */
  | { kind: 'growing'; size: number; grows: number };

const errno = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code });

export function memFs(root: string, tree: Record<string, MemEntry>): ManifestFs {
  const lookup = (path: string): MemEntry | undefined => {
    if (path === root) return { kind: 'dir', entries: tree };
    if (!path.startsWith(`${root}/`)) return undefined;
    let node: MemEntry | undefined = { kind: 'dir', entries: tree };
    for (const name of path.slice(root.length + 1).split('/')) {
      if (node?.kind !== 'dir') return undefined;
      node = node.entries[name];
    }
    return node;
  };
  const existing = (path: string): Exclude<MemEntry, { kind: 'dangling' }> => {
    const entry = lookup(path);
    if (entry === undefined || entry.kind === 'dangling') throw errno('ENOENT', path);
    return entry;
  };
  return {
    stat(path): EntryStat {
      const e = existing(path);
      if (e.kind === 'dir') return { kind: 'directory', size: 4096 };
      if (e.kind === 'fifo') return { kind: 'other', size: 0 };
      if (e.kind === 'growing') return { kind: 'file', size: e.size };
      return { kind: 'file', size: typeof e.bytes === 'string' ? Buffer.byteLength(e.bytes) : e.bytes.length };
    },
    readdir(path) {
      const e = existing(path);
      if (e.kind !== 'dir') throw errno('ENOTDIR', path);
      if (e.unreadable) throw errno('EACCES', path);
      return Object.keys(e.entries);
    },
    readFile(path, maxBytes) {
      const e = existing(path);
      if (e.kind === 'dir') throw errno('EISDIR', path);
      if (e.kind === 'fifo') throw new NotRegularFileError('a FIFO');
      if (e.kind === 'unreadable-file') throw errno('EACCES', path);
      if (e.kind === 'growing') {
        if (e.size + e.grows > maxBytes) throw new FileTooLargeError(maxBytes);
        return new Uint8Array(e.size + e.grows).fill(0x23); // '#': a comment that keeps growing
      }
      const bytes = typeof e.bytes === 'string' ? new TextEncoder().encode(e.bytes) : e.bytes;
      if (bytes.length > maxBytes) throw new FileTooLargeError(maxBytes);
      return bytes;
    },
    realpath(path) {
      existing(path);
      return path;
    },
  };
}
