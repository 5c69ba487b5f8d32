// The demo: a mock chat host (port N) that embeds a widget in a sandboxed iframe from another
// origin (port N+1), the widget's API (port N+2), and an "attacker" origin (port N+3). The widget
// is served with the CSP that `csp-tools generate` makes from demo-site/csp.toml.
//   node demo-site/server.mjs            (DEMO_PORT=8765 by default)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');

/** The widget's CSP header value, from the demo's config with the API port filled in. */
function widgetPolicy(apiPort, csptools) {
  const config = readFileSync(join(here, 'csp.toml'), 'utf8').replaceAll('localhost:8767', `localhost:${apiPort}`);
  const file = join(mkdtempSync(join(tmpdir(), 'demo-csp-')), 'csp.toml');
  writeFileSync(file, config);
  const header = execFileSync(csptools, ['generate', '--config', file, '--format', 'header'], { encoding: 'utf8' });
  return header.trim().replace(/^Content-Security-Policy: /, '');
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

function serveFile(res, file, headers = {}) {
  const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
  let body;
  try {
    body = readFileSync(file);
  } catch {
    return res.writeHead(404).end('not found');
  }
  res.writeHead(200, { 'Content-Type': type, ...headers }).end(body);
}

function listen(port, handler) {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Starts the four servers; returns their origins and `close()`. */
export async function startDemo({ port = 8765, csptools = join(root, 'target/release/csp-tools') } = {}) {
  const origins = {
    host: `http://127.0.0.1:${port}`,
    widget: `http://localhost:${port + 1}`,
    api: `http://localhost:${port + 2}`,
    attacker: `http://127.0.0.1:${port + 3}`,
  };
  const policy = widgetPolicy(port + 2, csptools);
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Headers': '*' };
  const servers = await Promise.all([
    listen(port, (req, res) => {
      const path = new URL(req.url, origins.host).pathname;
      if (path === '/') return res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(readFileSync(join(here, 'host/index.html'), 'utf8').replaceAll('WIDGET_ORIGIN', origins.widget));
      serveFile(res, join(here, 'host', path.slice(1).replace(/\.\.+/g, '')));
    }),
    listen(port + 1, (req, res) => {
      const path = new URL(req.url, origins.widget).pathname;
      if (path === '/config.js') {
        return res.writeHead(200, { 'Content-Type': TYPES['.js'], ...cors }).end(`window.DEMO = ${JSON.stringify({ origins })};`);
      }
      if (path.startsWith('/guard/')) return serveFile(res, join(root, 'dist', path.slice('/guard/'.length).replace(/\.\.+/g, '')), cors);
      // Everything the widget serves carries the generated CSP; the sandboxed (opaque-origin)
      // frame loads its scripts cross-origin, hence CORS on them.
      const file = path === '/' ? 'index.html' : path.slice(1).replace(/\.\.+/g, '');
      serveFile(res, join(here, 'widget', file), { 'Content-Security-Policy': policy, ...cors });
    }),
    listen(port + 2, (req, res) => {
      const url = new URL(req.url, origins.api);
      if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
      if (url.pathname === '/v1/redirect') return res.writeHead(302, { Location: `${origins.attacker}/landing`, ...cors }).end();
      res.writeHead(200, { 'Content-Type': 'application/json', ...cors }).end(JSON.stringify({ items: ['blue mug', 'red scarf'], path: url.pathname, method: req.method }));
    }),
    listen(port + 3, (req, res) => res.writeHead(200, { 'Content-Type': 'application/json', ...cors }).end('{"stolen": true}')),
  ]);
  return { origins, policy, close: () => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.DEMO_PORT || 8765);
  try {
    const demo = await startDemo({ port });
    console.log(`\nwidget-guard demo: open ${demo.origins.host}/ (Ctrl-C to stop)`);
    console.log(`the widget (${demo.origins.widget}) is served with:\n  Content-Security-Policy: ${demo.policy}\n`);
  } catch (error) {
    console.error(`demo-site: cannot start (${error.message}); set DEMO_PORT to a free port (it uses 4 in a row)`);
    process.exit(2);
  }
}
