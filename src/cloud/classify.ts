// The one place that turns whatever an SDK client threw into a classified, redacted CloudError.
// Decisions use the structured `code`, `statusCode` and `name` only, never the message text (the
// SDKs' messages are built for people and change between versions); `name` rather than instanceof survives duplicate SDK copies.
// The classes are src/model/errors.ts's union; what each means for a requeue is decided once, in
// src/engine/requeue.ts (cloud sits below the engine and does not know its work loops).
import { CloudError, type ErrorClass } from './provider.js';
import { redactText } from '../runtime/redact.js';

export type Service = 'ram' | 'sts' | 'eci' | 'cr';

export interface CallContext {
  service: Service;
  action: string;
  /** Human-readable target, e.g. `role acs:ram::1000…:role/x` or `image cache imc-1 in cn-hangzhou`. */
  resource?: string;
}

const TRANSPORT_RETRYABLE = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);
const CONFLICT = new Set(['LimitExceeded.Policy.Version', 'IncorrectImageCacheStatus', 'IdempotentParameterMismatch']);
// NoPrivilege: ACR's documented denial (its API reference, e.g. ListRepoTag).
const PERMISSION = new Set(['NoPermission', 'NoPrivilege', 'SignatureDoesNotMatch']);

// No source names the code ECI answers for a cache that is gone (fidelity audit; the emulator's
// `InvalidImageCacheId.NotFound` is invented). On the calls that address one cache, any HTTP 404 or any
// code ending in NotFound/NotExist therefore means "no such cache" - except the gateway's codes for an
// unknown key, token or action, which say nothing about the cache.
const CACHE_ACTIONS = new Set(['DescribeImageCaches', 'DeleteImageCache', 'UpdateImageCache']);
const NOT_ABOUT_THE_RESOURCE = /^(InvalidAccessKeyId|InvalidSecurityToken|InvalidAction|InvalidVersion)\b/;

/** True when an error of an image-cache call says the cache does not exist, whatever the exact code. */
export function isCacheNotFound(ctx: Pick<CallContext, 'service' | 'action'>, code: string | undefined, statusCode: number | undefined): boolean {
  if (ctx.service !== 'eci' || !CACHE_ACTIONS.has(ctx.action)) return false;
  const c = code ?? '';
  if (NOT_ABOUT_THE_RESOURCE.test(c)) return false;
  return statusCode === 404 || /(NotFound|NotExist)$/.test(c);
}

/** Classification from the structured fields of an error (all optional). */
export function classifyFields(code: string | undefined, statusCode: number | undefined, name: string | undefined): ErrorClass {
  const c = code ?? '';
  // ACR's INSTANCE_NOT_EXIST, REPO_NOT_EXIST, NAMESPACE_NOT_EXIST.
  if (c.startsWith('EntityNotExist') || c === 'InvalidImageCacheId.NotFound' || /^[A-Z]+_NOT_EXIST$/.test(c)) return 'not-found';
  if (c.startsWith('EntityAlreadyExists')) return 'already-exists';
  if (c.startsWith('DeleteConflict') || CONFLICT.has(c)) return 'conflict';
  if (PERMISSION.has(c) || c.startsWith('Forbidden') || c.startsWith('InvalidAccessKeyId') || c.startsWith('InvalidSecurityToken')) {
    return 'permission';
  }
  if (c.includes('Throttling') || c.includes('ServiceUnavailable')) return 'retryable';
  if (statusCode !== undefined && statusCode >= 500) return 'retryable';
  if (TRANSPORT_RETRYABLE.has(c)) return 'retryable';
  // A timed-out call or a non-JSON body (an HTML page from a gateway) is transient from our side.
  if (name === 'RequestTimeoutError' || name === 'SyntaxError') return 'retryable';
  return 'terminal';
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  requestId?: unknown;
  retryAfter?: unknown;
  message?: unknown;
  data?: unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && v !== 'undefined' ? v : undefined;
}

