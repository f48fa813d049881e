// The manifests stage, end to end: files → documents → schema → references → expansion → lints →
// DesiredState. Pure apart from reading files through the injected ManifestFs.
import type { DesiredState } from '../model/desired.js';
import type { Collected } from './collect.js';
import { collectManifests } from './collect.js';
import type { Context, LoadOptions } from './context.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { discoverFiles, fileDiagnostic } from './discover.js';
import type { AcrPullCase, AcrPullFacts } from './expand.js';
import { nodeFs, type ManifestFs } from './fs.js';
import { checkCloudIdentities } from './identities.js';
import { runLints } from './lints.js';
import { resolveAccounts } from './resolve-accounts.js';
import { resolveCaches } from './resolve-cache.js';
import { resolvePullAccesses } from './resolve-pull.js';
import { resolvePolicies, resolveRoles, type Located } from './resolve-ram.js';
import { parseSource, type SourceDocument } from './source.js';
import type { AcrRegistryInfo, DesiredPolicy, DesiredRole } from '../model/desired.js';

export const DEFAULT_MANIFEST_DIR = 'manifests';

/** What one AcrPullAccess turned into (for `outputs`, plans and reports). */
export interface PullAccessExpansion {
  name: string;
  file: string;
  case: AcrPullCase;
  facts: AcrPullFacts;
  /** Also present in state.roles / state.policies, with origin = this AcrPullAccess. */
  roles: DesiredRole[];
  policies: DesiredPolicy[];
  /** For ECI in the eciAccount's default region; undefined when nothing is needed. */
  registryInfo: AcrRegistryInfo | undefined;
}

export interface LoadResult {
  /** Present exactly when there is no error-severity diagnostic (warnings allowed). */
  state?: DesiredState;
  /** Sorted by file, line, column. */
  diagnostics: Diagnostic[];
  expansions: PullAccessExpansion[];
  /** The files read, display paths, in load order. */
  files: string[];
  /** Display path → text, for caret snippets (renderDiagnosticsText). */
  sources: ReadonlyMap<string, string>;
}

/**
 * Loads, validates, expands and resolves the manifests under `paths` (files or folders, walked
 * recursively for *.yaml/*.yml; hidden entries skipped; ConfigMap `..data` links read once).
 * Never throws for a user mistake: every problem is a diagnostic.
 */
export function loadManifests(paths: readonly string[], fs: ManifestFs = nodeFs, options: LoadOptions = {}): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const files = discoverFiles(paths.length > 0 ? paths : [DEFAULT_MANIFEST_DIR], fs, diagnostics);
  const texts: { file: string; text: string }[] = [];
  for (const f of files) {
    try {
      texts.push({ file: f.path, text: fs.readFile(f.path) });
    } catch (error) {
      diagnostics.push(fileDiagnostic(f.path, 'FILE_UNREADABLE', `cannot read ${f.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`));
    }
  }
  const result = loadManifestTexts(texts, options);
  return { ...result, diagnostics: sortDiagnostics([...diagnostics, ...result.diagnostics]), state: hasErrors(diagnostics) ? undefined : result.state };
}

/** The same pipeline over texts already in memory (tests, benchmarks, stdin). */
export function loadManifestTexts(texts: readonly { file: string; text: string }[], options: LoadOptions = {}): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const docs: SourceDocument[] = texts.flatMap(({ file, text }) => parseSource(file, text, diagnostics));
  const collected = collectManifests(docs, diagnostics);
  const { state, expansions } = resolve(collected, diagnostics, options);
  return {
    ...(hasErrors(diagnostics) ? {} : { state }),
    diagnostics: sortDiagnostics(diagnostics),
    expansions,
    files: texts.map((t) => t.file),
    sources: new Map(texts.map((t) => [t.file, t.text])),
  };
}

function resolve(collected: Collected, diagnostics: Diagnostic[], options: LoadOptions): { state: DesiredState; expansions: PullAccessExpansion[] } {
  const ctx: Context = { ...collected, diagnostics, accounts: new Map(), options };
  resolveAccounts(ctx);
  const roles = resolveRoles(ctx);
  const policies = resolvePolicies(ctx);
  const pulls = resolvePullAccesses(ctx);
  const expansions: PullAccessExpansion[] = [];
  for (const { manifest, facts, expansion } of pulls.values()) {
    const namePath = (which: 'service' | 'user') => (manifest.spec.roleNames?.[which] !== undefined ? ['spec', 'roleNames', which] : ['metadata', 'name']);
    expansion.roles.forEach((r) => roles.push({ value: r, manifest, namePath: namePath(r.accountId === facts.eci.accountId && r.roleName === facts.names.serviceRole ? 'service' : 'user') }));
    expansion.policies.forEach((p) => policies.push({ value: p, manifest, namePath: ['metadata', 'name'] }));
    expansions.push({ name: manifest.name, file: manifest.sd.source.file, case: expansion.case, facts, roles: expansion.roles, policies: expansion.policies, registryInfo: expansion.registryInfo });
  }
  checkCloudIdentities(ctx, roles, policies);
  const imageCaches = resolveCaches(ctx, pulls);
  runLints(ctx, pulls);
  const state: DesiredState = {
    accounts: [...ctx.accounts.values()],
    roles: roles.map((r: Located<DesiredRole>) => r.value),
    policies: policies.map((p) => p.value),
    imageCaches,
  };
  return { state, expansions };
}
