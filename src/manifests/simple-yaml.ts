// The first tier of the fast path (issue 10, A5): a line scanner for the plain subset of YAML that
// manifests are written in, without yaml's lexer and CST. yaml's Lexer and Parser alone take about
// 6 s of CPU for 100,000 small documents, more than half of validating them; this scanner reads the
// same text in a fraction of that. It accepts only what it is sure of — ASCII text without tabs or
// CR; block mappings with simple plain keys; block sequences; single-line plain, quoted and flow
// values; full-line and trailing comments; `---` separators — and declines everything else
// (returns undefined), so that the CST walk in fast-yaml.ts, and after it yaml's composer, decide
// the hard cases. test/manifests/fast-yaml.test.ts holds it to yaml's own values and positions.
import { isScalar, Schema } from 'yaml';
import type { PosNode } from './tree.js';

/** A document of the file: 0-based index among the file's documents, data, and positions. */
export interface ScannedDocument {
  index: number;
  value: unknown;
  tree: PosNode;
}

type Composed = [value: unknown, tree: PosNode];
type Pairs = { key: string; keyStart: number; value: PosNode | null }[];
interface Line {
  start: number;
  /** Leading spaces. */
  indent: number;
  end: number;
}

// The core schema's implicit scalar types, in yaml's own resolution order.
const coreTags = new Schema({ schema: 'core' }).tags.filter((t) => t.default === true && !('collection' in t && t.collection) && 'test' in t && t.test) as unknown as {
  test: RegExp;
  resolve: (s: string, onError: () => void, o: object) => unknown;
}[];

const MAYBE_NOT_STRING = new Set([...'~nNtTfF0123456789+-.']);

/** A plain scalar's value as the core schema resolves it; undefined when yaml would complain. */
export function resolvePlain(source: string): unknown {
  // Every core type but str needs one of these first (or an empty scalar): most keys and values
  // are names, which skip the six patterns. The differential tests hold this to yaml's results.
  if (source !== '' && !MAYBE_NOT_STRING.has(source[0] as string)) return source;
  for (const tag of coreTags) {
    if (!tag.test.test(source)) continue;
    let failed = false;
    const value = tag.resolve(source, () => (failed = true), {});
    // Some tags (null, floats with a format) wrap their value in a Scalar.
    const plain = isScalar(value) ? value.value : value;
    return failed || (plain !== null && typeof plain === 'object') ? undefined : plain;
  }
  return source;
}

// Anything but printable ASCII and newlines: tabs, CR, BOM, control and non-ASCII characters.
const OUTSIDE_SUBSET = /[^\n\x20-\x7e]/;
// Beyond this many nested collections the scanner declines rather than recurse further.
const MAX_SCAN_DEPTH = 200;
const SPACE = 0x20;

const isKeyStart = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isKeyChar = (c: number): boolean => isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x2f;
// A plain scalar may not start with these (YAML 1.2 c-indicator), except flow/quote starts handled first.
const NOT_PLAIN_START = new Set([...',[]{}#&*!|>\'"%@`?:']);
const FLOW_END = new Set([...',[]{}']);

/**
 * The documents of `text`, or undefined when the text is not in the subset (then the caller tries
 * the next tier). `maxDepth` as in fastParse: a deeper document makes the scanner decline, so the
 * tier that reports TOO_DEEP decides.
 */
export function scanSimpleYaml(text: string, maxDepth = Number.POSITIVE_INFINITY): ScannedDocument[] | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  const groups = documentLines(text);
  if (groups === undefined) return undefined;
  const out: ScannedDocument[] = [];
  const scanner = new Scanner(text, Math.min(maxDepth, MAX_SCAN_DEPTH));
  for (let index = 0; index < groups.length; index += 1) {
    const lines = groups[index] as Line[];
    if (lines.length === 0) continue; // an empty document (`---` with nothing after it)
    const composed = scanner.document(lines);
    if (composed === undefined) return undefined;
    out.push({ index, value: composed[0], tree: composed[1] });
  }
  return out;
}

/**
 * The content lines (not blank, not comment-only) of each document. A document starts at each
 * `---` line, and before the first one when content precedes it; other markers make it decline.
 */
function documentLines(text: string): Line[][] | undefined {
  const docs: Line[][] = [];
  let current: Line[] | undefined;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let indent = 0;
    while (start + indent < end && text.charCodeAt(start + indent) === SPACE) indent += 1;
    const first = text[start + indent];
    if (indent === 0 && (text.startsWith('---', start) || text.startsWith('...', start) || first === '%')) {
      if (end - start !== 3 || first !== '-') return undefined;
      current = [];
      docs.push(current);
    } else if (first !== undefined && start + indent < end && first !== '#') {
      if (current === undefined) {
        current = [];
        docs.push(current);
      }
      current.push({ start, indent, end });
    }
    start = end + 1;
  }
  return docs;
}

