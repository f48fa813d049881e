// A fast path for the plain YAML manifests are made of. Composing full yaml Documents dominates
// validation time (~80 % of 10,000 documents), so simple documents are built straight from the
// parser's CST into plain data plus a position tree. Anything unusual — anchors, aliases, tags,
// directives, explicit or multi-line keys, duplicate keys, flow pairs outside maps, parser errors —
// returns undefined and the caller composes the file with the full yaml library instead, so the
// fast path never has to be right about hard cases. A differential property test holds it to yaml's
// own results.
import { CST, isScalar, Parser, Schema } from 'yaml';
import type { PosNode } from './tree.js';

export interface FastDocument {
  /** 0-based index of the document in its file. */
  index: number;
  value: unknown;
  tree: PosNode;
}

type Token = CST.Token;
type SourceToken = CST.SourceToken;

class Fallback extends Error {}
const fallback = (): never => {
  throw new Fallback();
};

// The core schema's implicit scalar types, in yaml's own resolution order.
const coreTags = new Schema({ schema: 'core' }).tags.filter((t) => t.default === true && !('collection' in t && t.collection) && 'test' in t && t.test);

/** Documents of `text`, or undefined when the file needs the full composer. */
export function fastParse(text: string): FastDocument[] | undefined {
  // Tabs have indentation rules of their own; leave them to the composer.
  if (text.includes('\t')) return undefined;
  source = text;
  // The parser reads `process.env.LOG_TOKENS` once per token, and Node's env object is slow to read
  // (a call into C++ each time): a third of the parser's time on 10,000 documents. For the duration
  // of this synchronous call a plain copy stands in; no other code can run before it is put back.
  const env = process.env;
  process.env = { ...env };
  try {
    return documents(text);
  } catch (error) {
    if (error instanceof Fallback) return undefined;
    throw error;
  } finally {
    process.env = env;
  }
}

/** Converts each document as the parser yields it, so its CST dies young (cheap to collect). */
function documents(text: string): FastDocument[] {
  const out: FastDocument[] = [];
  let index = 0;
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document') {
      checkTrivia(token.start, DOC_START);
      if (token.value !== undefined) {
        const [value, tree] = node(token.value);
        // An empty plain scalar as the whole document: an empty document.
        if (!(tree.kind === 'scalar' && value === null && isEmptyScalar(token.value))) out.push({ index, value, tree });
      }
      if (token.end) checkTrivia(token.end, TRIVIA);
      index += 1;
    } else if (token.type === 'doc-end') {
      checkTrivia(token.end ?? [], TRIVIA);
    } else {
      checkTrivia([token as SourceToken], TRIVIA);
    }
  }
  return out;
}

const TRIVIA = new Set(['space', 'newline', 'comment', 'byte-order-mark']);
const DOC_START = new Set([...TRIVIA, 'doc-start']);
const SEQ_START = new Set([...TRIVIA, 'seq-item-ind']);
const SEP = new Set([...TRIVIA, 'map-value-ind']);
const FLOW_START = new Set([...TRIVIA, 'comma']);

// The text being parsed (fastParse is synchronous and not re-entrant), for checks the CST leaves to
// the composer.
let source = '';

const column = (offset: number): number => offset - (source.lastIndexOf('\n', offset - 1) + 1);

function checkTrivia(tokens: readonly SourceToken[], allowed: Set<string>): void {
  for (const t of tokens) {
    if (!allowed.has(t.type)) fallback();
    // YAML wants white space before a comment; yaml's composer, not its parser, reports it.
    if (t.type === 'comment' && t.offset > 0 && !/\s/.test(source[t.offset - 1] as string)) fallback();
  }
}

const isEmptyScalar = (t: Token): boolean => t.type === 'scalar' && t.source === '';

function node(token: Token, inFlow = false): [unknown, PosNode] {
  // "Block collections are not allowed within flow collections"
  if (inFlow && (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'block-scalar')) fallback();
  switch (token.type) {
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'block-scalar':
      return [scalar(token), { kind: 'scalar', start: token.offset }];
    case 'block-map':
      return blockMap(token);
    case 'block-seq':
      return blockSeq(token);
    case 'flow-collection':
      return flow(token);
    default:
      return fallback();
  }
}

function scalar(token: CST.FlowScalar | CST.BlockScalar): unknown {
  if (token.type === 'block-scalar') checkTrivia(token.props.slice(1) as SourceToken[], TRIVIA);
  if ('end' in token && token.end) checkTrivia(token.end, TRIVIA);
  let failed = false;
  const resolved = CST.resolveAsScalar(token, true, () => void (failed = true));
  if (resolved === null || failed) return fallback();
  if (token.type !== 'scalar') return resolved.value;
  // Plain scalars take the first core type whose pattern matches (null, bool, int, float, str).
  const tag = coreTags.find((t) => (t as { test: RegExp }).test.test(resolved.value));
  if (tag === undefined) return resolved.value;
  const value = (tag as { resolve: (s: string, onError: () => void, o: object) => unknown }).resolve(resolved.value, fallback, {});
  // Some tags (null, floats with a format) wrap their value in a Scalar.
  const plain = isScalar(value) ? value.value : value;
  return plain !== null && typeof plain === 'object' ? fallback() : plain;
}

