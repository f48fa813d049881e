// Legacy RPC signature HMAC-SHA1, used by `signatureAlgorithm: 'v2'`
// clients and by @alicloud/credentials' role-ARN provider.
import { createHmac } from 'node:crypto';
import { byKey, pe } from './encoding.js';

/** `params` = every query parameter except Signature, plus every form-body parameter. */
export function sha1Signature(method: string, params: [string, string][], secret: string): string {
  const canonical = [...params].sort(byKey).map(([k, v]) => `${pe(k)}=${pe(v)}`).join('&');
  const stringToSign = `${method}&%2F&${pe(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}
