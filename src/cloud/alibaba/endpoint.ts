// Where each client sends its calls. The SDK Config takes a host[:port] without scheme plus a
// separate `protocol` (a scheme inside `endpoint` yields `http://http//…`),
// so every override is parsed into that pair here.
import type { DesiredAccount } from '../../model/desired.js';
import type { Service } from '../classify.js';

/** An endpoint override that cannot be used: the user's input, so the CLI reports it as invalid input (exit 3). */
export class EndpointError extends Error {
  override name = 'EndpointError';
}

export interface Endpoint {
  host: string;
  protocol: 'http' | 'https';
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

/**
 * `host[:port]` or `http(s)://host[:port][/]`. Without a scheme a loopback host means plain HTTP
 * (the emulator), anything else HTTPS (Alibaba's endpoints are HTTPS-only).
 */
export function parseEndpoint(raw: string, what = '--endpoint'): Endpoint {
  const text = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    const protocol = scheme[1]!.toLowerCase();
    if (protocol !== 'http' && protocol !== 'https') throw new EndpointError(`${what}: unsupported scheme "${protocol}" (use http or https)`);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new EndpointError(`${what}: "${text}" is not a valid URL`);
    }
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.username) {
      throw new EndpointError(`${what}: give only scheme, host and port, e.g. http://127.0.0.1:8080`);
    }
    return { host: url.host, protocol };
  }
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(text)) {
    throw new EndpointError(`${what}: "${text}" is not host, host:port or http(s)://host:port`);
  }
  return { host: text, protocol: LOOPBACK.test(text) ? 'http' : 'https' };
}

/** The global override: the explicit option, else ECI_ACR_RECONCILER_ENDPOINT; empty = unset. */
export function globalEndpoint(explicit: string | undefined, env: Record<string, string | undefined>): Endpoint | undefined {
  const raw = explicit?.trim() || env['ECI_ACR_RECONCILER_ENDPOINT']?.trim();
  if (!raw) return undefined;
  return parseEndpoint(raw, explicit?.trim() ? '--endpoint' : 'ECI_ACR_RECONCILER_ENDPOINT');
}

/**
 * Emulator mode: the global override names a loopback address, so every call of every Account goes
 * to this machine and the Accounts' own `endpoints` are never used. A malformed value is not
 * emulator mode (the command that uses it reports it).
 */
export function isEmulatorMode(explicit: string | undefined, env: Record<string, string | undefined>): boolean {
  try {
    const endpoint = globalEndpoint(explicit, env);
    return endpoint !== undefined && LOOPBACK.test(endpoint.host);
  } catch {
    return false;
  }
}

/** STS regions served by the global host. */
const STS_GLOBAL_REGIONS = new Set(['ap-southeast-2', 'ap-south-1', 'cn-wuhan', 'eu-west-1-oxs']);

function defaultHost(service: Service, regionId: string): string {
  if (service === 'ram') return 'ram.aliyuncs.com';
  if (service === 'sts') return STS_GLOBAL_REGIONS.has(regionId) ? 'sts.aliyuncs.com' : `sts.${regionId}.aliyuncs.com`;
  return `${service}.${regionId}.aliyuncs.com`;
}

/** Services with one host per region: an Account's own endpoint serves its own region only. */
const REGIONAL: ReadonlySet<Service> = new Set(['eci', 'cr']);

/**
 * The endpoint for one service of one account: the global override wins, then the Account's
 * `endpoints.<service>` (which, for ECI and ACR, applies to the Account's own region only), then the
 * public regional host.
 */
export function serviceEndpoint(service: Service, account: DesiredAccount, regionId: string, override: Endpoint | undefined): Endpoint {
  if (override) return override;
  const fromManifest = account.endpoints[service];
  if (fromManifest && (!REGIONAL.has(service) || regionId === account.regionId)) {
    return parseEndpoint(fromManifest, `Account ${account.name} endpoints.${service}`);
  }
  return { host: defaultHost(service, regionId), protocol: 'https' };
}
