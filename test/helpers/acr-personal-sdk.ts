// ACR Personal Edition (2016-06-07, ROA) through the official generic client: callApi with
// style ROA signs the method, path and query with ACS3-HMAC-SHA256, as a generated SDK would.
import * as $OpenApi from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import * as $Util from '@alicloud/tea-util';
import type { AcrClient } from './acr-sdk.js';

export const PERSONAL_VERSION = '2016-06-07';

export interface RoaCall {
  action: string;
  pathname: string;
  /** Default GET. */
  method?: string;
  query?: Record<string, string | number>;
}

/** One ROA call; returns the JSON body and the response headers. */
export async function personalCall(client: AcrClient, call: RoaCall): Promise<{ body: any; headers: Record<string, string> }> {
  const params = new $OpenApi.Params({ action: call.action, version: PERSONAL_VERSION, protocol: 'HTTP', pathname: call.pathname, method: call.method ?? 'GET', authType: 'AK', style: 'ROA', reqBodyType: 'json', bodyType: 'json' });
  const request = new $OpenApi.OpenApiRequest({ query: OpenApiUtil.default.query(call.query ?? {}) });
  const reply = await client.callApi(params, request, new $Util.RuntimeOptions({}));
  return { body: reply.body, headers: reply.headers as Record<string, string> };
}
