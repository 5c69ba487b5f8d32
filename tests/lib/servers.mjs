// Loopback servers for browser tests: an HTTP proxy that answers for any hostname, and an HTTPS
// server behind it (a self-signed certificate made with openssl at start-up), so tests can use
// real-looking origins on default and non-default ports without binding privileged ports.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'csp-tools-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/**
 * Starts the proxy. `handler(req, res, { secure })` answers every request, whatever its host:
 * plain requests arrive at the proxy in absolute form, https ones through a CONNECT tunnel.
 * Returns `{ proxyUrl, close }`.
 */
export async function startProxy(handler) {
  const tls = https.createServer(selfSignedCertificate(), (req, res) => handler(req, res, { secure: true }));
  const tlsPort = await listen(tls);
  const sockets = new Set();
  const proxy = http.createServer((req, res) => {
    // Absolute-form request line: keep only the path for the handler.
    const url = new URL(req.url);
    req.url = url.pathname + url.search;
    handler(req, res, { secure: false });
  });
  proxy.on('connect', (req, client, head) => {
    const upstream = net.connect(tlsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
  });
  proxy.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const proxyPort = await listen(proxy);
  return {
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([proxy, tls].map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
