// ACR's PageNo/PageSize paging: PageNo from 1, PageSize at most 100 (ListRepoTag: "分页限制为最多
// 100 条记录"); the default page size of 30 follows the reference's examples and is unconfirmed.
import { optional } from '../params.js';
import { acrErrors } from './errors.js';

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;

/** A 1-based integer parameter up to `max`; absent → fallback; otherwise PARAM_INVALID. */
export function positive(params: Record<string, string>, name: string, fallback: number, max: number): number {
  const text = optional(params, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) throw acrErrors.paramInvalid(name, `must be an integer from 1 to ${max}`);
  return value;
}

/** The page and the paging fields of the answer; TotalCount is a string, as the reference shows it. */
export function page<T>(all: readonly T[], params: Record<string, string>): { items: T[]; fields: { PageNo: number; PageSize: number; TotalCount: string } } {
  const pageNo = positive(params, 'PageNo', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = positive(params, 'PageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const start = (pageNo - 1) * pageSize;
  return { items: all.slice(start, start + pageSize), fields: { PageNo: pageNo, PageSize: pageSize, TotalCount: String(all.length) } };
}
