// ACR 2018-12-01 through the official generic client: `@alicloud/openapi-client`'s callApi signs
// each call with ACS3-HMAC-SHA256, exactly as a generated SDK would (there is no Node ACR package here).
import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import * as $Util from '@alicloud/tea-util';
import type { TestCredentials } from './sdk.js';

export type AcrClient = InstanceType<typeof OpenApi.default>;

export function acrClient(endpoint: string, creds: TestCredentials): AcrClient {
  return new OpenApi.default(new $OpenApi.Config({
    endpoint,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    ...(creds.securityToken ? { securityToken: creds.securityToken } : {}),
    readTimeout: 5000,
    connectTimeout: 5000,
  }));
}

/** One RPC call; returns the JSON body. */
export async function acrCall(client: AcrClient, action: string, query: Record<string, string | number>): Promise<any> {
  const params = new $OpenApi.Params({ action, version: '2018-12-01', protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
  const request = new $OpenApi.OpenApiRequest({ query: OpenApiUtil.default.query(query) });
  const reply = await client.callApi(params, request, new $Util.RuntimeOptions({}));
  return reply.body;
}
