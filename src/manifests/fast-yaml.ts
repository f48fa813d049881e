// A fast path for the plain YAML manifests are made of. Composing full yaml Documents dominates
// validation time (~80 % of 10,000 documents), so simple documents are built straight from the
// parser's CST into plain data plus a position tree. Anything unusual — anchors, aliases, tags,
// directives, explicit or multi-line keys, duplicate keys, flow pairs outside maps, parser errors —
// returns undefined and the caller composes the file with the full yaml library instead, so the
// fast path never has to be right about hard cases. A differential property test holds it to yaml's
// own results.
//
// Kept, without process-global tricks (issue 17): it used to swap `process.env` during a parse,
// keep the text in a module-level variable and throw to fall back. Now the text lives in a
// FastComposer per call, a fallback is a plain `undefined` return, and the env reads are avoided by
// yaml's own browser-build Parser (yaml-parser.ts). `npm run bench:validate`, CPU of the on-disk
// case, best of 5 on the shared 2-core machine (load 5–30, so figures are noisy): swap 2.26 s;
// no swap, Node Parser 3.29 s; full composer only (no fast path) 3.75 s; this version 2.00 s.
// yaml alone misses the 10,000-documents-in-2-s target, so the fast path stays.
import { CST } from 'yaml';
import { Parser } from './yaml-parser.js';
import { resolvePlain, scanSimpleYaml } from './simple-yaml.js';
import type { PosNode } from './tree.js';

/** A composed document, or one nested too deep to compose (index: 0-based, in its file). */
export type FastDocument = { index: number; value: unknown; tree: PosNode } | { index: number; tooDeepAt: number };

type Token = CST.Token;
type SourceToken = CST.SourceToken;

type Composed = [unknown, PosNode];
type Pairs = { key: string; keyStart: number; value: PosNode | null }[];

/**
 * Documents of `text`, or undefined when the file needs the full composer. A document nested deeper
 * than `maxDepth` collections is returned as `tooDeepAt` (the offset of the first collection past
 * the limit) and not composed: the walk below recurses once per level.
 */
export function fastParse(text: string, maxDepth = Number.POSITIVE_INFINITY): FastDocument[] | undefined {
  // The line scanner first (no tokens, no CST): it takes the common manifests whole.
  const scanned = scanSimpleYaml(text, maxDepth);
  if (scanned !== undefined) return scanned;
  // Tabs have indentation rules of their own; leave them to the composer.
  if (text.includes('\t')) return undefined;
  return new FastComposer(text, maxDepth).documents();
}

const TRIVIA = new Set(['space', 'newline', 'comment', 'byte-order-mark']);
const DOC_START = new Set([...TRIVIA, 'doc-start']);
const SEQ_START = new Set([...TRIVIA, 'seq-item-ind']);
const SEP = new Set([...TRIVIA, 'map-value-ind']);
const FLOW_START = new Set([...TRIVIA, 'comma']);

const isEmptyScalar = (t: Token): boolean => t.type === 'scalar' && t.source === '';
// Predicates made once: the walk runs per token, and a closure per call is garbage (and, under tsx,
// a naming helper call) on the hottest path of validation.
const isValueIndicator = (t: SourceToken): boolean => t.type === 'map-value-ind';
const isNewline = (t: SourceToken): boolean => t.type === 'newline';
const isSeqIndicator = (t: SourceToken): boolean => t.type === 'seq-item-ind';
const isNotTrivia = (t: SourceToken): boolean => !TRIVIA.has(t.type);
const oneValueIndicator = (sep: SourceToken[] | undefined): sep is SourceToken[] => sep !== undefined && sep.filter(isValueIndicator).length === 1;

/**
 * One file's walk. Every method returns undefined (or false) when the file must go to the full
 * composer — a plain return, not an exception — and the callers pass that straight up.
 */
