// "Did you mean …?" for names a person typed: flags, region IDs. Edit distance (Levenshtein, case
// folded) with a bound that grows with the word, so `--manifest` finds `--manifests` and `cn-shangai`
// finds `cn-shanghai`, while an unrelated word suggests nothing rather than something random.

/** Levenshtein distance between two strings (insert, delete, substitute: cost 1 each). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitute = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidates nearest to `word` (ties kept, in the given order), or [] when none is close enough. */
export function closest(word: string, candidates: readonly string[], maxDistance = Math.max(1, Math.floor(word.length / 4))): string[] {
  const folded = word.toLowerCase();
  let best = maxDistance + 1;
  let found: string[] = [];
  for (const candidate of candidates) {
    const d = editDistance(folded, candidate.toLowerCase());
    if (d < best) [best, found] = [d, [candidate]];
    else if (d === best && d <= maxDistance) found.push(candidate);
  }
  return found;
}

/** "X", "X or Y", "X, Y or Z". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
