// Construction of the official SDK clients (RAM, STS, ECI, and the generic client for ACR). Timeouts are
// always set as a pair (the connect timer doubles as a socket idle timer); SDK retries stay off and the
// legacy v2 signature is never selected, so credentials never travel in the URL.
import Ram from '@alicloud/ram20150501';
import Sts from '@alicloud/sts20150401';
import Eci from '@alicloud/eci20180808';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import OpenApi, { Config as EciConfig } from '@alicloud/openapi-client';
import type { Endpoint } from './endpoint.js';
import type { SdkCredential } from './credentials.js';

export type RamClient = InstanceType<typeof Ram.default>;
export type StsClient = InstanceType<typeof Sts.default>;
export type EciClient = InstanceType<typeof Eci.default>;
/** ACR has no Node SDK package: the generic client's callApi signs its calls like any SDK. */
export type AcrClient = InstanceType<typeof OpenApi.default>;

export interface Timeouts {
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

export const defaultTimeouts: Timeouts = { connectTimeoutMs: 5_000, readTimeoutMs: 15_000 };

/** The one option set both Config classes take (ECI's SDK still uses the older openapi-client Config). */
function configOptions(endpoint: Endpoint, credential: SdkCredential, timeouts: Timeouts, regionId: string) {
  return {
    endpoint: endpoint.host,
    protocol: endpoint.protocol,
    regionId,
    credential,
    readTimeout: timeouts.readTimeoutMs,
    connectTimeout: timeouts.connectTimeoutMs,
  };
}

export function ramClient(endpoint: Endpoint, credential: SdkCredential, timeouts: Timeouts, regionId: string): RamClient {
  return new Ram.default(new $OpenApiUtil.Config(configOptions(endpoint, credential, timeouts, regionId)));
}

export function stsClient(endpoint: Endpoint, credential: SdkCredential, timeouts: Timeouts, regionId: string): StsClient {
  return new Sts.default(new $OpenApiUtil.Config(configOptions(endpoint, credential, timeouts, regionId)));
}

export function eciClient(endpoint: Endpoint, credential: SdkCredential, timeouts: Timeouts, regionId: string): EciClient {
  return new Eci.default(new EciConfig(configOptions(endpoint, credential, timeouts, regionId)));
}

export function acrClient(endpoint: Endpoint, credential: SdkCredential, timeouts: Timeouts, regionId: string): AcrClient {
  return new OpenApi.default(new EciConfig(configOptions(endpoint, credential, timeouts, regionId)));
}
