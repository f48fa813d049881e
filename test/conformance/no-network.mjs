// Test hook (node --import): any attempt to resolve a name or open a socket ends the process with 99,
// so a test can prove a command made no network call.
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';

const refuse = (what) => () => {
  process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
  process.exit(99);
};
net.Socket.prototype.connect = refuse('net.Socket.connect');
tls.connect = refuse('tls.connect');
dns.lookup = refuse('dns.lookup');
dns.promises.lookup = refuse('dns.promises.lookup');
