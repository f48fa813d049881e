// ClientToken: the same token with the same business parameters replays
// the first successful result; with different parameters it is IdempotentParameterMismatch.
// Failed requests are not remembered, so they fail again until fixed. Tokens live as long as the
// process (§10 #28).
import { ApiError } from '../contracts.js';
import { invalid, type Params } from './params.js';

/** Per-attempt and platform parameters: they differ between retries and say nothing about intent. */
const NOT_COMPARED = new Set([
  'ClientToken', 'Action', 'Version', 'Format', 'Timestamp', 'SignatureNonce', 'SignatureMethod', 'SignatureVersion',
  'Signature', 'AccessKeyId', 'SecurityToken', 'OwnerId', 'OwnerAccount', 'ResourceOwnerId', 'ResourceOwnerAccount',
]);

export function fingerprint(params: Params): string {
  const kept = Object.keys(params)
    .filter((k) => !NOT_COMPARED.has(k))
    .sort()
    .map((k) => [k, params[k]]);
  return JSON.stringify(kept);
}

interface Remembered {
  fingerprint: string;
  body: Record<string, unknown>;
}

export class TokenLedger {
  private readonly seen = new Map<string, Remembered>();

  /** Runs `perform` unless this token was used before; remembers only successful results. */
  once(accountId: string, action: string, params: Params, perform: () => Record<string, unknown>): Record<string, unknown> {
    const token = params.ClientToken;
    if (token === undefined || token === '') return perform();
    if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) throw invalid('ClientToken', 'at most 64 ASCII characters');
    const key = `${accountId}\u0000${action}\u0000${token}`;
    const print = fingerprint(params);
    const previous = this.seen.get(key);
    if (previous) {
      if (previous.fingerprint !== print) {
        throw new ApiError('IdempotentParameterMismatch', 400, 'The request uses the same client token as a previous, but non-identical request.');
      }
      return previous.body;
    }
    const body = perform();
    this.seen.set(key, { fingerprint: print, body });
    return body;
  }
}
