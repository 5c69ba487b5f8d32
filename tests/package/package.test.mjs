// The npm package the way users consume it. `npm pack` makes the tarball (its prepack script
// builds dist/), which is installed into a fresh project (offline: the package has no
// dependencies) holding the consumers in tests/package/consumer/:
// - Node, with require and with import;
// - a plain page with <script type="module"> and an import map;
// - the same widget code built by Vite.
// Both pages run in a sandboxed, opaque-origin iframe of a host on another origin, under a strict
// CSP whose only allowance for the guard is 'wasm-unsafe-eval'. Each consumer blocks a fetch and
// sanitizes a prop for real, and tsc --strict checks them against the package's types.
//   node --test tests/package/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { extname, join, resolve } from 'node:path';
import { before, test } from 'node:test';

import { launchChromium } from '../lib/browser.mjs';

const root = resolve(import.meta.dirname, '../..');
// Inside target/ so that tsc finds @types/node in the repository's node_modules, as a project in
// a monorepo would; widget-guard itself resolves only to the installed tarball.
const work = join(root, 'target', 'package-consumer');
const project = join(work, 'project');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, args, options = {}) => execFileSync(command, args, { cwd: project, encoding: 'utf8', ...options });

const PROPS = { user: { email: 'jane.doe@example.com', plan: 'pro' }, apiKey: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', count: 3 };
// Every key and every non-secret value kept (main.js sanitizes the same props in the widget).
const SANITIZED = { user: { email: '[REDACTED:email]', plan: 'pro' }, apiKey: '[REDACTED:stripe_key]', count: 3 };

let tarball;
before(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).replace(/^[^[]*/, ''));
  tarball = join(work, packed[0].filename);
  cpSync(join(import.meta.dirname, 'consumer'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--loglevel=error']);
});

test('the tarball holds the built package and nothing else', () => {
  const files = run('tar', ['-tzf', tarball]).trim().split('\n').sort();
  const dist = ['widget-guard.d.mts', 'sanitizer.d.mts', 'widget-guard.d.ts', 'widget-guard.inline.d.mts', 'widget-guard.inline.js',
    'widget-guard.inline.mjs', 'widget-guard.js', 'widget-guard.mjs', 'widget-guard.node.cjs', 'widget-guard.node.d.cts', 'widget-guard.wasm'];
  const root = ['README.md', 'package.json', 'LICENSE-MIT', 'LICENSE-APACHE'];
  assert.deepEqual(files, [...root.map((file) => `package/${file}`), ...dist.map((file) => `package/dist/${file}`)].sort());
});

test('tsc --strict: the consumers type-check and every misuse in misuse.ts and node-misuse.mts is an error', () => {
  for (const config of ['tsconfig.json', 'tsconfig.node.json']) {
    try {
      run(bin('tsc'), ['-p', config]);
    } catch (error) {
      assert.fail(`tsc -p ${config} failed:\n${error.stdout}`);
    }
  }
});

for (const consumer of ['node-require.cjs', 'node-import.mjs']) {
  test(`Node: ${consumer} sanitizes props from the installed package`, () => {
    const value = JSON.parse(run(process.execPath, [consumer, JSON.stringify(PROPS)]));
    assert.deepEqual(value, SANITIZED);
  });
}

/** Loopback servers: the widget's origin (static files, CORS, a CSP per page), the host, the API and an unlisted origin. */
async function startServers(widgetDir, widgetCsp) {
  const reached = { api: [], evil: [] };
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const servers = [];
  const listen = async (handler) => {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise((done) => server.listen(0, '127.0.0.1', done));
    return server.address().port;
  };
  const cors = { 'Access-Control-Allow-Origin': '*' };
  const logger = (log) => (req, res) => {
    log.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/json', ...cors }).end(JSON.stringify({ reached: req.url }));
  };
  const api = `http://127.0.0.1:${await listen(logger(reached.api))}`;
  const evil = `http://127.0.0.1:${await listen(logger(reached.evil))}`;
  // The widget's own origin is `localhost`, not 127.0.0.1: a different site from the host's.
  const widgetPort = await listen((req, res) => {
    const path = join(widgetDir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!path.startsWith(widgetDir)) return res.writeHead(403).end();
    let body;
    try {
      body = readFileSync(path);
    } catch {
      return res.writeHead(404).end();
    }
    // An opaque-origin frame loads module scripts and the .wasm in CORS mode: the server must say so.
    const headers = { 'Content-Type': types[extname(path)] || 'application/octet-stream', ...cors };
    if (path.endsWith('.html')) headers['Content-Security-Policy'] = widgetCsp(`http://localhost:${widgetPort}`, api, evil);
    res.writeHead(200, headers).end(body);
  });
  const widget = `http://localhost:${widgetPort}`;
  const host = `http://127.0.0.1:${await listen((req, res) => {
    const src = `${widget}${new URL(req.url, 'http://x').searchParams.get('widget')}?api=${api}&evil=${evil}`;
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><iframe sandbox="allow-scripts" src="${src}"></iframe>`);
  })}`;
  return { host, reached, close: () => Promise.all(servers.map((server) => new Promise((done) => server.close(done)))) };
}

/**
 * The widget's CSP. connect-src lets the unlisted origin through on purpose: what stops those
 * requests must be the guard. The wasm comes from the widget's own origin.
 */
const strictCsp = (extraScript) => (widget, api, evil) =>
  `default-src 'none'; script-src ${widget} ${extraScript}'wasm-unsafe-eval'; connect-src ${widget} ${api} ${evil}; base-uri 'none'; form-action 'none'`;

/** Opens the host, which frames `widgetPath`; returns what the widget wrote into #result. */
async function runWidget(widgetDir, widgetPath, widgetCsp) {
  const servers = await startServers(widgetDir, widgetCsp);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const console = [];
    page.on('console', (message) => console.push(message.text()));
    await page.goto(`${servers.host}/?widget=${widgetPath}`);
    const result = page.frameLocator('iframe').locator('#result');
    await result.filter({ hasNotText: 'pending' }).waitFor({ timeout: 20000 }).catch(async () => {
      assert.fail(`the widget did not finish: #result is ${await result.textContent()}; console: ${console.join(' | ')}`);
    });
    return { result: JSON.parse(await result.textContent()), reached: servers.reached };
  } finally {
    await browser.close();
    await servers.close();
  }
}