/** Keys: single-line plain or quoted scalars that resolve to strings (what toJS would make them). */
function key(token: Token | null | undefined): { key: string; start: number } {
  if (token === null || token === undefined) return fallback();
  if (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar') return fallback();
  if (token.source.includes('\n') || token.source.includes('\r')) return fallback();
  const value = scalar(token);
  if (typeof value !== 'string' || value === '__proto__') return fallback();
  return { key: value, start: token.offset };
}

function addPair(
  obj: Record<string, unknown>,
  pairs: { key: string; keyStart: number; value: PosNode | null }[],
  k: { key: string; start: number },
  valueToken: Token | undefined,
  inFlow = false,
): void {
  if (Object.hasOwn(obj, k.key)) fallback(); // yaml reports duplicate keys
  if (valueToken === undefined || (isEmptyScalar(valueToken) && !('end' in valueToken && valueToken.end?.some((t) => !TRIVIA.has(t.type))))) {
    obj[k.key] = null;
    pairs.push({ key: k.key, keyStart: k.start, value: null });
    return;
  }
  const [value, tree] = node(valueToken, inFlow);
  obj[k.key] = value;
  pairs.push({ key: k.key, keyStart: k.start, value: tree });
}

function blockMap(token: CST.BlockMap): [unknown, PosNode] {
  const obj: Record<string, unknown> = {};
  const pairs: { key: string; keyStart: number; value: PosNode | null }[] = [];
  for (const item of token.items) {
    checkTrivia(item.start, TRIVIA);
    if (item.sep?.filter((t) => t.type === 'map-value-ind').length !== 1) fallback();
    checkTrivia(item.sep as SourceToken[], SEP);
    const k = key(item.key);
    if (column(k.start) !== column(token.offset)) fallback(); // "All mapping items must start at the same column"
    // `a: b: c` / `a: - b` on one line: yaml rejects nested block collections in compact form.
    const blockValue = item.value?.type === 'block-map' || item.value?.type === 'block-seq';
    if (blockValue && !(item.sep ?? []).some((t) => t.type === 'newline')) fallback();
    addPair(obj, pairs, k, item.value);
  }
  return [obj, { kind: 'map', start: token.offset, pairs }];
}

function blockSeq(token: CST.BlockSequence): [unknown, PosNode] {
  const arr: unknown[] = [];
  const items: (PosNode | null)[] = [];
  for (const item of token.items) {
    const dash = item.start.find((t) => t.type === 'seq-item-ind');
    if (dash === undefined || column(dash.offset) !== column(token.offset)) fallback();
    checkTrivia(item.start, SEQ_START);
    if (item.value === undefined || isEmptyScalar(item.value)) {
      arr.push(null);
      items.push(null);
      continue;
    }
    const [value, tree] = node(item.value);
    arr.push(value);
    items.push(tree);
  }
  return [arr, { kind: 'seq', start: token.offset, items }];
}

function flow(token: CST.FlowCollection): [unknown, PosNode] {
  const isMap = token.start.type === 'flow-map-start';
  const close = token.end[0];
  if (close?.type !== (isMap ? 'flow-map-end' : 'flow-seq-end')) fallback();
  checkTrivia(token.end.slice(1), TRIVIA);
  if (isMap) {
    const obj: Record<string, unknown> = {};
    const pairs: { key: string; keyStart: number; value: PosNode | null }[] = [];
    flowItems(token).forEach((item, i) => {
      checkFlowStart(item.start, i);
      if (item.sep?.filter((t) => t.type === 'map-value-ind').length !== 1) fallback();
      checkTrivia(item.sep as SourceToken[], SEP);
      addPair(obj, pairs, key(item.key), item.value, true);
    });
    return [obj, { kind: 'map', start: token.offset, pairs }];
  }
  const arr: unknown[] = [];
  const items: (PosNode | null)[] = [];
  flowItems(token).forEach((item, i) => {
    checkFlowStart(item.start, i);
    if (item.key !== undefined || item.sep !== undefined || item.value === undefined) fallback();
    const [value, tree] = node(item.value as Token, true);
    arr.push(value);
    items.push(tree);
  });
  return [arr, { kind: 'seq', start: token.offset, items }];
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

/** Exactly one comma before every item but the first (a trailing comma lands in `end`). */
function checkFlowStart(start: readonly SourceToken[], index: number): void {
  checkTrivia(start, FLOW_START);
  const commas = start.filter((t) => t.type === 'comma').length;
  if (commas !== (index === 0 ? 0 : 1)) fallback();
}
