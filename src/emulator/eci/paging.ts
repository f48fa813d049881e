// Limit/NextToken paging (§10 #24): default 20, 1–100, the last page has no NextToken. The token
// is opaque to clients; it encodes the offset and the query it belongs to, so a token reused with
// another query is rejected rather than silently skipping items.
import { createHash } from 'node:crypto';
import { fingerprint } from './idempotency.js';
import { invalid, optional, positiveInt, type Params } from './params.js';

export interface Page<T> {
  items: T[];
  totalCount: number;
  nextToken?: string;
}

/** The query a token belongs to: the caller and every filter, not the page position. */
export function queryKeyOf(accountId: string, params: Params): string {
  const { Limit: _limit, NextToken: _token, ...filters } = params;
  return `${accountId}\u0000${fingerprint(filters)}`;
}

export function paginate<T>(all: T[], params: Params, queryKey: string): Page<T> {
  const limit = positiveInt(params, 'Limit', { min: 1, max: 100 }) ?? 20;
  const token = optional(params, 'NextToken');
  const offset = token === undefined ? 0 : decodeToken(token, queryKey);
  const items = all.slice(offset, offset + limit);
  const next = offset + limit;
  return { items, totalCount: all.length, ...(next < all.length ? { nextToken: encodeToken(next, queryKey) } : {}) };
}

function digest(queryKey: string): string {
  return createHash('sha256').update(queryKey).digest('hex').slice(0, 12);
}

function encodeToken(offset: number, queryKey: string): string {
  return Buffer.from(`${offset}:${digest(queryKey)}`).toString('base64url');
}

function decodeToken(token: string, queryKey: string): number {
  const [offset, check] = Buffer.from(token, 'base64url').toString('utf8').split(':');
  if (!offset || !/^\d+$/.test(offset) || check !== digest(queryKey)) throw invalid('NextToken', 'not a token of this query');
  return Number(offset);
}
