// One OpenAPI call, as the Alibaba gateway handles it: route by version and action, verify the
// signature, consult the fault layer, run the action, render JSON, and log the outcome.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ANONYMOUS_CALLER, ApiError, type ActionContext, type Caller, type FaultDecision, type ServiceModule } from './contracts.js';
import { authorizerFor, requestContext } from './authorize.js';
import { AccessDenied, errorBody, gatewayErrors as E } from './errors.js';
import { API_VERSIONS } from './services.js';
import { parsePairs } from './transport/encoding.js';
import type { NonceCache } from './transport/nonces.js';
import { verifyRequest, type IncomingCall } from './transport/verify.js';
import { logIssued, logSigner, newLogEntry } from './request-log.js';
import { pathParams, roaBody, roaErrorBody } from './roa.js';
import type { KeyRecord, RequestLogEntry, World } from './world.js';

export interface GatewayDeps {
  world: World;
  registry: Map<string, ServiceModule>;
  nonces: NonceCache;
  wallNow: () => number;
  /** Programming errors inside actions; never given secrets. */
  log: (line: string) => void;
}

interface Routed {
  module: ServiceModule;
  action: string;
}

function headerText(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function incomingCall(req: IncomingMessage, body: Buffer): IncomingCall {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const isForm = (headerText(req, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  return {
    method: req.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    query: parsePairs(q < 0 ? '' : url.slice(q + 1), false),
    form: isForm ? parsePairs(body.toString('utf8'), true) : [],
    headers: req.headers,
    body,
  };
}

/** Finds the module by version and the action by `x-acs-action`/`Action`; a ROA action's path segments join `params`. */
function route(deps: GatewayDeps, req: IncomingMessage, call: IncomingCall, params: Record<string, string>, log: RequestLogEntry): Routed {
  const version = headerText(req, 'x-acs-version') ?? params.Version;
  if (!version) throw E.missingParameter('Version');
  const module = deps.registry.get(version);
  log.service = module?.name ?? API_VERSIONS[version] ?? null;
  if (!module) throw E.invalidVersion(version);
  const action = headerText(req, 'x-acs-action') ?? params.Action;
  if (!action) throw E.missingParameter('Action');
  log.action = action;
  if (!Object.hasOwn(module.actions, action)) throw E.unknownAction(action, version);
  Object.assign(params, pathParams(module, action, call.method, call.path));
  return { module, action };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function faultError(decision: Extract<FaultDecision, { kind: 'error' }>): ApiError {
  const message = decision.code.includes('Throttling')
    ? 'Request was denied due to user flow control.'
    : 'The request has failed due to a temporary failure of the server.';
  return new ApiError(decision.code, decision.statusCode, message, decision.headers ?? {});
}

export async function handleOpenApi(deps: GatewayDeps, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  const { world } = deps;
  const requestId = world.requestId();
  const log = newLogEntry(world.now());
  world.requests.push(log);
  const call = incomingCall(req, body);
  const params: Record<string, string> = Object.fromEntries([...call.query, ...call.form]);
  let hostId = headerText(req, 'host') ?? 'localhost';
  // Set once the action runs: a ROA product renders its own errors; gateway errors keep the gateway's shape.
  let roaAction = false;
  try {
    const { module, action } = route(deps, req, call, params, log);
    hostId = module.hostId(params);
    const record: KeyRecord = module.anonymousActions?.includes(action)
      ? { accessKeyId: '', secret: '', caller: ANONYMOUS_CALLER }
      : verifyRequest(call, { lookup: (id) => world.keys.get(id), nonces: deps.nonces, wallNow: deps.wallNow, emulatedNow: () => world.now(), maxSkewMs: world.seed.options.maxClockSkewMs });
    log.accountId = record.caller.accountId || null;
    logSigner(log, record);
    const decision = world.faults.decide({ service: module.name, action, accountId: record.caller.accountId }, world.now());
    if (decision) {
      await sleep(decision.delayMs);
      if (decision.kind === 'drop') {
        Object.assign(log, { statusCode: 0, code: 'ConnectionReset' });
        req.socket.destroy();
        return;
      }
      if (decision.kind === 'error') throw faultError(decision);
    }
    roaAction = module.style === 'ROA';
    const result = module.actions[action]!(actionContext(deps, module, action, params, record, requestId, req));
    logIssued(log, result);
    send(res, 200, roaAction ? roaBody(result, requestId) : { RequestId: requestId, ...result }, { 'x-acs-request-id': requestId });
  } catch (error) {
    const apiError = error instanceof ApiError ? error : E.internal();
    if (!(error instanceof ApiError)) deps.log(`internal error in ${log.service ?? '?'} ${log.action ?? '?'}: ${(error as Error)?.stack ?? String(error)}`);
    Object.assign(log, { statusCode: apiError.statusCode, code: apiError.code });
    const extra = apiError instanceof AccessDenied ? { AccessDeniedDetail: apiError.detail } : {};
    const body = roaAction ? roaErrorBody(apiError, requestId) : errorBody(apiError, requestId, hostId, extra);
    send(res, apiError.statusCode, body, { 'x-acs-request-id': requestId, ...apiError.headers });
  }
}

function actionContext(deps: GatewayDeps, module: ServiceModule, action: string, params: Record<string, string>, record: KeyRecord, requestId: string, req: IncomingMessage): ActionContext {
  const now = deps.world.now();
  const caller: Caller = { ...record.caller, accessKeyId: record.accessKeyId };
  return {
    service: module.name,
    action,
    params,
    caller,
    requestId,
    host: headerText(req, 'host') ?? '',
    now,
    authorize: authorizerFor(deps.world, record, requestContext(now, req.socket.remoteAddress ?? '127.0.0.1')),
  };
}
