// Public API of the manifests stage. Other stages import from here only.
export { loadManifests, loadManifestTexts, DEFAULT_MANIFEST_DIR, type LoadResult, type PullAccessExpansion } from './load.js';
export { DIAGNOSTIC_CODES, hasErrors, promoteWarnings, sortDiagnostics, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics.js';
export { renderDiagnostic, renderDiagnosticsText, renderDiagnosticsJson, diagnosticsOutcome, summary } from './render.js';
export { nodeFs, type ManifestFs } from './fs.js';
export { expandAcrPull, registryInfoFor, classify, type AcrPullFacts, type AcrPullExpansion, type AcrPullCase } from './expand.js';
