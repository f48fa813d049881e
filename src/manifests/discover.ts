// Which files make up the manifest set. Kubernetes ConfigMap volumes look like
//   app.yaml -> ..data/app.yaml,  ..data -> ..2026_01_01_00_00_00.123/,  ..2026_…/app.yaml
// and swap `..data` atomically on update. Hidden entries (names starting with '.') are skipped, so
// the timestamped directory is never walked directly, and files are deduplicated by real path,
// so a document is loaded exactly once however many links lead to it.
//
// All or nothing: a folder that cannot be listed, an entry that cannot be resolved (a dangling
// symlink, EACCES) or a manifest that is not a regular file is an error diagnostic, never skipped —
// skipping it would shrink the desired state, and prune would delete what it declared.
import { join } from 'node:path';
import { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
import type { EntryStat, ManifestFs } from './fs.js';

export interface DiscoveredFile {
  /** Display path: the command-line argument joined with the names walked. */
  path: string;
  realPath: string;
  /** Bytes, as stat saw them before reading. */
  size: number;
}

const MANIFEST_FILE = /\.ya?ml$/i;

export function discoverFiles(roots: readonly string[], fs: ManifestFs, diagnostics: Diagnostic[]): DiscoveredFile[] {
  const seen = new Set<string>();
  const out: DiscoveredFile[] = [];
  const report = (path: string, code: DiagnosticCode, message: string) => diagnostics.push(fileDiagnostic(path, code, message));
  const add = (path: string, stat: EntryStat) => {
    const realPath = realpathOf(fs, path, report);
    if (realPath === undefined || seen.has(realPath)) return;
    seen.add(realPath);
    out.push({ path, realPath, size: stat.size });
  };
  const walk = (dir: string, ancestors: Set<string>): void => {
    let names: string[];
    try {
      names = fs.readdir(dir).sort();
    } catch (error) {
      report(dir, 'DIR_UNREADABLE', `cannot read folder ${dir}: ${errorCode(error)}`);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const stat = statEntry(fs, path, report);
      if (stat === undefined) continue;
      if (stat.kind === 'directory') {
        // A symlink back to an ancestor would recurse forever.
        const real = realpathOf(fs, path, report);
        if (real !== undefined && !ancestors.has(real)) walk(path, new Set([...ancestors, real]));
      } else if (MANIFEST_FILE.test(name)) {
        if (stat.kind === 'file') add(path, stat);
        else report(path, 'NOT_A_REGULAR_FILE', `${path} is not a regular file (a FIFO, socket or device is never read)`);
      }
    }
  };
  for (const root of roots) {
    let stat: EntryStat;
    try {
      stat = fs.stat(root);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') report(root, 'PATH_NOT_FOUND', `no such file or directory: ${root}`);
      else report(root, 'FILE_UNREADABLE', `cannot read ${root}: ${code}`);
      continue;
    }
    // Anything named explicitly that is a file is read whatever its extension: the user asked for it.
    if (stat.kind === 'directory') {
      const real = realpathOf(fs, root, report);
      if (real !== undefined) walk(root, new Set([real]));
    } else if (stat.kind === 'file') add(root, stat);
    else report(root, 'NOT_A_REGULAR_FILE', `${root} is not a regular file or folder (a FIFO, socket or device is never read)`);
  }
  return out;
}

type Report = (path: string, code: DiagnosticCode, message: string) => void;

/** Listed by readdir but not resolvable: ENOENT there means a dangling symlink. */
function statEntry(fs: ManifestFs, path: string, report: Report): EntryStat | undefined {
  try {
    return fs.stat(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') report(path, 'DANGLING_SYMLINK', `${path} is a symlink to nothing (ENOENT); what it pointed to may have declared resources`);
    else report(path, 'FILE_UNREADABLE', `cannot resolve ${path}: ${code}`);
    return undefined;
  }
}

function realpathOf(fs: ManifestFs, path: string, report: Report): string | undefined {
  try {
    return fs.realpath(path);
  } catch (error) {
    report(path, 'FILE_UNREADABLE', `cannot resolve ${path}: ${errorCode(error)}`);
    return undefined;
  }
}

export const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export function fileDiagnostic(file: string, code: DiagnosticCode, message: string, line = 1, column = 1): Diagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code], file, line, column, path: '', message };
}