/** Recursive descent over one document's content lines. Every method returns undefined to decline. */
class Scanner {
  private lines: Line[] = [];
  /** The next content line not yet consumed. */
  private next = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  document(lines: Line[]): Composed | undefined {
    this.lines = lines;
    this.next = 0;
    const first = lines[0] as Line;
    if (first.indent !== 0) return undefined;
    const composed = this.block(first, 1);
    return this.next === lines.length ? composed : undefined;
  }

  private block(line: Line, depth: number): Composed | undefined {
    const at = line.start + line.indent;
    return this.isDash(at, line.end) ? this.sequence(line.indent, depth) : this.mapping(line.indent, at, depth);
  }

  /** `- ` (or `-` ending the line) at `at`. */
  private isDash(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === 0x2d && (at + 1 === end || this.text.charCodeAt(at + 1) === SPACE);
  }

  private peek(): Line | undefined {
    return this.lines[this.next];
  }

  /** A block mapping whose keys sit at column `column`; the first key at offset `at`. */
  private mapping(column: number, at: number, depth: number): Composed | undefined {
    if (depth > this.maxDepth) return undefined;
    const obj: Record<string, unknown> = {};
    const pairs: Pairs = [];
    let keyAt = at;
    for (;;) {
      const line = this.peek() as Line;
      const keyEnd = this.keyEnd(keyAt, line.end);
      const key = keyEnd === undefined ? undefined : this.newKey(obj, keyAt, keyEnd);
      if (key === undefined || keyEnd === undefined) return undefined;
      const value = this.mappingValue(column, keyEnd + 1, line.end, depth);
      if (value === undefined) return undefined;
      obj[key] = value[0];
      pairs.push({ key, keyStart: keyAt, value: value[1] });
      const following = this.peek();
      if (following === undefined || following.indent < column) return [obj, { kind: 'map', start: at, pairs }];
      keyAt = following.start + following.indent;
      if (following.indent > column || this.isDash(keyAt, following.end)) return undefined;
    }
  }

  /** End of a plain key at `at` that a `:` and a space (or the line's end) follow. */
  private keyEnd(at: number, end: number): number | undefined {
    if (!isKeyStart(this.text.charCodeAt(at))) return undefined;
    let i = at + 1;
    while (i < end && isKeyChar(this.text.charCodeAt(i))) i += 1;
    if (this.text.charCodeAt(i) !== 0x3a || (i + 1 < end && this.text.charCodeAt(i + 1) !== SPACE)) return undefined;
    return i;
  }

  /** The key, unless yaml would not make it a new string key of `obj` (`true`, duplicates, …). */
  private newKey(obj: Record<string, unknown>, at: number, end: number): string | undefined {
    const key = this.text.slice(at, end);
    // yaml limits implicit keys to 1024 characters.
    if (key.length > 1024 || typeof resolvePlain(key) !== 'string' || key === '__proto__' || Object.hasOwn(obj, key)) return undefined;
    return key;
  }

  /** The value after a key's `:` at `from`: inline, on the lines below, or empty (null). */
  private mappingValue(column: number, from: number, end: number, depth: number): [unknown, PosNode | null] | undefined {
    const at = this.skipSpaces(from, end);
    if (at < end && this.text[at] !== '#') return this.inlineToLineEnd(column, at, end, depth + 1);
    this.next += 1;
    const below = this.peek();
    if (below !== undefined && below.indent > column) return this.block(below, depth + 1);
    // `key:` followed by a sequence at the key's own column.
    if (below !== undefined && below.indent === column && this.isDash(below.start + below.indent, below.end)) return this.sequence(column, depth + 1);
    return [null, null];
  }

  /** A block sequence whose dashes sit at column `column`, starting at the next line. */
  private sequence(column: number, depth: number): Composed | undefined {
    if (depth > this.maxDepth) return undefined;
    const arr: unknown[] = [];
    const items: PosNode[] = [];
    const start = (this.peek() as Line).start + column;
    for (;;) {
      const line = this.peek() as Line;
      const at = this.skipSpaces(line.start + column + 1, line.end);
      // Empty items, items whose value starts below, and `- - x` go to the next tier.
      if (at === line.end || this.text[at] === '#' || this.isDash(at, line.end)) return undefined;
      const item = this.keyEnd(at, line.end) === undefined ? this.inlineToLineEnd(column, at, line.end, depth + 1) : this.mapping(at - line.start, at, depth + 1);
      if (item === undefined) return undefined;
      arr.push(item[0]);
      items.push(item[1]);
      const following = this.peek();
      if (following === undefined || following.indent < column) break;
      if (following.indent > column) return undefined;
      if (!this.isDash(following.start + column, following.end)) break; // the parent mapping's next key
    }
    return [arr, { kind: 'seq', start, items }];
  }

