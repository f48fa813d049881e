// Parsed YAML with the bookkeeping to turn a document path back into `line:col`.
import { isAlias, isCollection, isPair, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { DIAGNOSTIC_CODES, formatPath, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
import { fastParse } from './fast-yaml.js';
import { treeOf, type PosNode } from './tree.js';

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
  /** Where each node of the document starts. */
  tree: PosNode;
  /** Plain data, as yaml's `toJS` gives it. */
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

/**
 * Splits a file into documents. YAML errors become diagnostics and their document is dropped; so
 * does a document nested deeper than `maxDepth` (TOO_DEEP at the first collection past the limit),
 * before anything recursive (composer, schema check, expansion, lints) walks it.
 */
export function parseSource(file: string, text: string, diagnostics: Diagnostic[], maxDepth = Number.POSITIVE_INFINITY): SourceDocument[] {
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, text, lineCounter };
  const fast = fastParse(text, maxDepth);
  if (fast !== undefined) {
    // The fast path does not feed the LineCounter; positions are needed only for diagnostics.
    indexLines(lineCounter, text);
    const out: SourceDocument[] = [];
    for (const d of fast) {
      if ('tooDeepAt' in d) diagnostics.push(tooDeep(source, d.tooDeepAt, maxDepth));
      else out.push({ source, index: d.index, tree: d.tree, value: d.value });
    }
    return out;
  }
  return composeSource(source, diagnostics, maxDepth);
}

const tooDeep = (source: SourceFile, offset: number, maxDepth: number): Diagnostic =>
  yamlDiagnostic(source, offset, 'TOO_DEEP', `nested deeper than ${maxDepth} levels; raise --max-depth if this is intended`);

function indexLines(lineCounter: LineCounter, text: string): void {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
}

/** The full yaml composer: every syntax problem with yaml's own message and position. */
function composeSource(source: SourceFile, diagnostics: Diagnostic[], maxDepth: number): SourceDocument[] {
  const parsed = parseAllDocuments(source.text, { lineCounter: source.lineCounter, prettyErrors: false });
  // An empty stream is an empty array (yaml's EmptyStream).
  const docs: Document.Parsed[] = Array.from(parsed);
  const out: SourceDocument[] = [];
  docs.forEach((doc, index) => {
    // yaml composes deep documents without recursing too far, but treeOf and toJS recurse: check first.
    const deep = tooDeepNode(doc.contents, maxDepth);
    if (deep !== undefined) {
      diagnostics.push(tooDeep(source, deep, maxDepth));
      return;
    }
    for (const w of doc.warnings) diagnostics.push(yamlDiagnostic(source, w.pos[0], 'YAML_WARNING', w.message));
    if (doc.errors.length > 0) {
      for (const e of doc.errors) diagnostics.push(yamlDiagnostic(source, e.pos[0], 'YAML_SYNTAX', e.message));
      return;
    }
    const tree = treeOf(doc.contents);
    if (tree === null) return; // an empty document, e.g. a trailing `---`
    try {
      // Alias expansion is bounded so a "billion laughs" file is a diagnostic, not a hang.
      const value: unknown = doc.toJS({ maxAliasCount: 1000 });
      // Aliases can nest a value deeper than its text: `b: &b [*a]`, `c: &c [*b]`, …
      if (valueDeeperThan(value, maxDepth)) diagnostics.push(tooDeep(source, tree.start, maxDepth));
      else out.push({ source, index, tree, value });
    } catch (error) {
      diagnostics.push(yamlDiagnostic(source, aliasOffset(doc, (error as Error).message) ?? tree.start, 'YAML_SYNTAX', (error as Error).message));
    }
  });
  return out;
}

/** The offset of the first collection nested deeper than `maxDepth`, found without recursion. */
function tooDeepNode(root: unknown, maxDepth: number): number | undefined {
  const stack: [unknown, number][] = [[root, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (!isCollection(node)) continue;
    if (depth > maxDepth) return node.range?.[0] ?? 0;
    for (const item of node.items) {
      if (isPair(item)) stack.push([item.key, depth + 1], [item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

function valueDeeperThan(root: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  // An alias can be reached many times: an object is walked again only when reached deeper, so the
  // walk stays within (objects × maxDepth) however the aliases multiply.
  const deepest = new Map<object, number>();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, depth] = next;
    if (value === null || typeof value !== 'object' || (deepest.get(value) ?? 0) >= depth) continue;
    if (depth > maxDepth) return true;
    deepest.set(value, depth);
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

/** toJS fails only on aliases (unresolved, or too many): point at the alias the message names, else the first. */
function aliasOffset(doc: Document.Parsed, message: string): number | undefined {
  let first: number | undefined;
  let named: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (!isAlias(node)) return;
      first ??= node.range?.[0];
      if (named === undefined && message.endsWith(`: ${node.source}`)) named = node.range?.[0];
    },
  });
  return named ?? first;
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
export function offsetOf(tree: PosNode, path: readonly PathSegment[], anchor: Anchor = 'value'): number {
  let node: PosNode | null = tree;
  let keyOffset: number | undefined;
  for (const seg of path) {
    if (node === null) return keyOffset ?? 0;
    const next = child(node, seg);
    if (next === undefined) return node.start;
    node = next.value;
    keyOffset = next.keyOffset;
  }
  if (anchor === 'key' && keyOffset !== undefined) return keyOffset;
  // `field:` with nothing after it: point at the key.
  return node?.start ?? keyOffset ?? 0;
}

function child(node: PosNode, seg: PathSegment): { value: PosNode | null; keyOffset?: number } | undefined {
  if (node.kind === 'seq') return typeof seg === 'number' && seg < node.items.length ? { value: node.items[seg] ?? null } : undefined;
  if (node.kind !== 'map') return undefined;
  const pair = node.pairs.find((p) => p.key === String(seg));
  return pair === undefined ? undefined : { value: pair.value, keyOffset: pair.keyStart };
}

/** A diagnostic at the node `path` of a document. */
export function diagnosticAt(
  sd: SourceDocument,
  path: readonly PathSegment[],
  code: DiagnosticCode,
  message: string,
  options: { anchor?: Anchor; hint?: string } = {},
): Diagnostic {
  const { line, column } = positionAt(sd.source, offsetOf(sd.tree, path, options.anchor));
  const d: Diagnostic = { code, severity: DIAGNOSTIC_CODES[code], file: sd.source.file, line, column, path: formatPath(path), message };
  if (options.hint !== undefined) d.hint = options.hint;
  return d;
}