function codeOf(e: SdkErrorShape): string {
  const code = str(e.code);
  if (code) return code;
  if (e.name === 'RequestTimeoutError') return 'RequestTimeout';
  if (e.name === 'SyntaxError') return 'InvalidResponseBody';
  return str(e.name) ?? 'UnknownError';
}

function dataField(e: SdkErrorShape, key: string): unknown {
  return e.data !== null && typeof e.data === 'object' ? (e.data as Record<string, unknown>)[key] : undefined;
}

/** The Alibaba `Message` when the body had one, else the error's own message (transport errors). */
function alibabaMessage(e: SdkErrorShape, code: string): string {
  const fromBody = str(dataField(e, 'Message')) ?? str(dataField(e, 'message'));
  return redactText(fromBody ?? transportMessage(code, str(e.message) ?? ''));
}

/**
 * Errors that mean no answer came from the endpoint at all: nothing listens there, the host name does
 * not resolve, or nothing came back in time. On an account's first call they mean a wrong or dead
 * endpoint (src/cloud/alibaba/call.ts does not retry them then).
 */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  RequestTimeout: 'timed out',
};

export function isUnreachable(error: CloudError): boolean {
  return error.details.statusCode === undefined && UNREACHABLE[error.details.code] !== undefined;
}

/**
 * The SDK's HTTP layer (httpx) appends "POST http://host/ failed." to Node's own message with no space
 * ("connect ECONNREFUSED 127.0.0.1:8099POST http://127.0.0.1:8099/ failed."), or says "ConnectTimeout:
 * Connect URL failed.". Shown to people as "no answer from http://127.0.0.1:8099/ (connection refused)";
 * decisions never read this text.
 */
function transportMessage(code: string, message: string): string {
  const split = /^(.*?)(?:GET|POST|PUT|DELETE|HEAD|PATCH|ConnectTimeout: Connect) (\S+) failed\.$/s.exec(message);
  if (split === null) return message;
  const url = split[2]!.replace(/\?.*$/, '');
  return `no answer from ${url} (${UNREACHABLE[code] ?? (split[1]!.trim() || 'the request failed')})`;
}

function retryAfterOf(e: SdkErrorShape): number | undefined {
  // RAM/STS: ThrottlingError.retryAfter, the integer of x-acs-retry-after, taken as milliseconds
  // (the SDK parses the header as a number and the emulator sends milliseconds). ECI errors carry neither headers nor such a field.
  const v = e.retryAfter;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** Wraps any thrown value as a CloudError; an existing CloudError passes through unchanged. */
export function toCloudError(error: unknown, ctx: CallContext): CloudError {
  if (error instanceof CloudError) return error;
  const e: SdkErrorShape = error !== null && typeof error === 'object' ? (error as SdkErrorShape) : { message: String(error) };
  const code = codeOf(e);
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const requestId = str(e.requestId) ?? str(dataField(e, 'RequestId')) ?? str(dataField(e, 'requestId'));
  const classification = isCacheNotFound(ctx, str(e.code), statusCode) ? 'not-found' : classifyFields(str(e.code), statusCode, str(e.name));
  const retryAfterMs = retryAfterOf(e);
  const where = [ctx.service, ctx.action, ctx.resource].filter(Boolean).join(' ');
  const meta = [statusCode !== undefined ? `HTTP ${statusCode}` : undefined, requestId ? `RequestId ${requestId}` : undefined]
    .filter(Boolean)
    .join(', ');
  const msg = alibabaMessage(e, code);
  const message = `${where}: ${code}${meta ? ` (${meta})` : ''}${msg ? `: ${msg}` : ''}`;
  return new CloudError(message, {
    classification,
    code,
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...(requestId ? { requestId } : {}),
    service: ctx.service,
    action: ctx.action,
    ...(ctx.resource ? { resource: ctx.resource } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** A configuration mistake found before any call (missing env var, credential cycle): terminal. */
export function configError(ctx: CallContext, code: string, message: string): CloudError {
  const where = [ctx.service, ctx.action, ctx.resource].filter(Boolean).join(' ');
  return new CloudError(`${where}: ${code}: ${message}`, { classification: 'terminal', code, service: ctx.service, action: ctx.action });
}