  /** A value that must end the line (a comment may follow); the next line may not continue it. */
  private inlineToLineEnd(column: number, at: number, end: number, depth: number): Composed | undefined {
    const value = this.inline(at, end, depth, false);
    if (value === undefined) return undefined;
    const after = this.skipSpaces(value.end, end);
    if (after < end && !(this.text[after] === '#' && after > value.end)) return undefined;
    this.next += 1;
    const following = this.peek();
    if (following !== undefined && following.indent > column) return undefined; // a continuation
    return [value.value, value.tree];
  }

  private skipSpaces(at: number, end: number): number {
    let i = at;
    while (i < end && this.text.charCodeAt(i) === SPACE) i += 1;
    return i;
  }

  private inline(at: number, end: number, depth: number, inFlow: boolean): { value: unknown; tree: PosNode; end: number } | undefined {
    const c = this.text[at] as string;
    if (c === '{' || c === '[') return depth > this.maxDepth ? undefined : this.flow(at, end, depth);
    if (c === '"' || c === "'") return this.quoted(at, end);
    return this.plain(at, end, inFlow);
  }

  /** A single-line quoted scalar; double-quoted ones with escapes go to the next tier. */
  private quoted(at: number, end: number): { value: unknown; tree: PosNode; end: number } | undefined {
    const quote = this.text[at] as string;
    let i = at + 1;
    for (;;) {
      i = this.text.indexOf(quote, i);
      if (i < 0 || i >= end) return undefined;
      if (quote === "'" && this.text[i + 1] === "'") i += 2;
      else break;
    }
    const body = this.text.slice(at + 1, i);
    if (quote === '"' && body.includes('\\')) return undefined;
    return { value: quote === "'" ? body.replaceAll("''", "'") : body, tree: { kind: 'scalar', start: at }, end: i + 1 };
  }

  /**
   * A single-line plain scalar. In block context it runs to the line's end or a ` #` comment and
   * may not hold `: `; in flow context it also stops at `,` `]` `}`, and anything doubtful declines.
   */
  private plain(at: number, end: number, inFlow: boolean): { value: unknown; tree: PosNode; end: number } | undefined {
    const t = this.text;
    const c = t[at] as string;
    const stops = (i: number): boolean => i >= end || t.charCodeAt(i) === SPACE || (inFlow && FLOW_END.has(t[i] as string));
    if (NOT_PLAIN_START.has(c) || (c === '-' && stops(at + 1))) return undefined;
    let i = at;
    let last = at; // one past the last non-space character
    for (; i < end; i += 1) {
      const ch = t[i] as string;
      if (ch === ' ') {
        if (t[i + 1] === '#') break;
        continue;
      }
      if (ch === ':' && stops(i + 1)) return undefined;
      if (inFlow && FLOW_END.has(ch)) {
        if (ch === '[' || ch === '{') return undefined;
        break;
      }
      if (inFlow && ch === '#') return undefined;
      last = i + 1;
    }
    if (inFlow && t[i] === ' ' && t[i + 1] === '#') return undefined;
    const value = resolvePlain(t.slice(at, last));
    return value === undefined ? undefined : { value, tree: { kind: 'scalar', start: at }, end: last };
  }

  /** A flow collection closed on the same line: `{k: v, ...}` with plain keys, or `[v, ...]`. */
  private flow(at: number, end: number, depth: number): { value: unknown; tree: PosNode; end: number } | undefined {
    const isMap = this.text[at] === '{';
    const close = isMap ? '}' : ']';
    const obj: Record<string, unknown> = {};
    const pairs: Pairs = [];
    const arr: unknown[] = [];
    const items: PosNode[] = [];
    let i = this.skipSpaces(at + 1, end);
    while (this.text[i] !== close) {
      const keyAt = i;
      let key = '';
      if (isMap) {
        const keyEnd = this.keyEnd(i, end);
        const newKey = keyEnd === undefined || keyEnd + 1 >= end ? undefined : this.newKey(obj, i, keyEnd);
        if (newKey === undefined || keyEnd === undefined) return undefined;
        key = newKey;
        i = this.skipSpaces(keyEnd + 1, end);
      }
      if (i >= end || this.text[i] === ',' || this.text[i] === close) return undefined;
      const value = this.inline(i, end, depth + 1, true);
      if (value === undefined) return undefined;
      if (isMap) {
        obj[key] = value.value;
        pairs.push({ key, keyStart: keyAt, value: value.tree });
      } else {
        arr.push(value.value);
        items.push(value.tree);
      }
      i = this.skipSpaces(value.end, end);
      if (this.text[i] === ',') i = this.skipSpaces(i + 1, end);
      else if (this.text[i] !== close) return undefined;
    }
    return isMap ? { value: obj, tree: { kind: 'map', start: at, pairs }, end: i + 1 } : { value: arr, tree: { kind: 'seq', start: at, items }, end: i + 1 };
  }
}
