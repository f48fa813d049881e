// The daemon's HTTP endpoints on node:http. Handlers are plain functions returning a status and
// a body, so health logic is tested without a socket; this file only binds them to paths.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
}

export type Handler = (request: HttpRequest) => Reply | Promise<Reply>;

export interface ListenAddress {
  host: string;
  port: number;
}

export interface RunningServer {
  /** The bound address (the real port when 0 was asked for). */
  address: ListenAddress;
  close(): Promise<void>;
}

/** Parses `host:port`, `:port` or `[v6]:port`; undefined when malformed. */
export function parseListen(value: string): ListenAddress | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port > 65_535) return undefined;
  const host = match[1] ?? (match[2] === '' ? '0.0.0.0' : match[2]!);
  return { host, port };
}

export const json = (status: number, value: unknown): Reply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: `${JSON.stringify(value, null, 2)}\n`,
});

/** `routes` answer GET and HEAD; `postRoutes` (the write endpoints, when enabled) answer POST. */
export async function startHttpServer(listen: ListenAddress, routes: Record<string, Handler>, postRoutes: Record<string, Handler> = {}): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    // Joined as text, not resolved against a base: `//x` must stay a path, never become a host.
    const raw = req.url ?? '/';
    const url = new URL(`http://localhost${raw.startsWith('/') ? raw : '/'}`);
    const request: HttpRequest = { method: req.method ?? 'GET', url, headers: req.headers };
    const reply = async (): Promise<Reply> => {
      const post = postRoutes[url.pathname];
      if (req.method === 'POST' && post) return post(request);
      const handler = routes[url.pathname];
      if (!handler && !post) return json(404, { error: 'not found', paths: Object.keys(routes) });
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: 'method not allowed' });
      if (!handler) return json(405, { error: 'method not allowed' });
      return handler(request);
    };
    // A POST body is not used: drain it so the connection stays usable.
    req.resume();
    reply().then(
      (r) => {
        res.writeHead(r.status, { 'content-type': r.contentType, 'cache-control': 'no-store', ...r.headers });
        res.end(req.method === 'HEAD' ? undefined : r.body);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    address: { host: bound.address, port: bound.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections of a scraper would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
