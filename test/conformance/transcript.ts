// A conformance transcript: what each call sent and what came back, without secrets or account IDs.
// Responses are reduced to field names and types, so a run against the real cloud and one against the
// emulator can be compared call by call even though IDs, dates and request IDs differ.

export type Account = 'A' | 'B';

export interface TranscriptEntry {
  scenario: string;
  account: Account;
  service: 'ram' | 'sts' | 'eci';
  action: string;
  /** Business parameters with account IDs, the run's prefix and resource IDs replaced by placeholders. */
  params: Record<string, string>;
  status: number;
  /** The Alibaba error code, or null on success. */
  code: string | null;
  /** `path: type` of every response field (`Role.RoleName: string`, `ImageCaches[].Events[].Type: string`). */
  fields: string[];
}

export interface Transcript {
  /** `emulator` or `alibaba-cloud`: a transcript never pretends to come from where it did not. */
  target: 'emulator' | 'alibaba-cloud';
  note: string;
  scenarios: string[];
  entries: TranscriptEntry[];
}

/** `path: type` for every leaf and container of a JSON value; arrays merge their elements' shapes. */
export function fieldShapes(value: unknown, path = ''): string[] {
  const here = (type: string) => (path === '' ? [] : [`${path}: ${type}`]);
  if (Array.isArray(value)) return unique([...here('array'), ...value.flatMap((v) => fieldShapes(v, `${path}[]`))]);
  if (value !== null && typeof value === 'object') {
    const nested = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => fieldShapes(v, path === '' ? k : `${path}.${k}`));
    return unique([...here('object'), ...nested]);
  }
  return here(value === null ? 'null' : typeof value);
}

function unique(items: string[]): string[] {
  return [...new Set(items)].sort();
}

/** Replaces every occurrence of each secret-ish value by its placeholder (longest first). */
export function redact(text: string, placeholders: Map<string, string>): string {
  let out = text;
  for (const [value, name] of [...placeholders].sort((a, b) => b[0].length - a[0].length)) {
    if (value !== '') out = out.split(value).join(name);
  }
  return out;
}

const key = (e: TranscriptEntry) => `${e.scenario} #${e.account} ${e.service}:${e.action}`;

/**
 * Every difference between an expected transcript (e.g. from the real cloud) and an actual one (the
 * emulator), per scenario and call position. Field differences list only names the two do not share.
 */
export function diffTranscripts(expected: Transcript, actual: Transcript): string[] {
  const out: string[] = [];
  for (const scenario of expected.scenarios) {
    const want = expected.entries.filter((e) => e.scenario === scenario);
    const got = actual.entries.filter((e) => e.scenario === scenario);
    if (!actual.scenarios.includes(scenario)) {
      out.push(`${scenario}: not run`);
      continue;
    }
    for (let i = 0; i < Math.max(want.length, got.length); i += 1) {
      const w = want[i];
      const g = got[i];
      if (!w || !g) {
        out.push(`${scenario} call ${i + 1}: ${w ? `missing ${key(w)}` : `extra ${key(g as TranscriptEntry)}`}`);
        continue;
      }
      const where = `${scenario} call ${i + 1} ${key(w)}`;
      if (key(w) !== key(g)) out.push(`${where}: other call ${key(g)}`);
      if (JSON.stringify(w.params) !== JSON.stringify(g.params)) out.push(`${where}: params ${JSON.stringify(w.params)} != ${JSON.stringify(g.params)}`);
      if (w.status !== g.status) out.push(`${where}: status ${w.status} != ${g.status}`);
      if (w.code !== g.code) out.push(`${where}: code ${w.code} != ${g.code}`);
      const missing = w.fields.filter((f) => !g.fields.includes(f));
      const extra = g.fields.filter((f) => !w.fields.includes(f));
      if (missing.length > 0) out.push(`${where}: fields missing ${missing.join(', ')}`);
      if (extra.length > 0) out.push(`${where}: fields extra ${extra.join(', ')}`);
    }
  }
  return out;
}
