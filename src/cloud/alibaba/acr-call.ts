// One ACR 2018-12-01 RPC call through the generic client's callApi (ACS3 signature, like the SDKs),
// and PageNo/PageSize paging to the last page; and one Personal Edition (2016-06-07, ROA) call.
// ACR answers `IsSuccess: false` with a `Code` on some failures; that is turned into an error here
// so classification treats it like an HTTP error.
import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import type { CallContext } from '../classify.js';
import type { AccountContext } from './context.js';

export const ACR_VERSION = '2018-12-01';
/** The largest page the reference allows (ListRepoTag: at most 100). */
export const ACR_PAGE_SIZE = 100;

export type AcrQuery = Record<string, string | number | undefined>;
export type AcrBody = Record<string, unknown>;

function queryOf(regionId: string, query: AcrQuery): Record<string, string> {
  const out: Record<string, string> = { RegionId: regionId };
  for (const [key, value] of Object.entries(query)) if (value !== undefined) out[key] = String(value);
  return out;
}

/** The failure shape classify.ts reads (`code`, `statusCode`, `data.RequestId`, `data.Message`). */
function unsuccessful(body: AcrBody, statusCode: number | undefined): Error {
  const error = new Error(String(body.Message ?? 'ACR answered IsSuccess=false')) as Error & Record<string, unknown>;
  Object.assign(error, { name: 'AcrError', code: String(body.Code ?? 'UnknownError'), statusCode, data: body });
  return error;
}

export async function acrCall(c: AccountContext, regionId: string, ctx: Omit<CallContext, 'service'>, query: AcrQuery = {}): Promise<AcrBody> {
  const params = new $OpenApi.Params({ action: ctx.action, version: ACR_VERSION, protocol: 'HTTPS', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
  const request = new $OpenApi.OpenApiRequest({ query: queryOf(regionId, query) });
  return c.run({ ...ctx, service: 'cr' }, async () => {
    // SDK retries stay off: the runner retries, with the shared limiter and backoff.
    const reply = (await c.cr(regionId).callApi(params, request, new $Util.RuntimeOptions({ autoretry: false }))) as { body?: AcrBody; statusCode?: number };
    const body = reply.body ?? {};
    if (body.IsSuccess === false) throw unsuccessful(body, reply.statusCode);
    return body;
  });
}

export const ACR_PERSONAL_VERSION = '2016-06-07';

/**
 * One ACR Personal Edition call (API 2016-06-07, ROA: GET on a path), through the same generic
 * client and ACS3 signature. The real endpoint `cr.<region>.aliyuncs.com` names the region; RegionId
 * is sent in the query as well, because a loopback endpoint (the emulator) carries none. The body is
 * `{data, requestId}`; `data` is returned.
 */
export async function acrPersonalCall(c: AccountContext, regionId: string, ctx: Omit<CallContext, 'service'>, pathname: string, query: AcrQuery = {}): Promise<AcrBody> {
  const params = new $OpenApi.Params({ action: ctx.action, version: ACR_PERSONAL_VERSION, protocol: 'HTTPS', pathname, method: 'GET', authType: 'AK', style: 'ROA', reqBodyType: 'json', bodyType: 'json' });
  const request = new $OpenApi.OpenApiRequest({ query: queryOf(regionId, query) });
  return c.run({ ...ctx, service: 'cr' }, async () => {
    const reply = (await c.cr(regionId).callApi(params, request, new $Util.RuntimeOptions({ autoretry: false }))) as { body?: AcrBody };
    const data = reply.body?.data;
    return data !== null && typeof data === 'object' ? (data as AcrBody) : {};
  });
}

/** Fetches pages from 1 until `total` items, or a short page, have come (ACR's paging, both APIs). */
export async function allPages<T>(fetch: (page: number) => Promise<{ items: T[]; total: unknown }>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page += 1) {
    const { items, total } = await fetch(page);
    out.push(...items);
    const expected = Number(total);
    if (items.length < ACR_PAGE_SIZE || (Number.isFinite(expected) && out.length >= expected)) return out;
  }
}

/** Calls a listing action page by page (PageNo from 1) until TotalCount items, or a short page, have come. */
export function acrPages<T>(c: AccountContext, regionId: string, ctx: Omit<CallContext, 'service'>, query: AcrQuery, items: (body: AcrBody) => T[]): Promise<T[]> {
  return allPages(async (pageNo) => {
    const body = await acrCall(c, regionId, ctx, { ...query, PageNo: pageNo, PageSize: ACR_PAGE_SIZE });
    return { items: items(body), total: body.TotalCount };
  });
}
