// The emulator's HTTP server: RAM, STS and ECI on one port, plus the admin API under /_emulator/.
// Starts in-process (tests, `npm start`) or from the `emulator` command.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FaultController } from './contracts.js';
import { adminHosts, handleAdmin } from './admin.js';
import { createEmulatorClock, type EmulatorClock } from './clock.js';
import { FaultController as SeededFaults } from './faults/controller.js';
import { handleOpenApi } from './gateway.js';
import { buildRegistry, DEFAULT_SERVICES, type ServiceFactory } from './services.js';
import { SeedError } from './seed-reader.js';
import type { Seed } from './seed-types.js';
import { generateLoopbackTls } from './tls/certificates.js';
import { NonceCache } from './transport/nonces.js';
import { World } from './world.js';

export interface EmulatorOptions {
  seed: Seed;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Emulated time; default: the wall clock plus an offset moved by POST /_emulator/clock. */
  clock?: EmulatorClock;
  /** The wall clock used for x-acs-date/Timestamp freshness and nonces (tests skew it). */
  wallNow?: () => number;
  /** Replaces the fault layer (default: the seeded rules of src/emulator/faults). */
  faults?: FaultController;
  /** Replaces the service modules (default: DEFAULT_SERVICES). */
  services?: readonly ServiceFactory[];
  /** Entries the request log holds before the oldest make room (default REQUEST_LOG_SIZE). */
  requestLogSize?: number;
  /** Where internal errors are reported (default stderr). */
  log?: (line: string) => void;
  /**
   * Serve HTTPS: `true` makes a CA and a certificate for 127.0.0.1, ::1 and localhost at start
   * (`caCert` of the result is the CA's PEM); `{cert, key}` (PEM) uses given ones. Default plain HTTP.
   */
  tls?: boolean | { cert: string; key: string };
}

export interface RunningEmulator {
  /** `http://HOST:PORT`, or `https://HOST:PORT` with `tls`. */
  url: string;
  /** PEM of the generated CA (`tls: true` only): what NODE_EXTRA_CA_CERTS must name. */
  caCert?: string;
  /** `HOST:PORT`, what SDK configs take as `endpoint` (with `protocol: 'http'`, or 'https' with `tls`). */
  endpoint: string;
  host: string;
  port: number;
  world: World;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_HEADER_BYTES = 256 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A bad `faults:` block is a seed mistake: report it like one (path, no stack). */
function configureSeedFaults(faults: FaultController, spec: unknown): void {
  try {
    faults.configure(spec);
  } catch (error) {
    throw new SeedError([`faults: ${(error as Error).message}`]);
  }
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const wallNow = options.wallNow ?? Date.now;
  const world = new World(options.seed, options.clock ?? createEmulatorClock(), options.requestLogSize);
  const faults = options.faults ?? new SeededFaults(wallNow);
  if (options.seed.faults !== undefined) configureSeedFaults(faults, options.seed.faults);
  world.setFaults(faults);
  const registry = buildRegistry(world, options.services ?? DEFAULT_SERVICES);
  const modules = [...registry.values()];
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const deps = { world, registry, nonces: new NonceCache(world.seed.options.maxClockSkewMs * 2), wallNow, log };
  // Filled once the port is known; no request arrives before listen() completes.
  let allowedHosts: ReadonlySet<string> = new Set();

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ Code: 'RequestEntityTooLarge', Message: 'The request body exceeds 1 MiB.' }));
      return;
    }
    if ((req.url ?? '').startsWith('/_emulator/')) return handleAdmin(world, modules, req, res, body, allowedHosts);
    await handleOpenApi(deps, req, res, body);
  };
  // RAM/STS/ECI parameters travel in the URL: a 6144-character policy document percent-encodes to
  // up to ~18 KB (and non-ASCII text to 9 bytes a character), beyond Node's 16 KB header default.
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    onRequest(req, res).catch((error: unknown) => {
      log(`emulator: request failed: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  const tls: { cert: string; key: string; caCert?: string } | undefined = options.tls === true ? generateLoopbackTls() : options.tls || undefined;
  const server = tls
    ? createTlsServer({ maxHeaderSize: MAX_HEADER_BYTES, cert: tls.cert, key: tls.key }, handler)
    : createServer({ maxHeaderSize: MAX_HEADER_BYTES }, handler);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = adminHosts(host, port);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${tls ? 'https' : 'http'}://${hostPart}:${port}`,
    ...(tls?.caCert ? { caCert: tls.caCert } : {}),
    endpoint: `${hostPart}:${port}`,
    host,
    port,
    world,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets of SDK clients would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
