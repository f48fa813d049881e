// The daemon's view of the manifests stage: the desired state when valid, and the errors
// when not, the warnings (which never block), and the digests of the files read.
import { cwdFs } from '../manifests/fs.js';
import { digestRead } from '../manifests/digest.js';
import { loadManifests } from '../manifests/load.js';
import type { LoadOptions } from '../manifests/limits.js';
import type { ManifestLoader } from './engine-port.js';

/** `options`: the input limits of the flags, and emulator mode (a loopback --endpoint: Account endpoints are not checked). */
export function manifestLoader(paths: readonly string[], cwd: string, options: LoadOptions = {}): ManifestLoader {
  const fs = cwdFs(cwd);
  return (instanceNames) => {
    const result = loadManifests(paths, fs, instanceNames ? { ...options, instanceNames, requireInstanceIds: true } : options);
    const problems = (severity: string) =>
      result.diagnostics
        .filter((d) => d.severity === severity)
        .map((d) => ({ file: d.file, line: d.line, column: d.column, code: d.code, message: d.message }));
    const errors = problems('error');
    const warnings = problems('warning');
    const read = digestRead(result.files, result.sources, fs);
    // A state holding stand-in instance ids must never reach the cloud: only the names leave here.
    if (result.state && result.instanceNameLookups) return { errors, warnings, read, instanceNameLookups: { accounts: result.state.accounts, lookups: result.instanceNameLookups } };
    return result.state ? { state: result.state, errors, warnings, read } : { errors, warnings, read };
  };
}
