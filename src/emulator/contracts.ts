// Seams inside the emulator: the server (transport, signatures, routing, admin API) hosts
// service modules (RAM, STS, ECI) and consults a fault injector; ECI's pull model reads RAM
// state through RamReader. Nothing here imports from the reconciler.
import type { PolicyDocument } from '../policy/document.js';

export type ServiceName = 'ram' | 'sts' | 'eci' | 'cr';

/** An OpenAPI error as the gateway renders it: JSON {RequestId, HostId, Code, Message, Recommend}. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The identity behind a verified request. */
export interface Caller {
  accountId: string;
  kind: 'root' | 'user' | 'role';
  /** acs:ram::<uid>:root | acs:ram::<uid>:user/<name> | acs:ram::<uid>:role/<role>/<session> */
  arn: string;
  userName?: string;
  roleName?: string;
  sessionName?: string;
  accessKeyId: string;
}

/** The caller of an anonymous action: no account, no key. */
export const ANONYMOUS_CALLER: Omit<Caller, 'accessKeyId'> = { accountId: '', kind: 'user', arn: 'anonymous' };

export interface ActionContext {
  service: ServiceName;
  action: string;
  /** Query and form parameters, decoded. ECI lists stay flattened (`Image.1`); RAM lists stay JSON. */
  params: Record<string, string>;
  caller: Caller;
  requestId: string;
  /** The request's Host header (ROA products read their region from `<product>.<region>.aliyuncs.com`). */
  host: string;
  /** Emulated time in ms (moves with POST /_emulator/clock). */
  now: number;
  /** Throws ApiError NoPermission (403) unless the caller may do `action` on `resource`. Root may do all. */
  authorize(action: string, resource: string): void;
}

/** Returns the response body without RequestId (the server adds it); throws ApiError on failure. */
export type ActionHandler = (ctx: ActionContext) => Record<string, unknown>;

/**
 * Where a ROA action lives: its HTTP method and path template, e.g. `GET /repos/{RepoNamespace}/{RepoName}/tags`.
 * The gateway refuses another method or a path that does not fit, and merges the named segments
 * (URL-decoded) into the action's params.
 */
export interface RoaRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
}

export interface ServiceModule {
  name: ServiceName;
  version: string;
  /** `HostId` for error bodies, e.g. ram.aliyuncs.com or eci.cn-hangzhou.aliyuncs.com. */
  hostId(params: Record<string, string>): string;
  actions: Record<string, ActionHandler>;
  /**
   * RPC (default): every action at `/`, answers `{RequestId, ...}` and errors `{RequestId, HostId, Code, Message, Recommend}`.
   * ROA: each action at its `routes` entry, answers `{...data, requestId}` and the action's own errors
   * `{code, message, requestId}`; gateway errors (routing, signature, faults) keep the gateway's shape.
   */
  style?: 'RPC' | 'ROA';
  /** ROA only: the method and path template of every action. */
  routes?: Record<string, RoaRoute>;
  /**
   * Actions called without an AccessKey signature (STS AssumeRoleWithOIDC: the token is the
   * credential). Their context's caller is ANONYMOUS_CALLER; they must not call `authorize`.
   */
  anonymousActions?: readonly string[];
  /** This module's state of one account, for GET /_emulator/state (JSON-serialisable). */
  snapshot?(accountId: string): unknown;
}

/** Read access to RAM state for STS and the ECI pull model. */
export interface RamReader {
  role(accountId: string, roleName: string): { arn: string; trust: PolicyDocument; maxSessionDuration: number } | undefined;
  /** Documents of every policy in force for the principal (default versions of custom, and system policies). */
  policiesOf(accountId: string, principal: { kind: 'role'; roleName: string } | { kind: 'user'; userName: string }): PolicyDocument[];
}

export interface CallFacts {
  service: ServiceName;
  action: string;
  accountId: string;
}

/** What the fault layer decided for one call, consulted after signature checks and before the action. */
export type FaultDecision =
  | { kind: 'error'; code: string; statusCode: number; delayMs: number; headers?: Record<string, string> }
  | { kind: 'drop'; delayMs: number }
  | { kind: 'delay'; delayMs: number };

export interface FaultInjector {
  decide(call: CallFacts, nowMs: number): FaultDecision | null;
}

/**
 * The fault layer as the admin API drives it: PUT /_emulator/faults → configure(body),
 * DELETE → clear(). configure throws (any Error) on a bad spec; the message becomes the 400 reply.
 */
export interface FaultController extends FaultInjector {
  configure(spec: unknown): void;
  clear(): void;
  /** Current configuration, for GET /_emulator/state. */
  current?(): unknown;
}

/** Default until a real controller is wired: never injects anything and accepts no rules. */
export const noFaults: FaultController = {
  decide: () => null,
  configure: () => {
    throw new Error('fault injection is not available in this build');
  },
  clear: () => undefined,
};