function assertGuarded({ result, reached }) {
  assert.equal(result.origin, 'null', 'the widget runs in an opaque origin');
  for (const attempt of ['early', 'unlisted', 'wrongPath', 'wrongMethod']) {
    assert.match(result[attempt], /^TypeError: Failed to fetch: widget-guard refused fetch: blocked: /, attempt);
  }
  assert.match(result.unlisted, /no source in connect-src matches/);
  assert.match(result.wrongPath, /matches no allow rule; .*\(path differs\)/);
  assert.match(result.wrongMethod, /DELETE .* matches no allow rule; .*\(method not allowed\)/);
  assert.deepEqual(result.allowed, { reached: '/v1/items' });
  assert.deepEqual(reached, { api: ['GET /v1/items'], evil: [] }, 'only the allowed request left the page');
  assert.deepEqual(result.props, SANITIZED);
}

test('a plain page with <script type="module"> and an import map, in a sandboxed iframe under a strict CSP', async () => {
  const importMapHash = JSON.parse(execFileSync(join(root, 'target/release/csp-tools'), ['hash', '--format', 'json', join(project, 'widget.html')], { encoding: 'utf8' })).script_src.join(' ');
  assertGuarded(await runWidget(project, '/widget.html', strictCsp(`${importMapHash} `)));
});

test('a Vite project importing "widget-guard", built, in a sandboxed iframe under a strict CSP', async () => {
  run(bin('vite'), ['build', '--logLevel', 'warn', '--outDir', 'vite-dist']);
  assert.ok(readFileSync(join(project, 'vite-dist', 'index.html'), 'utf8').includes('type="module"'));
  assertGuarded(await runWidget(join(project, 'vite-dist'), '/index.html', strictCsp('')));
});
