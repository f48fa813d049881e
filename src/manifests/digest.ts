// Content digests of the manifest files a load read, so a caller can tell "the same files, byte
// for byte" from "something changed" without keeping the texts. The daemon's prune confirmation
// (src/daemon/prune-confirm.ts) compares two reads by these digests.
import { createHash } from 'node:crypto';
import type { ManifestFs } from './fs.js';

/** Display path → SHA-256 (hex) of the file's text. */
export type FileDigests = ReadonlyMap<string, string>;

export interface DigestedRead {
  /** What the load read: display path → digest of the text it parsed. */
  digests: FileDigests;
  /** Files whose content on disk after the load differs from what the load parsed (or is gone). */
  changedWhileRead: string[];
}

export function digestText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Digests what a load parsed (`sources`) and reads each file again once the load has finished:
 * a file written while it was being read (a copy in progress, an editor truncating it) differs.
 */
export function digestRead(files: readonly string[], sources: ReadonlyMap<string, string>, fs: ManifestFs): DigestedRead {
  const digests = new Map<string, string>();
  const changedWhileRead: string[] = [];
  for (const file of files) {
    const read = sources.get(file);
    if (read === undefined) continue;
    const digest = digestText(read);
    digests.set(file, digest);
    if (digestOnDisk(file, fs, Buffer.byteLength(read, 'utf8')) !== digest) changedWhileRead.push(file);
  }
  return { digests, changedWhileRead };
}

// A file now larger than what was parsed has changed: reading stops just past that size (room for a BOM).
function digestOnDisk(file: string, fs: ManifestFs, parsedBytes: number): string | undefined {
  try {
    return digestText(new TextDecoder('utf-8', { fatal: true }).decode(fs.readFile(file, parsedBytes + 4)));
  } catch {
    return undefined;
  }
}

/** The paths whose digest differs between two reads (added, removed or changed), sorted. */
export function changedFiles(before: FileDigests, after: FileDigests): string[] {
  const changed = new Set<string>();
  for (const [file, digest] of after) if (before.get(file) !== digest) changed.add(file);
  for (const file of before.keys()) if (!after.has(file)) changed.add(file);
  return [...changed].sort();
}
