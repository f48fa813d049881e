export { createAlibabaProvider, type AlibabaProvider, type AlibabaProviderOptions, type CallEvent, type RetryNotice } from './provider.js';
export { parseEndpoint, globalEndpoint, type Endpoint } from './endpoint.js';
export { defaultTimeouts, type Timeouts } from './clients.js';
export { registryCatalog } from './acr.js';
