// ECI's flattened parameters: `Image.1`, `Tag.1.Key`,
// `AcrRegistryInfo.1.Domain.2`. Indices are grouped numerically (`Image.10` after `Image.9`), and
// scalars arrive as text. Bad input is an ApiError the SDK shows as Code/Message.
import { ApiError } from '../contracts.js';
import type { AcrRegistryInfo } from '../pull/types.js';

export type Params = Record<string, string>;

export function missing(name: string): ApiError {
  return new ApiError('MissingParameter', 400, `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
}

export function invalid(name: string, why: string): ApiError {
  return new ApiError('InvalidParameter', 400, `The parameter ${name} is invalid: ${why}.`);
}

export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw missing(name);
  return value;
}

export function optional(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

export function positiveInt(params: Params, name: string, range: { min?: number; max?: number } = {}): number | undefined {
  const text = optional(params, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  const min = range.min ?? 1;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^\d+$/.test(text) || value < min || value > max) throw invalid(name, `expected an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

export function bool(params: Params, name: string): boolean | undefined {
  const text = optional(params, name);
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') throw invalid(name, `expected true or false, got "${text}"`);
  return text === 'true';
}

/** `Name.N` → values in numeric index order. */
export function flatList(params: Params, name: string): string[] {
  return indexed(params, name)
    .filter((e) => e.rest === '')
    .sort((a, b) => a.index - b.index)
    .map((e) => e.value);
}

/** `Name.N.Field[.M]` → one object per N in numeric order; `.M` lists gather into arrays. */
interface Gathered {
  fields: Record<string, string>;
  lists: Map<string, [number, string][]>;
}

export function objectList(params: Params, name: string): { fields: Record<string, string>; lists: Record<string, string[]> }[] {
  const byIndex = new Map<number, Gathered>();
  for (const { index, rest, value } of indexed(params, name)) {
    const match = /^\.([A-Za-z]+)(?:\.(\d+))?$/.exec(rest);
    if (!match) continue;
    const [, field = '', sub] = match;
    const item: Gathered = byIndex.get(index) ?? { fields: {}, lists: new Map() };
    byIndex.set(index, item);
    if (sub === undefined) item.fields[field] = value;
    else item.lists.set(field, [...(item.lists.get(field) ?? []), [Number(sub), value]]);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, item]) => ({
      fields: item.fields,
      lists: Object.fromEntries([...item.lists.entries()].map(([k, v]) => [k, v.sort((a, b) => a[0] - b[0]).map(([, s]) => s)])),
    }));
}

function indexed(params: Params, name: string): { index: number; rest: string; value: string }[] {
  const prefix = `${name}.`;
  const out: { index: number; rest: string; value: string }[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith(prefix)) continue;
    const match = /^(\d+)(.*)$/.exec(key.slice(prefix.length));
    if (!match) continue;
    out.push({ index: Number(match[1]), rest: match[2] ?? '', value });
  }
  return out;
}

export interface Tag {
  Key: string;
  Value: string;
}

export function tags(params: Params, max = 20): Tag[] {
  const list = objectList(params, 'Tag').map(({ fields }) => ({ Key: fields.Key ?? '', Value: fields.Value ?? '' }));
  if (list.length > max) throw invalid('Tag', `at most ${max} tags`);
  list.forEach((t, i) => {
    if (t.Key === '') throw invalid(`Tag.${i + 1}.Key`, 'a tag needs a key');
  });
  return list;
}

/** The describe filter: every wanted tag present; an empty wanted value matches any value of the key. */
export function hasTags(have: Tag[], wanted: Tag[]): boolean {
  return wanted.every((t) => have.some((h) => h.Key === t.Key && (t.Value === '' || h.Value === t.Value)));
}

export function acrRegistryInfo(params: Params): (AcrRegistryInfo & { index: number })[] {
  return objectList(params, 'AcrRegistryInfo').map(({ fields, lists }, i) => {
    const entry: AcrRegistryInfo & { index: number } = { index: i + 1, domains: (lists.Domain ?? []).filter((d) => d !== '').map((d) => d.toLowerCase()) };
    if (fields.InstanceId) entry.instanceId = fields.InstanceId;
    if (fields.InstanceName) entry.instanceName = fields.InstanceName;
    if (fields.RegionId) entry.regionId = fields.RegionId;
    if (fields.ArnService) entry.arnService = fields.ArnService;
    if (fields.ArnUser) entry.arnUser = fields.ArnUser;
    return entry;
  });
}

/** `VSwitchId` may hold up to 10 comma-separated IDs. */
export function vSwitchIds(params: Params, name = 'VSwitchId'): string[] {
  const ids = (optional(params, name) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length > 10) throw invalid(name, 'at most 10 vSwitch IDs');
  return ids;
}
