// HTTPS requests to a TLS emulator that trust exactly one CA (in-process clients cannot use
// NODE_EXTRA_CA_CERTS, which Node reads only at start).
import { request } from 'node:https';

export interface HttpsReply {
  status: number;
  text: string;
}

export function httpsRequest(url: string, ca: string | undefined, method = 'GET', body?: string): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const headers = body !== undefined ? { 'content-type': 'application/json' } : undefined;
    const req = request(url, { method, ...(ca ? { ca } : {}), ...(headers ? { headers } : {}) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
