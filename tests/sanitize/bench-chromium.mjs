// Throughput of the sanitizer's Wasm in headless Chromium (not CI):
//   export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"; node tests/sanitize/bench-chromium.mjs
// Builds widget-guard with wasm-pack --target web into tests/.artifacts/pkg-web, serves it on
// loopback, and times redactText/sanitizeProps in the page: best of 3 after a warm-up run.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = path.join(root, 'tests/.artifacts/pkg-web');
execFileSync('wasm-pack', ['build', 'widget-guard', '--release', '--target', 'web', '--out-dir', pkg, '--no-pack'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});

const page = `<!doctype html><meta charset="utf-8"><script type="module">
import init, { redactText, sanitizeProps } from './widget_guard.js';
await init();
const rate = (bytes, f) => { f(); let best = Infinity; for (let k = 0; k < 3; k++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t); } return bytes / 1e3 / best; };
const log = 'order ORD-2024-000123 shipped at 2024-05-01T10:22:31Z, 3 items, total 129.99 EUR; '.repeat(120000);
const prose = 'The quick brown fox jumps over the lazy dog while the widget renders its list. '.repeat(125000);
const item = { id: 'ORD-2024-000123', uuid: '550e8400-e29b-41d4-a716-446655440000', email: 'jane.doe@example.com',
  card: '4111 1111 1111 1111', token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', createdAt: '2024-05-01T10:22:31.000Z',
  note: 'Deliver to the back door, ring twice', total: 129.99, items: [1, 2, 3] };
const props = Array.from({ length: 20000 }, () => structuredClone(item));
const propsBytes = JSON.stringify(props).length;
window.__result = {
  log: rate(log.length, () => redactText(log)),
  prose: rate(prose.length, () => redactText(prose)),
  props: rate(propsBytes, () => sanitizeProps(props)),
  propsMB: propsBytes / 1e6,
  ua: navigator.userAgent,
};
</script>`;
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const server = http.createServer((req, res) => {
  const rel = path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
  if (!rel || rel === '.') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  const file = path.join(pkg, rel);
  if (!file.startsWith(pkg + path.sep) || !fs.existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await launchChromium();
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (e) => console.error('page error:', e.message));
  tab.on('console', (m) => console.error('page:', m.text()));
  tab.on('response', (r) => r.status() >= 400 && console.error('HTTP', r.status(), r.url()));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  const r = await tab.waitForFunction(() => window.__result, null, { timeout: 120_000 }).then((h) => h.jsonValue());
  console.log(r.ua.match(/Chrome\/[\d.]+/)?.[0]);
  console.log(`redactText, log lines: ${r.log.toFixed(1)} MB/s`);
  console.log(`redactText, prose: ${r.prose.toFixed(1)} MB/s`);
  console.log(`sanitizeProps, ${r.propsMB.toFixed(1)} MB of props (incl. JSON.stringify/parse): ${r.props.toFixed(1)} MB/s`);
} finally {
  await browser.close();
  server.close();
}