class FastComposer {
  /** Set when the walk stopped because a document is too deep (not a fallback). */
  private tooDeepAt: number | undefined;
  /** Set by yaml's scalar resolvers through onError. */
  private scalarFailed = false;
  private readonly onError = (): void => {
    this.scalarFailed = true;
  };

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  /** Converts each document as the parser yields it, so its CST dies young (cheap to collect). */
  documents(): FastDocument[] | undefined {
    const out: FastDocument[] = [];
    let index = 0;
    for (const token of new Parser().parse(this.text)) {
      if (token.type === 'document') {
        if (!this.document(token, index, out)) return undefined;
        index += 1;
      } else if (!this.trivia(token.type === 'doc-end' ? (token.end ?? []) : [token as SourceToken], TRIVIA)) {
        return undefined;
      }
    }
    return out;
  }

  private document(token: CST.Document, index: number, out: FastDocument[]): boolean {
    if (!this.trivia(token.start, DOC_START)) return false;
    if (token.value !== undefined) {
      const composed = this.node(token.value, 1);
      if (composed === undefined) {
        if (this.tooDeepAt === undefined) return false;
        out.push({ index, tooDeepAt: this.tooDeepAt });
        this.tooDeepAt = undefined;
        return true;
      }
      const [value, tree] = composed;
      // An empty plain scalar as the whole document: an empty document.
      if (!(tree.kind === 'scalar' && value === null && isEmptyScalar(token.value))) out.push({ index, value, tree });
    }
    return token.end === undefined || this.trivia(token.end, TRIVIA);
  }

