// The manifests stage, end to end: files → documents → schema → references → expansion → lints →
// DesiredState. Pure apart from reading files through the injected ManifestFs.
import type { DesiredState } from '../model/desired.js';
import type { Collected } from './collect.js';
import { collectManifests } from './collect.js';
import type { Context, ResolveOptions } from './context.js';
import type { InstanceNameLookup } from '../model/instance-names.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { discoverFiles, fileDiagnostic } from './discover.js';
import { limitsOf, type LoadLimits, type LoadOptions } from './limits.js';
import { readFiles, type Text } from './read.js';
import type { AcrPullCase, AcrPullFacts } from './expand.js';
import { nodeFs, type ManifestFs } from './fs.js';
import { checkCloudIdentities } from './identities.js';
import { runLints } from './lints.js';
import { checkRegionIds } from './lint-regions.js';
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
  /** The signal stopped the load: nothing was decided (one INTERRUPTED diagnostic, no state). */
  interrupted?: true;
  /**
   * AcrPullAccess instanceNames not looked up yet: `state` then holds stand-in instance ids and must
   * not reach the cloud; the caller asks ACR and loads again with `instanceNames` (LoadOptions).
   */
  instanceNameLookups?: InstanceNameLookup[];
}

/**
 * Loads, validates, expands and resolves the manifests under `paths` (files or folders, walked
 * recursively for *.yaml/*.yml; hidden entries skipped; ConfigMap `..data` links read once).
 * Never throws for a user mistake: every problem is a diagnostic. All or nothing: anything under
 * `paths` that cannot be read, resolved or decoded is an error, so `state` is never a subset of
 * what the files declare. `options.signal` is checked at document boundaries.
 */
export function loadManifests(paths: readonly string[], fs: ManifestFs = nodeFs, options: LoadOptions = {}): LoadResult {
  return drive(loadSteps(paths, fs, limitsOf(options), options), options.signal, paths);
}

/**
 * The same, giving the event loop a turn every few milliseconds so that SIGTERM/SIGINT (whose
 * handlers run only between tasks) can abort `options.signal` during a long validation.
 */
export async function loadManifestsInterruptibly(paths: readonly string[], fs: ManifestFs = nodeFs, options: LoadOptions = {}): Promise<LoadResult> {
  const steps = loadSteps(paths, fs, limitsOf(options), options);
  let sliceStart = performance.now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    if (options.signal?.aborted) return interrupted(paths, options.signal);
  }
}

/** The same pipeline over texts already in memory (tests, benchmarks, stdin). */
export function loadManifestTexts(texts: readonly Text[], options: LoadOptions = {}): LoadResult {
  return drive(textSteps(texts, limitsOf(options), [], options), options.signal, texts.map((t) => t.file));
}

// Long enough that the yields cost nothing measurable, short enough that a signal is seen at once.
const SLICE_MS = 20;

function drive(steps: Generator<void, LoadResult>, signal: AbortSignal | undefined, paths: readonly string[]): LoadResult {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (signal?.aborted) return interrupted(paths, signal);
  }
}

function interrupted(paths: readonly string[], signal: AbortSignal): LoadResult {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
  const where = paths[0] ?? DEFAULT_MANIFEST_DIR;
  return {
    diagnostics: [fileDiagnostic(where, 'INTERRUPTED', `validation interrupted (${reason}); nothing was decided`)],
    expansions: [],
    files: [],
    sources: new Map(),
    interrupted: true,
  };
}

function* loadSteps(paths: readonly string[], fs: ManifestFs, limits: LoadLimits, options: ResolveOptions): Generator<void, LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const files = discoverFiles(paths.length > 0 ? paths : [DEFAULT_MANIFEST_DIR], fs, diagnostics);
  const texts = yield* readFiles(files, fs, limits, diagnostics);
  return yield* textSteps(texts, limits, diagnostics, options);
}

/** Yields at document boundaries (after each file parsed, each document checked, each stage). */
function* textSteps(texts: readonly Text[], limits: LoadLimits, diagnostics: Diagnostic[], options: ResolveOptions): Generator<void, LoadResult> {
  // Each file is parsed when the collector reaches it, so a document that fails its checks is
  // garbage before the next file is parsed, instead of all documents living until all are parsed
  // (on 100,000 one-error documents that halved the collector's time, mostly GC).
  const collected = yield* collectManifests(parsedDocuments(texts, limits, diagnostics), diagnostics);
  const { state, expansions, lookups } = yield* resolve(collected, diagnostics, options);
  return {
    ...(hasErrors(diagnostics) ? {} : { state }),
    ...(lookups.length > 0 ? { instanceNameLookups: lookups } : {}),
    diagnostics: sortDiagnostics(diagnostics),
    expansions,
    files: texts.map((t) => t.file),
    sources: new Map(texts.map((t) => [t.file, t.text])),
  };
}

function* parsedDocuments(texts: readonly Text[], limits: LoadLimits, diagnostics: Diagnostic[]): Generator<SourceDocument> {
  for (const { file, text } of texts) yield* parseSource(file, text, diagnostics, limits.maxDepth);
}

function* resolve(collected: Collected, diagnostics: Diagnostic[], options: ResolveOptions): Generator<void, { state: DesiredState; expansions: PullAccessExpansion[]; lookups: InstanceNameLookup[] }> {
  const { emulatorMode, allowUnknownRegions, instanceNames, requireInstanceIds } = options;
  const resolveOptions: ResolveOptions = {
    ...(emulatorMode ? { emulatorMode } : {}),
    ...(allowUnknownRegions ? { allowUnknownRegions } : {}),
    ...(instanceNames ? { instanceNames } : {}),
    ...(requireInstanceIds ? { requireInstanceIds } : {}),
  };
  const ctx: Context = { ...collected, diagnostics, accounts: new Map(), options: resolveOptions };
  checkRegionIds(ctx);
  resolveAccounts(ctx);
  yield;
  const roles = resolveRoles(ctx);
  yield;
  const policies = resolvePolicies(ctx);
  yield;
  const pulls = resolvePullAccesses(ctx);
  yield;
  const expansions: PullAccessExpansion[] = [];
  for (const { manifest, facts, expansion } of pulls.values()) {
    const namePath = (which: 'service' | 'user') => (manifest.spec.roleNames?.[which] !== undefined ? ['spec', 'roleNames', which] : ['metadata', 'name']);
    expansion.roles.forEach((r) => roles.push({ value: r, manifest, namePath: namePath(r.accountId === facts.eci.accountId && r.roleName === facts.names.serviceRole ? 'service' : 'user') }));
    expansion.policies.forEach((p) => policies.push({ value: p, manifest, namePath: ['metadata', 'name'] }));
    expansions.push({ name: manifest.name, file: manifest.sd.source.file, case: expansion.case, facts, roles: expansion.roles, policies: expansion.policies, registryInfo: expansion.registryInfo });
  }
  checkCloudIdentities(ctx, roles, policies);
  yield;
  const imageCaches = resolveCaches(ctx, pulls);
  yield;
  runLints(ctx, pulls);
  const state: DesiredState = {
    accounts: [...ctx.accounts.values()],
    roles: roles.map((r: Located<DesiredRole>) => r.value),
    policies: policies.map((p) => p.value),
    imageCaches,
  };
  return { state, expansions, lookups: ctx.lookups ?? [] };
}
