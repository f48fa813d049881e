// Public API of the manifests stage. Other stages import from here only.
export { loadManifests, loadManifestsInterruptibly, loadManifestTexts, DEFAULT_MANIFEST_DIR, type LoadResult, type PullAccessExpansion } from './load.js';
export { instanceNameKey, type InstanceNameAnswer, type InstanceNameLookup } from '../model/instance-names.js';
export { DIAGNOSTIC_CODES, hasErrors, promoteWarnings, sortDiagnostics, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics.js';
export { renderDiagnostic, renderDiagnosticsText, renderDiagnosticsJson, diagnosticsOutcome, summary, escapeControls } from './render.js';
export { nodeFs, FileTooLargeError, NotRegularFileError, type ManifestFs, type EntryStat, type EntryKind } from './fs.js';
export { DEFAULT_LIMITS, DEFAULT_MAX_DIAGNOSTICS, type LoadLimits, type LoadOptions } from './limits.js';
export { expandAcrPull, registryInfoFor, classify, type AcrPullFacts, type AcrPullExpansion, type AcrPullCase } from './expand.js';
