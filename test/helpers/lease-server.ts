// A Kubernetes API server for one resource only: coordination.k8s.io/v1 Leases, the subset the
// leader elector's client (@kubernetes/client-node CoordinationV1Api) uses. There is no Kubernetes
// API server on the machines this suite runs on; this stands in for it over loopback HTTP. What it
// implements, as the Kubernetes API documents it:
// - GET    /apis/coordination.k8s.io/v1/namespaces/{ns}/leases/{name}: 200 the Lease, 404 NotFound;
// - POST   /apis/coordination.k8s.io/v1/namespaces/{ns}/leases: 201 created, 409 AlreadyExists;
// - PUT    /apis/coordination.k8s.io/v1/namespaces/{ns}/leases/{name}: 200 replaced; 409 Conflict when
//   the body's metadata.resourceVersion is not the current one (optimistic concurrency: "the
//   resourceVersion ... is used to detect conflicting writes ... the server responds 409 Conflict",
//   https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions and
//   https://kubernetes.io/docs/reference/using-api/api-concepts/#conflicts); 404 when it does not exist
//   (Leases are not created by PUT); an absent resourceVersion is an unconditional update.
// Failures are metav1.Status bodies (kind Status, status Failure, reason, code), as
// https://kubernetes.io/docs/reference/using-api/api-concepts/#standard-api-terminology describes;
// the Lease object is https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/lease-v1/.
// Each client authenticates with its own bearer token, so a test can partition one client away
// (`refuse(token)`: its connections are cut) and see who wrote what (`writes`).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion: string; uid: string; creationTimestamp: string };
  spec: Record<string, unknown>;
}

export interface LeaseWrite {
  token: string;
  method: 'POST' | 'PUT';
  holderIdentity: string | undefined;
  /** Real time of the accepted write. */
  at: number;
}

export interface LeaseServer {
  url: string;
  /** The Lease as stored, or undefined. */
  lease(namespace: string, name: string): Lease | undefined;
  /** Accepted writes, in order. */
  writes: LeaseWrite[];
  /** Cuts every request carrying this token (a network partition of that client). */
  refuse(token: string): void;
  /** Never answers requests carrying this token (a black-holed network). */
  stall(token: string): void;
  kubeConfig(token: string, namespace?: string): KubeConfig;
  /** The same as a kubeconfig file's text (for a daemon process's KUBECONFIG). */
  kubeConfigYaml(token: string, namespace?: string): string;
  stop(): Promise<void>;
}

const PREFIX = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/?]+))?(?:\?.*)?$/;

export async function startLeaseServer(): Promise<LeaseServer> {
  const leases = new Map<string, Lease>();
  const refused = new Set<string>();
  const stalled = new Set<string>();
  const writes: LeaseWrite[] = [];
  let version = 100;
  const server = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    if (refused.has(token)) return req.socket.destroy();
    if (stalled.has(token)) return;
    void readBody(req).then((body) => handle(req, res, token, body));
  });
  const handle = (req: IncomingMessage, res: ServerResponse, token: string, body: string) => {
    const match = PREFIX.exec(req.url ?? '');
    if (!match) return send(res, 404, status(404, 'NotFound', `the server could not find the requested resource (${req.method} ${req.url})`));
    const namespace = decodeURIComponent(match[1]!);
    const name = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const key = (n: string) => `${namespace}/${n}`;
    const notFound = (n: string) => status(404, 'NotFound', `leases.coordination.k8s.io "${n}" not found`, n);
    if (req.method === 'GET' && name !== undefined) {
      const lease = leases.get(key(name));
      return lease ? send(res, 200, lease) : send(res, 404, notFound(name));
    }
    const input = parse(body);
    const inputName = input?.metadata?.name;
    if (req.method === 'POST' && name === undefined) {
      if (typeof inputName !== 'string') return send(res, 400, status(400, 'BadRequest', 'metadata.name is required'));
      if (leases.has(key(inputName))) return send(res, 409, status(409, 'AlreadyExists', `leases.coordination.k8s.io "${inputName}" already exists`, inputName));
      const lease = store(namespace, inputName, input.spec ?? {});
      writes.push({ token, method: 'POST', holderIdentity: lease.spec['holderIdentity'] as string | undefined, at: Date.now() });
      return send(res, 201, lease);
    }
    if (req.method === 'PUT' && name !== undefined) {
      if (inputName !== name) return send(res, 400, status(400, 'BadRequest', `the name of the object (${inputName}) does not match the name on the URL (${name})`));
      const current = leases.get(key(name));
      if (!current) return send(res, 404, notFound(name));
      const asked = input.metadata?.resourceVersion;
      if (asked !== undefined && asked !== current.metadata.resourceVersion) {
        return send(res, 409, status(409, 'Conflict', `Operation cannot be fulfilled on leases.coordination.k8s.io "${name}": the object has been modified; please apply your changes to the latest version and try again`, name));
      }
      const lease = store(namespace, name, input.spec ?? {}, current);
      writes.push({ token, method: 'PUT', holderIdentity: lease.spec['holderIdentity'] as string | undefined, at: Date.now() });
      return send(res, 200, lease);
    }
    return send(res, 405, status(405, 'MethodNotAllowed', `${req.method} is not supported here`));
  };
  const store = (namespace: string, name: string, spec: Record<string, unknown>, previous?: Lease): Lease => {
    version += 1;
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace, resourceVersion: String(version), uid: previous?.metadata.uid ?? `uid-${version}`, creationTimestamp: previous?.metadata.creationTimestamp ?? new Date().toISOString() },
      spec,
    };
    leases.set(`${namespace}/${name}`, lease);
    return lease;
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const yaml = (token: string, namespace = 'default') =>
    [
      'apiVersion: v1',
      'kind: Config',
      // Plain HTTP on loopback: the client refuses http:// unless TLS verification is off for the cluster.
      'clusters: [{name: test, cluster: {server: "' + url + '", insecure-skip-tls-verify: true}}]',
      'users: [{name: test, user: {token: "' + token + '"}}]',
      'contexts: [{name: test, context: {cluster: test, user: test, namespace: ' + namespace + '}}]',
      'current-context: test',
      '',
    ].join('\n');
  return {
    url,
    lease: (namespace, name) => leases.get(`${namespace}/${name}`),
    writes,
    refuse: (token) => refused.add(token),
    stall: (token) => stalled.add(token),
    kubeConfig: (token, namespace) => {
      const config = new KubeConfig();
      config.loadFromString(yaml(token, namespace));
      return config;
    },
    kubeConfigYaml: yaml,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function status(code: number, reason: string, message: string, name?: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(name ? { details: { name, group: 'coordination.k8s.io', kind: 'leases' } } : {}), code };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', () => resolve(''));
  });
}

function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
