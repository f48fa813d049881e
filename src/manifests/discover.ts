// Which files make up the manifest set. Kubernetes ConfigMap volumes look like
//   app.yaml -> ..data/app.yaml,  ..data -> ..2026_01_01_00_00_00.123/,  ..2026_…/app.yaml
// and swap `..data` atomically on update. Hidden entries (names starting with '.') are skipped, so
// the timestamped directory is never walked directly, and files are deduplicated by real path,
// so a document is loaded exactly once however many links lead to it.
import { join } from 'node:path';
import { DIAGNOSTIC_CODES, type Diagnostic } from './diagnostics.js';
import type { ManifestFs } from './fs.js';

export interface DiscoveredFile {
  /** Display path: the command-line argument joined with the names walked. */
  path: string;
  realPath: string;
}

const MANIFEST_FILE = /\.ya?ml$/i;

export function discoverFiles(roots: readonly string[], fs: ManifestFs, diagnostics: Diagnostic[]): DiscoveredFile[] {
  const seen = new Set<string>();
  const out: DiscoveredFile[] = [];
  const add = (path: string) => {
    const realPath = safeRealpath(fs, path);
    if (seen.has(realPath)) return;
    seen.add(realPath);
    out.push({ path, realPath });
  };
  for (const root of roots) {
    const stat = fs.stat(root);
    if (stat === undefined) {
      diagnostics.push(fileDiagnostic(root, 'PATH_NOT_FOUND', `no such file or directory: ${root}`));
      continue;
    }
    // Anything named explicitly that is not a folder (a file of any extension, a pipe such as
    // /dev/stdin) is read: the user asked for it.
    if (stat.isDirectory) walk(root, fs, add, new Set([safeRealpath(fs, root)]));
    else add(root);
  }
  return out;
}

function walk(dir: string, fs: ManifestFs, add: (path: string) => void, ancestors: Set<string>): void {
  let names: string[];
  try {
    names = fs.readdir(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const stat = fs.stat(path);
    if (stat?.isFile && MANIFEST_FILE.test(name)) add(path);
    if (!stat?.isDirectory) continue;
    // A symlink back to an ancestor would recurse forever.
    const real = safeRealpath(fs, path);
    if (ancestors.has(real)) continue;
    walk(path, fs, add, new Set([...ancestors, real]));
  }
}

function safeRealpath(fs: ManifestFs, path: string): string {
  try {
    return fs.realpath(path);
  } catch {
    return path;
  }
}

export function fileDiagnostic(file: string, code: 'PATH_NOT_FOUND' | 'FILE_UNREADABLE', message: string): Diagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code], file, line: 1, column: 1, path: '', message };
}
