// Glob matching for Action, Resource and StringLike: `*` = any run (also empty), `?` = one character.
// Iterative with single backtrack point, so hostile patterns cost O(n·m) at worst, never exponential
// (a regex built from user patterns could be made to backtrack catastrophically).

export function wildcardMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  if (typeof pattern !== 'string' || typeof value !== 'string') return false;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pc === '*') {
      starAt = pi++;
      resumeAt = vi;
    } else if (pc !== undefined && (pc === '?' || pc === v[vi])) {
      pi++;
      vi++;
    } else if (starAt >= 0) {
      pi = starAt + 1;
      vi = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** Action names match case-insensitively (RAM treats `cr:pullrepository` as `cr:PullRepository`). */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/**
 * Resources match case-sensitively (resource IDs and names are case-sensitive), except the `acs:` prefix
 * and the service segment, which are product codes and case-insensitive. The reference does not say;
 * this is the stricter reading that still tolerates `acs:CR:` style spellings.
 */
export function resourceMatches(pattern: string, resource: string): boolean {
  return wildcardMatch(foldServicePrefix(pattern), foldServicePrefix(resource), false);
}

/** Lower-cases `acs:<service>:` so the case-insensitive part compares equal; other text is untouched. */
export function foldServicePrefix(text: string): string {
  if (typeof text !== 'string' || text.slice(0, 4).toLowerCase() !== 'acs:') return text;
  const end = text.indexOf(':', 4);
  if (end < 0) return text;
  return text.slice(0, end).toLowerCase() + text.slice(end);
}
