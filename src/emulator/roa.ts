// ROA routing: an action of a ROA product is an HTTP method plus a path template
// (`GET /namespace/{Namespace}`). The gateway checks both and hands the named segments to the action.
import type { RoaRoute, ServiceModule } from './contracts.js';
import { gatewayErrors as E } from './errors.js';

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The named segments of `path` when it fits `template` (same segment count, literals equal, names non-empty). */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const named: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    const value = name === undefined ? undefined : decodeSegment(got[i]!);
    if (name === undefined) {
      if (part !== got[i]) return undefined;
    } else if (value === undefined || value === '') {
      return undefined;
    } else {
      named[name] = value;
    }
  }
  return named;
}

function fits(route: RoaRoute, method: string, path: string): Record<string, string> | undefined {
  return route.method === method.toUpperCase() ? matchPath(route.path, path) : undefined;
}

/** A ROA answer: the action's data beside a lower-case `requestId`. */
export function roaBody(result: Record<string, unknown>, requestId: string): Record<string, unknown> {
  return { ...result, requestId };
}

/** A ROA product's own error: `{code, message, requestId}` (the SDK reads `Code ?? code`, `RequestId ?? requestId`). */
export function roaErrorBody(error: { code: string; message: string }, requestId: string): Record<string, unknown> {
  return { code: error.code, message: error.message, requestId };
}

/**
 * The path parameters of a ROA action; a wrong method or a path that does not fit is refused like an
 * unknown API (404 InvalidAction.NotFound, README "ACR Personal Edition"). RPC modules take any path.
 */
export function pathParams(module: ServiceModule, action: string, method: string, path: string): Record<string, string> {
  const route = module.routes?.[action];
  if (module.style !== 'ROA' || !route) return {};
  const named = fits(route, method, path);
  if (!named) throw E.roaPathNotFound(action, module.version, `${method.toUpperCase()} ${path}`, `${route.method} ${route.path}`);
  return named;
}
