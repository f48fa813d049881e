// A local HTTP receiver for notifications: records every POST body and answers as `answer` says
// for that attempt (ok, an HTTP 500, a dropped connection, or no answer until released).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = 'ok' | '500' | 'drop' | 'hang';

export interface Receiver {
  url: string;
  /** Bodies answered 200, in order. */
  bodies: () => string[];
  events: () => any[];
  /** Every request seen, whatever the answer. */
  attempts: () => number;
  /** Requests left hanging right now. */
  hanging: () => number;
  close: () => Promise<void>;
}

export async function startReceiver(answer: (attempt: number) => Answer = () => 'ok'): Promise<Receiver> {
  const bodies: string[] = [];
  const hanging = new Set<ServerResponse>();
  let attempts = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      attempts += 1;
      const mode = answer(attempts);
      if (mode === 'drop') {
        req.socket.destroy();
      } else if (mode === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
      } else if (mode === '500') {
        res.writeHead(500).end('receiver broken\n');
      } else {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end('ok\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/secret-path`,
    bodies: () => [...bodies],
    events: () => bodies.map((b) => JSON.parse(b)),
    attempts: () => attempts,
    hanging: () => hanging.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
