// Marker paging for ListRoles/ListPolicies: the marker names the creation sequence of the next item,
// so deleting items between pages neither skips nor repeats the rest.
import { integer, invalid, optional } from '../params.js';

export interface Page<T> {
  items: T[];
  marker?: string;
}

export function markerPage<T extends { seq: number }>(all: T[], params: Record<string, string>): Page<T> {
  const maxItems = integer(params, 'MaxItems', 100, [1, 1000], 'InvalidParameter.MaxItems');
  const markerText = optional(params, 'Marker');
  let from = 0;
  if (markerText !== undefined) {
    const decoded = Number(Buffer.from(markerText, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded <= 0) throw invalid('InvalidParameter.Marker', 'The parameter Marker is invalid.');
    from = decoded;
  }
  const sorted = all.filter((item) => item.seq >= from).sort((a, b) => a.seq - b.seq);
  const items = sorted.slice(0, maxItems);
  const next = sorted[maxItems];
  return next ? { items, marker: Buffer.from(String(next.seq)).toString('base64url') } : { items };
}

/** ListRoles/ListPolicies shape: `IsTruncated`, and `Marker` only when truncated. */
export function pageFields(page: Page<unknown>): Record<string, unknown> {
  return page.marker === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.marker };
}
