// A widget page in real Chromium with widget-guard loaded first: the page and every origin it
// talks to are served on loopback through the test proxy (any hostname resolves to it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launchChromium } from '../lib/browser.mjs';
import { startProxy } from '../lib/servers.mjs';

const DIST = 'dist';
export const PAGE = 'https://widget.test/widget';

// The browser's own CSP only lets the guard run; what the tests exercise is the guard's in-page policy.
export const PAGE_CSP = "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'";
export const OPTIONS = {
  csp: 'connect-src https://api.test https://cdn.test wss://live.test https://widget.test',
  allow: [
    { origin: 'https://api.test', paths: ['/v1/'], methods: ['GET', 'POST'] },
    { origin: 'https://cdn.test', followRedirects: true },
    { origin: 'wss://live.test' },
    { origin: 'https://widget.test', paths: ['/events'] },
  ],
  redirects: ['https://docs.test'],
};

const pages = new Map();
/** Every request that reached the servers, as `host/path`: proof of what got out of the page. */
export const served = [];
/** The same requests with their method: `{ host, path, method }`. */
export const servedRequests = [];
let nextPage = 0;

function answer(req, res) {
  const url = new URL(req.url, `http://${req.headers.host}`);
  served.push(`${url.host}${url.pathname}`);
  servedRequests.push({ host: url.host, path: url.pathname, method: req.method });
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Headers': '*' };
  if (url.pathname.startsWith('/guard/')) {
    const file = url.pathname.slice('/guard/'.length);
    const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    res.writeHead(200, { 'Content-Type': type, ...cors }).end(readFileSync(join(DIST, file)));
  } else if (url.pathname === '/host') {
    // A chat host on another origin that frames the widget, as Apps SDK and MCP Apps hosts do.
    const page = pages.get(url.searchParams.get('id'));
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      .end(`<!doctype html>${page.host}<iframe sandbox="allow-scripts allow-same-origin" src="${PAGE}?id=${url.searchParams.get('id')}"></iframe>`);
  } else if (url.pathname === '/widget') {
    const page = pages.get(url.searchParams.get('id'));
    const headers = { 'Content-Type': 'text/html; charset=utf-8' };
    if (page.csp) headers['Content-Security-Policy'] = page.csp;
    res.writeHead(200, headers).end(page.html);
  } else if (url.pathname.endsWith('/redirect')) {
    res.writeHead(302, { Location: url.searchParams.get('to'), ...cors }).end();
  } else if (url.pathname === '/events') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', ...cors }).end('data: hello\n\n');
  } else {
    res.writeHead(200, { 'Content-Type': 'application/json', ...cors })
      .end(JSON.stringify({ host: req.headers.host, path: url.pathname, method: req.method }));
  }
}

/** Starts the proxy and Chromium; `open()` loads a widget page, `close()` stops everything. */
export async function startBrowser() {
  const proxy = await startProxy(answer);
  const browser = await launchChromium({ proxy: proxy.proxyUrl });
  return {
    /**
     * Opens a widget page whose first scripts are the guard and `WidgetGuard.install(options)`.
     * `options` is JSON (onViolation and onAudit are added: violations land in `window.violations`,
     * violation events in `window.events`, audit events in `window.auditEvents`); `afterInstall` is an inline script that runs next, as widget
     * code would. In the page, `attempt(fn)` returns `{ value }` or `{ error, message }`, and
     * `blockedAndAllowed()` tries an unlisted and a listed URL. With `host` (its markup), the
     * widget is framed by a page on https://host.test and `page.widget` is the widget's frame.
     * `csp` may be a function of the page's HTML (to hash its inline scripts into the policy).
     */
    async open({ options = {}, csp, install = true, afterInstall = '', head = '', script = 'widget-guard.js', host } = {}) {
      const id = String(nextPage++);
      const installScript = install
        ? `<script>window.violations = []; window.events = []; window.auditEvents = [];
            window.attempt = async (fn) => { try { return { value: await fn() }; } catch (e) { return { error: e.name, message: e.message }; } };
            window.blockedAndAllowed = async () => ({
              blocked: await attempt(() => fetch('https://evil.test/x')),
              allowed: await attempt(() => fetch('https://api.test/v1/x').then((r) => r.json())),
            });
            document.addEventListener('widget-guard:violation', (e) => events.push(e.detail));
            window.guardReady = WidgetGuard.install({ ...${JSON.stringify(options)}, onViolation: (v) => violations.push(v), onAudit: (e) => auditEvents.push(e) });
            // When it became ready, for the start-up benchmark (widget-guard/benches/browser.mjs).
            guardReady.then(() => { window.guardReadyAt = performance.now(); }, () => {});</script>`
        : '';
      const html = `<!doctype html><meta charset="utf-8">${head}
        <script src="/guard/${script}"></script>${installScript}<script>${afterInstall}</script><body></body>`;
      pages.set(id, { csp: typeof csp === 'function' ? csp(html) : csp, html, host });
      const page = await browser.newPage();
      page.consoleLines = [];
      page.on('console', (message) => page.consoleLines.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => page.consoleLines.push(`pageerror: ${error.message}`));
      if (host === undefined) {
        await page.goto(`${PAGE}?id=${id}`);
        return page;
      }
      await page.goto(`https://host.test/host?id=${id}`);
      page.widget = page.frames().find((frame) => frame !== page.mainFrame());
      await page.widget.waitForFunction(() => window.guardReady !== undefined);
      return page;
    },
    async close() {
      await browser.close();
      await proxy.close();
    },
  };
}
