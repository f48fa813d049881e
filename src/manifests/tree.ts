// A minimal positioned tree of one YAML document: enough to turn a data path back into an offset.
// Built either by the fast path (fast-yaml.ts) or from a composed yaml Document (the fallback).
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

export type PosNode =
  | { kind: 'map'; start: number; pairs: { key: string; keyStart: number; value: PosNode | null }[] }
  | { kind: 'seq'; start: number; items: (PosNode | null)[] }
  | { kind: 'scalar'; start: number };

/** From a composed yaml node. An empty value (`key:`) becomes null, as the fast path has it. */
export function treeOf(node: Node | null | undefined): PosNode | null {
  if (node === null || node === undefined) return null;
  const start = node.range?.[0] ?? 0;
  if (isSeq(node)) return { kind: 'seq', start, items: node.items.map((item) => treeOf(item as Node | null)) };
  if (isMap(node)) {
    const pairs: { key: string; keyStart: number; value: PosNode | null }[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      const keyValue = isScalar(key) ? key.value : key;
      pairs.push({ key: String(keyValue), keyStart: key?.range?.[0] ?? start, value: treeOf(pair.value as Node | null) });
    }
    return { kind: 'map', start, pairs };
  }
  const range = node.range;
  if (isScalar(node) && node.value === null && range && range[0] === range[1]) return null;
  return { kind: 'scalar', start };
}
