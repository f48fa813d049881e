// The emulator's TLS material: a throwaway CA and a server certificate for the loopback names
// (127.0.0.1, ::1, localhost), made at start. Node's crypto creates keys but cannot build X.509
// certificates; node-forge (pure JavaScript, no dependencies) builds and signs them. Keys come
// from Node's native generator, which is much faster than forge's own.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface TlsMaterial {
  /** PEM of the CA that signed `cert`: what NODE_EXTRA_CA_CERTS (or a client's `ca`) must name. */
  caCert: string;
  /** PEM server certificate (for 127.0.0.1, ::1, localhost). */
  cert: string;
  /** PEM private key of `cert`. */
  key: string;
}

const DAY_MS = 86_400_000;

function rsaKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const parsed = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: parsed, publicKey: forge.pki.setRsaPublicKey(parsed.n, parsed.e), pem };
}

function certificate(subject: string, publicKey: forge.pki.PublicKey, now: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the top bit cleared.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  // A day back tolerates clock skew between processes; a month ahead outlives any test or demo.
  cert.validity.notBefore = new Date(now - DAY_MS);
  cert.validity.notAfter = new Date(now + 30 * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  return cert;
}

/** A fresh CA and a loopback server certificate signed by it. */
export function generateLoopbackTls(now = Date.now()): TlsMaterial {
  const caKeys = rsaKeys();
  const ca = certificate('eci-acr-reconciler emulator CA', caKeys.publicKey, now);
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const leafKeys = rsaKeys();
  const leaf = certificate('localhost', leafKeys.publicKey, now);
  leaf.setIssuer(ca.subject.attributes);
  leaf.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // type 2 = DNS name, type 7 = IP address (RFC 5280 GeneralName).
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());
  return { caCert: forge.pki.certificateToPem(ca), cert: forge.pki.certificateToPem(leaf), key: leafKeys.pem };
}
