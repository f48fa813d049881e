// Documents → typed manifests. A document that fails its schema is reported and kept out of the
// semantic checks (they assume well-typed input), but its name is remembered so that references to
// it do not add a second, misleading "unresolved" error.
import type { ManifestKind } from '../model/desired.js';
import type { Diagnostic } from './diagnostics.js';
import { checkSchema } from './schema-check.js';
import { API_VERSION } from './schema/common.js';
import { isKind, KINDS } from './schema/index.js';
import { diagnosticAt, type SourceDocument } from './source.js';
import type { Manifest, ManifestSet } from './types.js';

export interface Collected {
  manifests: ManifestSet;
  /** kind → names declared by documents that failed validation → where (`file:line`), for references to say so. */
  invalidNames: Record<ManifestKind, Map<string, string>>;
}

/** Yields after each document, so a long validation can be interrupted between documents. */
export function* collectManifests(docs: Iterable<SourceDocument>, diagnostics: Diagnostic[]): Generator<void, Collected> {
  const manifests = Object.fromEntries(KINDS.map((k) => [k, new Map()])) as unknown as ManifestSet;
  const invalidNames = Object.fromEntries(KINDS.map((k) => [k, new Map<string, string>()])) as Record<ManifestKind, Map<string, string>>;
  for (const sd of docs) {
    yield;
    const envelope = envelopeKind(sd, diagnostics);
    if (envelope === undefined) continue;
    const { kind, ok } = envelope;
    const name = nameOf(sd.value);
    // Another apiVersion's fields are not ours to judge; its name still counts as declared.
    const problems = ok ? checkSchema(sd, kind) : [];
    diagnostics.push(...problems);
    if (problems.length > 0 || !ok) {
      if (name !== undefined) invalidNames[kind].set(name, `${sd.source.file}:${lineOf(sd)}`);
      continue;
    }
    register(manifests, { kind, name: name as string, spec: (sd.value as { spec: never }).spec, sd }, diagnostics);
  }
  return { manifests, invalidNames };
}

/** The line of a document's metadata.name (or of the document), for "see its errors at file:line". */
const lineOf = (sd: SourceDocument): number => diagnosticAt(sd, ['metadata', 'name'], 'INVALID_REF', '').line;

function register(set: ManifestSet, manifest: Manifest, diagnostics: Diagnostic[]): void {
  const byName = set[manifest.kind] as Map<string, Manifest>;
  const first = byName.get(manifest.name);
  if (first === undefined) {
    byName.set(manifest.name, manifest);
    return;
  }
  const at = `${first.sd.source.file}:${line(first)}`;
  diagnostics.push(
    diagnosticAt(manifest.sd, ['metadata', 'name'], 'DUPLICATE_NAME', `${manifest.kind} "${manifest.name}" is already defined at ${at}`, {
      hint: 'metadata.name must be unique per kind across all manifest files',
    }),
  );
}

const line = (m: Manifest): number => diagnosticAt(m.sd, ['metadata', 'name'], 'DUPLICATE_NAME', '').line;

/** The kind, when known, and whether apiVersion is acceptable; reports what is wrong. */
function envelopeKind(sd: SourceDocument, diagnostics: Diagnostic[]): { kind: ManifestKind; ok: boolean } | undefined {
  const value = sd.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push(diagnosticAt(sd, [], 'NOT_A_MAPPING', 'a manifest must be a mapping with apiVersion, kind, metadata and spec'));
    return undefined;
  }
  const { apiVersion, kind } = value as Record<string, unknown>;
  let ok = true;
  if (apiVersion === undefined) {
    diagnostics.push(diagnosticAt(sd, [], 'MISSING_FIELD', 'missing required field "apiVersion"', { hint: `apiVersion: ${API_VERSION}` }));
    ok = false;
  } else if (apiVersion !== API_VERSION) {
    diagnostics.push(diagnosticAt(sd, ['apiVersion'], 'UNSUPPORTED_API_VERSION', `apiVersion ${JSON.stringify(apiVersion)} is not supported; use ${API_VERSION}`));
    ok = false;
  }
  if (kind === undefined) {
    diagnostics.push(diagnosticAt(sd, [], 'MISSING_FIELD', 'missing required field "kind"', { hint: `kind: one of ${KINDS.join(', ')}` }));
    return undefined;
  }
  if (!isKind(kind)) {
    diagnostics.push(diagnosticAt(sd, ['kind'], 'UNKNOWN_KIND', `unknown kind ${JSON.stringify(kind)}`, { hint: `one of ${KINDS.join(', ')}` }));
    return undefined;
  }
  return { kind, ok };
}

function nameOf(value: unknown): string | undefined {
  const name = (value as { metadata?: { name?: unknown } }).metadata?.name;
  return typeof name === 'string' ? name : undefined;
}