  private column(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  private trivia(tokens: readonly SourceToken[], allowed: Set<string>): boolean {
    for (const t of tokens) {
      if (!allowed.has(t.type)) return false;
      // YAML wants white space before a comment; yaml's composer, not its parser, reports it.
      if (t.type === 'comment' && t.offset > 0 && !/\s/.test(this.text[t.offset - 1] as string)) return false;
    }
    return true;
  }

  /** `depth`: collections enclosing this node, plus one (the document's root collection is 1). */
  private node(token: Token, depth: number, inFlow = false): Composed | undefined {
    // "Block collections are not allowed within flow collections"
    if (inFlow && (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'block-scalar')) return undefined;
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar': {
        const value = this.scalar(token);
        return value === undefined ? undefined : [value, { kind: 'scalar', start: token.offset }];
      }
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (depth > this.maxDepth) {
          this.tooDeepAt = token.offset;
          return undefined;
        }
        if (token.type === 'block-map') return this.blockMap(token, depth);
        return token.type === 'block-seq' ? this.blockSeq(token, depth) : this.flow(token, depth);
      default:
        return undefined;
    }
  }

  /** The resolved value; undefined (never a scalar's value) when the composer must decide. */
  private scalar(token: CST.FlowScalar | CST.BlockScalar): unknown {
    if (token.type === 'block-scalar' && !this.trivia(token.props.slice(1) as SourceToken[], TRIVIA)) return undefined;
    if ('end' in token && token.end && !this.trivia(token.end, TRIVIA)) return undefined;
    this.scalarFailed = false;
    const resolved = CST.resolveAsScalar(token, true, this.onError);
    if (resolved === null || this.scalarFailed) return undefined;
    // Plain scalars take the first core type whose pattern matches (null, bool, int, float, str).
    return token.type === 'scalar' ? resolvePlain(resolved.value) : resolved.value;
  }

  /** Keys: single-line plain or quoted scalars that resolve to strings (what toJS would make them). */
  private key(token: Token | null | undefined): { key: string; start: number } | undefined {
    if (token === null || token === undefined) return undefined;
    if (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar') return undefined;
    if (token.source.includes('\n') || token.source.includes('\r')) return undefined;
    const value = this.scalar(token);
    if (typeof value !== 'string' || value === '__proto__') return undefined;
    return { key: value, start: token.offset };
  }

  private addPair(
    obj: Record<string, unknown>,
    pairs: Pairs,
    k: { key: string; start: number } | undefined,
    valueToken: Token | undefined,
    depth: number,
    inFlow = false,
  ): boolean {
    if (k === undefined || Object.hasOwn(obj, k.key)) return false; // yaml reports duplicate keys
    if (valueToken === undefined || (isEmptyScalar(valueToken) && !('end' in valueToken && valueToken.end?.some(isNotTrivia)))) {
      obj[k.key] = null;
      pairs.push({ key: k.key, keyStart: k.start, value: null });
      return true;
    }
    const composed = this.node(valueToken, depth + 1, inFlow);
    if (composed === undefined) return false;
    obj[k.key] = composed[0];
    pairs.push({ key: k.key, keyStart: k.start, value: composed[1] });
    return true;
  }

  private blockMap(token: CST.BlockMap, depth: number): Composed | undefined {
    const obj: Record<string, unknown> = {};
    const pairs: Pairs = [];
    for (const item of token.items) {
      if (!this.trivia(item.start, TRIVIA)) return undefined;
      if (!oneValueIndicator(item.sep) || !this.trivia(item.sep, SEP)) return undefined;
      const k = this.key(item.key);
      // "All mapping items must start at the same column"
      if (k === undefined || this.column(k.start) !== this.column(token.offset)) return undefined;
      // `a: b: c` / `a: - b` on one line: yaml rejects nested block collections in compact form.
      const blockValue = item.value?.type === 'block-map' || item.value?.type === 'block-seq';
      if (blockValue && !item.sep.some(isNewline)) return undefined;
      if (!this.addPair(obj, pairs, k, item.value, depth)) return undefined;
    }
    return [obj, { kind: 'map', start: token.offset, pairs }];
  }

  private blockSeq(token: CST.BlockSequence, depth: number): Composed | undefined {
    const arr: unknown[] = [];
    const items: (PosNode | null)[] = [];
    for (const item of token.items) {
      const dash = item.start.find(isSeqIndicator);
      if (dash === undefined || this.column(dash.offset) !== this.column(token.offset) || !this.trivia(item.start, SEQ_START)) return undefined;
      if (item.value === undefined || isEmptyScalar(item.value)) {
        arr.push(null);
        items.push(null);
        continue;
      }
      const composed = this.node(item.value, depth + 1);
      if (composed === undefined) return undefined;
      arr.push(composed[0]);
      items.push(composed[1]);
    }
    return [arr, { kind: 'seq', start: token.offset, items }];
  }

  private flow(token: CST.FlowCollection, depth: number): Composed | undefined {
    const isMap = token.start.type === 'flow-map-start';
    const close = token.end[0];
    if (close?.type !== (isMap ? 'flow-map-end' : 'flow-seq-end') || !this.trivia(token.end.slice(1), TRIVIA)) return undefined;
    const list = flowItems(token);
    for (let i = 0; i < list.length; i += 1) if (!this.flowStart((list[i] as CST.CollectionItem).start, i)) return undefined;
    if (isMap) {
      const obj: Record<string, unknown> = {};
      const pairs: Pairs = [];
      for (const item of list) {
        if (!oneValueIndicator(item.sep) || !this.trivia(item.sep, SEP)) return undefined;
        if (!this.addPair(obj, pairs, this.key(item.key), item.value, depth, true)) return undefined;
      }
      return [obj, { kind: 'map', start: token.offset, pairs }];
    }
    const arr: unknown[] = [];
    const items: (PosNode | null)[] = [];
    for (const item of list) {
      if (item.key !== undefined || item.sep !== undefined || item.value === undefined) return undefined;
      const composed = this.node(item.value, depth + 1, true);
      if (composed === undefined) return undefined;
      arr.push(composed[0]);
      items.push(composed[1]);
    }
    return [arr, { kind: 'seq', start: token.offset, items }];
  }

  /** Exactly one comma before every item but the first (a trailing comma lands in `end`). */
  private flowStart(start: readonly SourceToken[], index: number): boolean {
    const commas = start.filter((t) => t.type === 'comma').length;
    return this.trivia(start, FLOW_START) && commas === (index === 0 ? 0 : 1);
  }
}

/** The items, without the empty one a trailing comma leaves (`[a, b, ]`). */
function flowItems(token: CST.FlowCollection): CST.CollectionItem[] {
  const last = token.items.at(-1);
  const trailing =
    last !== undefined &&
    token.items.length > 1 &&
    last.key === undefined &&
    last.sep === undefined &&
    last.value === undefined &&
    last.start.every((t) => t.type === 'comma' || TRIVIA.has(t.type));
  return trailing ? token.items.slice(0, -1) : token.items;
}
