// The unsigned admin API under /_emulator/ (src/emulator/README.md): request log, state, faults, clock.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceModule } from './contracts.js';
import { stateSnapshot } from './snapshot.js';
import type { World } from './world.js';

type Reply = { status: number; body: unknown };

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

function advanceClock(world: World, body: Buffer): Reply {
  const parsed = parseJson(body);
  const advanceMs = parsed.ok ? (parsed.value as { advanceMs?: unknown } | undefined)?.advanceMs : undefined;
  if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
    return { status: 400, body: { error: 'expected JSON {"advanceMs": <non-negative number>}' } };
  }
  world.clock.advance(advanceMs);
  return { status: 200, body: clockBody(world) };
}

function clockBody(world: World): unknown {
  const now = world.now();
  return { now: new Date(now).toISOString(), nowMs: now };
}

function configureFaults(world: World, body: Buffer): Reply {
  const parsed = parseJson(body);
  if (!parsed.ok) return { status: 400, body: { error: 'the body is not JSON' } };
  try {
    world.faults.configure(parsed.value);
  } catch (error) {
    return { status: 400, body: { error: (error as Error).message } };
  }
  return { status: 200, body: { faults: world.faults.current?.() ?? null } };
}

function dispatch(world: World, modules: ServiceModule[], method: string, path: string, body: Buffer): Reply {
  const key = `${method} ${path.replace(/\/+$/, '')}`;
  switch (key) {
    case 'GET /_emulator/requests':
      return { status: 200, body: { requests: world.requests.entries(), dropped: world.requests.dropped } };
    case 'DELETE /_emulator/requests':
      world.requests.clear();
      return { status: 200, body: { requests: [], dropped: 0 } };
    case 'GET /_emulator/state':
      return { status: 200, body: stateSnapshot(world, modules) };
    case 'PUT /_emulator/faults':
      return configureFaults(world, body);
    case 'DELETE /_emulator/faults':
      world.faults.clear();
      return { status: 200, body: { faults: world.faults.current?.() ?? null } };
    case 'GET /_emulator/clock':
      return { status: 200, body: clockBody(world) };
    case 'POST /_emulator/clock':
      return advanceClock(world, body);
    default:
      return { status: 404, body: { error: `no admin endpoint ${method} ${path}` } };
  }
}

/**
 * The admin API is unsigned, so a browser on the same machine must not reach it: a page can send a
 * cross-origin "simple" request (text/plain POST, no preflight), and DNS rebinding makes one with
 * its own name in `Host`. Requiring a JSON content type forces a preflight the emulator never
 * answers; requiring `Host` to be the address it listens on (or a loopback name) defeats rebinding.
 */
function refusal(req: IncomingMessage, allowedHosts: ReadonlySet<string>): Reply | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts.has(host)) {
    return { status: 403, body: { error: `admin API refused: Host "${host}" is not the address the emulator listens on` } };
  }
  const method = req.method ?? 'GET';
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if ((method === 'POST' || method === 'PUT') && type !== 'application/json') {
    return { status: 415, body: { error: `admin API refused: ${method} needs Content-Type: application/json` } };
  }
  return undefined;
}

/** The Host values accepted for a server listening on `host:port`: that address and the loopback names. */
export function adminHosts(host: string, port: number): Set<string> {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const names = [hostPart, 'localhost', '127.0.0.1', '[::1]'].map((h) => h.toLowerCase());
  // A client omits the port from Host when it is the scheme's default.
  return new Set([...names.map((h) => `${h}:${port}`), ...(port === 80 ? names : [])]);
}

export function handleAdmin(world: World, modules: ServiceModule[], req: IncomingMessage, res: ServerResponse, body: Buffer, allowedHosts: ReadonlySet<string>): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const reply = refusal(req, allowedHosts) ?? dispatch(world, modules, req.method ?? 'GET', path, body);
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
