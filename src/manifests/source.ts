// Parsed YAML with the bookkeeping to turn a document path back into `line:col`.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { DIAGNOSTIC_CODES, formatPath, type Diagnostic, type DiagnosticCode } from './diagnostics.js';

export interface SourceFile {
  /** Display path. */
  file: string;
  text: string;
  lineCounter: LineCounter;
}

export interface SourceDocument {
  source: SourceFile;
  /** 0-based position of the document in its file. */
  index: number;
  doc: Document.Parsed;
  /** Plain data (`toJS`), or undefined when the document is empty. */
  value: unknown;
}

export type PathSegment = string | number;
/** `value`: the node at the path; `key`: its key in the parent mapping (unknown fields, duplicate names). */
export type Anchor = 'value' | 'key';

export interface Position {
  line: number;
  column: number;
}

export function positionAt(source: SourceFile, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, source.text.length));
  const { line, col } = source.lineCounter.linePos(clamped);
  return { line, column: col };
}

/** Splits a file into documents. YAML errors become diagnostics and their document is dropped. */
export function parseSource(file: string, text: string, diagnostics: Diagnostic[]): SourceDocument[] {
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, text, lineCounter };
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  // An empty stream is an empty array (yaml's EmptyStream).
  const docs: Document.Parsed[] = Array.from(parsed);
  const out: SourceDocument[] = [];
  docs.forEach((doc, index) => {
    for (const w of doc.warnings) diagnostics.push(yamlDiagnostic(source, w.pos[0], 'YAML_WARNING', w.message));
    if (doc.errors.length > 0) {
      for (const e of doc.errors) diagnostics.push(yamlDiagnostic(source, e.pos[0], 'YAML_SYNTAX', e.message));
      return;
    }
    if (doc.contents === null) return; // an empty document, e.g. a trailing `---`
    try {
      // Alias expansion is bounded so a "billion laughs" file is a diagnostic, not a hang.
      out.push({ source, index, doc, value: doc.toJS({ maxAliasCount: 1000 }) });
    } catch (error) {
      diagnostics.push(yamlDiagnostic(source, doc.contents.range[0], 'YAML_SYNTAX', (error as Error).message));
    }
  });
  return out;
}

function yamlDiagnostic(source: SourceFile, offset: number, code: DiagnosticCode, message: string): Diagnostic {
  const { line, column } = positionAt(source, offset);
  const text = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  return { code, severity: DIAGNOSTIC_CODES[code], file: source.file, line, column, path: '', message: text };
}

/**
 * The offset of the node at `path`. When the path leaves the document (a missing field), the deepest
 * existing node is used: a missing field is reported at its parent mapping.
 */
export function offsetOf(doc: Document.Parsed, path: readonly PathSegment[], anchor: Anchor = 'value'): number {
  let node: Node | null = doc.contents;
  let keyOffset: number | undefined;
  for (const seg of path) {
    const next = child(node, seg);
    if (next === undefined) return nodeStart(node, 0);
    node = next.value;
    keyOffset = next.keyOffset;
    if (node === null) return keyOffset ?? 0;
  }
  if (anchor === 'key' && keyOffset !== undefined) return keyOffset;
  return nodeStart(node, keyOffset ?? 0);
}

function nodeStart(node: Node | null, fallback: number): number {
  return node?.range?.[0] ?? fallback;
}

function child(node: Node | null, seg: PathSegment): { value: Node | null; keyOffset?: number } | undefined {
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg];
    return item === undefined ? undefined : { value: item as Node | null };
  }
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const key = pair.key;
    const keyValue = isScalar(key) ? key.value : key;
    if (String(keyValue) !== String(seg)) continue;
    const keyOffset = isScalar(key) ? key.range?.[0] : undefined;
    // `field:` with nothing after it: point at the key.
    return { value: (pair.value as Node | null) ?? null, ...(keyOffset !== undefined ? { keyOffset } : {}) };
  }
  return undefined;
}

/** A diagnostic at the node `path` of a document. */
export function diagnosticAt(
  sd: SourceDocument,
  path: readonly PathSegment[],
  code: DiagnosticCode,
  message: string,
  options: { anchor?: Anchor; hint?: string } = {},
): Diagnostic {
  const { line, column } = positionAt(sd.source, offsetOf(sd.doc, path, options.anchor));
  const d: Diagnostic = { code, severity: DIAGNOSTIC_CODES[code], file: sd.source.file, line, column, path: formatPath(path), message };
  if (options.hint !== undefined) d.hint = options.hint;
  return d;
}
