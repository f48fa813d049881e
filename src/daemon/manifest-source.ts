// The daemon's view of the manifests stage: the desired state when valid, and the errors
// (never warnings, which do not block) when not, and the digests of the files read.
import { cwdFs } from '../manifests/cli-support.js';
import { digestRead } from '../manifests/digest.js';
import { loadManifests } from '../manifests/load.js';
import type { ManifestLoader } from './engine-port.js';

export function manifestLoader(paths: readonly string[], cwd: string): ManifestLoader {
  const fs = cwdFs(cwd);
  return () => {
    const result = loadManifests(paths, fs);
    const errors = result.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({ file: d.file, line: d.line, column: d.column, code: d.code, message: d.message }));
    const read = digestRead(result.files, result.sources, fs);
    return result.state ? { state: result.state, errors, read } : { errors, read };
  };
}
