// Percent-encoding and parameter parsing shared by both signature schemes.

/** encodeURIComponent plus `!'()*`, as the signers use it. */
export function pe(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text: string, plusIsSpace: boolean): string {
  const spaced = plusIsSpace ? text.replace(/\+/g, ' ') : text;
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape cannot have been produced by a signer; keep the raw text so the
    // signature check (not a crash) rejects it.
    return spaced;
  }
}

/**
 * Decodes `a=1&b=2` into ordered pairs. The SDKs never send `+` for a space in the query, so `+` stays
 * literal there; form bodies follow the form-encoding rule where `+` is a space.
 */
export function parsePairs(raw: string, plusIsSpace: boolean): [string, string][] {
  if (raw === '') return [];
  return raw
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [decode(key, plusIsSpace), decode(value, plusIsSpace)];
    });
}

export function byKey(a: [string, string], b: [string, string]): number {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  return 0;
}
