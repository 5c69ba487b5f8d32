// The tool-call gate on MCP Apps' bridge (JSON-RPC over window.parent.postMessage), with a fake
// MCP Apps host on another origin framing the widget: every gate path, the JSON-RPC error a
// refused request gets back, sanitized arguments, tamper attempts, and the stated limit
// (window.top is the host's real window).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { PAGE_CSP, startBrowser } from './harness.mjs';

let browser;
before(async () => {
  browser = await startBrowser();
});
after(() => browser.close());

// The host answers every JSON-RPC request from its widget frame and logs what reached it.
const HOST = `<script>window.hostLog = [];
addEventListener('message', (event) => {
  if (event.source !== document.querySelector('iframe').contentWindow) return;
  if (typeof event.data === 'string') return hostLog.push('text ' + event.data);
  if (event.data?.jsonrpc !== '2.0') return;
  const { id, method, params } = event.data;
  hostLog.push(method + ' ' + JSON.stringify(params));
  if (id !== undefined) event.source.postMessage({ jsonrpc: '2.0', id, result: { ok: method } }, '*');
});</script>`;

// The widget's client, as the MCP Apps SDK's PostMessageTransport does it: requests go to
// window.parent, and only messages whose event.source is window.parent are accepted.
const CLIENT = `window.pending = new Map(); let nextId = 1;
  addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    const waiting = pending.get(event.data.id);
    pending.delete(event.data.id);
    if (waiting) event.data.error ? waiting.reject(new Error(event.data.error.message)) : waiting.resolve(event.data.result);
  });
  window.request = (method, params, post = (message) => window.parent.postMessage(message, '*')) =>
    new Promise((resolve, reject) => { const id = nextId++; pending.set(id, { resolve, reject }); post({ jsonrpc: '2.0', id, method, params }); });
  window.attempt = async (fn) => { try { return { value: await fn() }; } catch (e) { return { error: e.name, message: e.message }; } };`;

const OPTIONS = {
  connectDomains: ['https://api.test'],
  redirects: ['https://docs.test'],
  tools: ['search_orders', { name: 'cancel_order', destructiveHint: true }],
  toolRateLimit: { calls: 3, perMs: 60000 },
  sanitizeProps: true,
};

/** A framed widget whose confirmTool answers from `answers`, and the host log once settled. */
async function openFramed(answers = []) {
  return browser.open({
    install: false,
    csp: PAGE_CSP,
    host: HOST,
    afterInstall: `${CLIENT} window.asked = []; const answers = ${JSON.stringify(answers)}; window.violations = [];
      window.guardReady = WidgetGuard.install({ ...${JSON.stringify(OPTIONS)},
        confirmTool: async ({ tool }) => { asked.push(tool); return answers.shift(); },
        onViolation: (v) => violations.push(v.sink + ' ' + v.violatedDirective) });`,
  });
}

const hostLog = (page) => page.evaluate(() => hostLog);

test('tools/call, ui/message and ui/open-link over postMessage: each gate path, as the host sees it', async () => {
  const page = await openFramed([true, false]);
  const result = await page.widget.evaluate(async () => {
    await guardReady;
    return {
      initialize: await attempt(() => request('ui/initialize', { protocolVersion: '2026-01-26' })),
      allowed: await attempt(() => request('tools/call', { name: 'search_orders', arguments: { q: 'orders of jane.doe@example.com' } })),
      unlisted: await attempt(() => request('tools/call', { name: 'drop_database', arguments: {} })),
      confirmed: await attempt(() => request('tools/call', { name: 'cancel_order', arguments: { id: 7 } })),
      declined: await attempt(() => request('tools/call', { name: 'cancel_order', arguments: { id: 8 } })),
      malformed: await attempt(() => request('tools/call', { name: ['search_orders'] })),
      message: await attempt(() => request('ui/message', { role: 'user', content: [{ type: 'text', text: 'card 4111 1111 1111 1111' }] })),
      linkOff: await attempt(() => request('ui/open-link', { url: 'https://evil.test/phish?t=1' })),
      linkOn: await attempt(() => request('ui/open-link', { url: 'https://docs.test/help' })),
      asked,
      violations,
    };
  });
  assert.deepEqual(result.initialize.value, { ok: 'ui/initialize' }, 'other methods pass untouched');
  assert.deepEqual(result.allowed.value, { ok: 'tools/call' });
  assert.match(result.unlisted.message, /widget-guard refused the tool call: blocked: the widget may not call the tool "drop_database": add it to tools/);
  assert.deepEqual(result.confirmed.value, { ok: 'tools/call' });
  assert.match(result.declined.message, /cancel_order is destructive and the user did not confirm it/);
  assert.match(result.malformed.message, /params\.name must be the tool's name/);
  assert.deepEqual(result.message.value, { ok: 'ui/message' });
  assert.match(result.linkOff.message, /widget-guard refused ui\/open-link: blocked: https:\/\/evil\.test\/phish is not in the guard's redirects/);
  assert.deepEqual(result.linkOn.value, { ok: 'ui/open-link' });
  assert.deepEqual(result.asked, ['cancel_order', 'cancel_order']);
  assert.deepEqual(result.violations, ['tool-call tools', 'tool-declined consent', 'open-external redirects']);
  assert.deepEqual(await hostLog(page), [
    'ui/initialize {"protocolVersion":"2026-01-26"}',
    'tools/call {"name":"search_orders","arguments":{"q":"orders of [REDACTED:email]"}}',
    'tools/call {"name":"cancel_order","arguments":{"id":7}}',
    'ui/message {"role":"user","content":[{"type":"text","text":"card [REDACTED:card]"}]}',
    'ui/open-link {"url":"https://docs.test/help"}',
  ]);
  await page.close();
});

test('a burst of tools/call is rate-limited; requests sent before the engine is ready wait for it', async () => {
  const page = await browser.open({
    install: false,
    csp: PAGE_CSP,
    host: HOST,
    afterInstall: `${CLIENT}
      window.guardReady = WidgetGuard.install(${JSON.stringify(OPTIONS)});
      window.early = attempt(() => request('tools/call', { name: 'drop_database' }));`,
  });
  const result = await page.widget.evaluate(async () => {
    const early = await window.early;
    await guardReady;
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await attempt(() => request('tools/call', { name: 'search_orders', arguments: { page: i } }))).error ?? 'ok');
    return { early, outcomes };
  });
  assert.match(result.early.message, /may not call the tool "drop_database"/);
  assert.deepEqual(result.outcomes, ['ok', 'ok', 'ok', 'Error']);
  assert.equal((await hostLog(page)).length, 3);
  await page.close();
});

test('the bridge cannot be unwrapped: parent.self/frames, event.source, a fresh frame, a getter that changes its answer', async () => {
  const page = await openFramed();
  const result = await page.widget.evaluate(async () => {
    await guardReady;
    const unlisted = (via) => attempt(() => request('tools/call', { name: 'drop_database' }, via));
    const frame = document.body.appendChild(document.createElement('iframe'));
    const freshParent = Object.getOwnPropertyDescriptor(frame.contentWindow, 'parent').get.call(window);
    let ping;
    await new Promise((resolve) => {
      addEventListener('message', function once(event) { ping = event; removeEventListener('message', once); resolve(); });
      window.parent.postMessage({ jsonrpc: '2.0', id: 99, method: 'ping' }, '*');
    });
    let reads = 0;
    const shifty = { jsonrpc: '2.0', id: 100, get method() { return reads++ === 0 ? 'tools/call' : 'ping'; }, params: { name: 'drop_database' } };
    return {
      self: await unlisted((m) => window.parent.self.postMessage(m, '*')),
      frames: await unlisted((m) => window.parent.frames.postMessage(m, '*')),
      options: await unlisted((m) => window.parent.postMessage(m, { targetOrigin: '*' })),
      source: await unlisted((m) => ping.source.postMessage(m, '*')),
      // The fresh realm's own parent getter, called on the widget's window: it gives the frame's parent (the widget), never the host.
      freshFrame: freshParent === window,
      sources: [ping.source, Object.getOwnPropertyDescriptor(frame.contentWindow.MessageEvent.prototype, 'source').get.call(ping)].map((s) => s === window.parent),
      shifty: await attempt(() => new Promise((resolve, reject) => { pending.set(100, { resolve, reject }); window.parent.postMessage(shifty, '*'); })),
      locked: (await attempt(() => Object.defineProperty(window, 'parent', { value: window.top }))).error,
    };
  });
  assert.equal(result.freshFrame, true);
  for (const via of ['self', 'frames', 'options', 'source', 'shifty']) {
    assert.match(result[via].message ?? '', /may not call the tool "drop_database"/, via);
  }
  assert.deepEqual(result.sources, [true, true], 'event.source is the stand-in, in every realm');
  assert.equal(result.locked, 'TypeError');
  assert.ok(!(await hostLog(page)).some((line) => line.includes('drop_database')), 'no unlisted call reached the host');
  await page.close();
});

test('stated limit: window.top is the host\'s real window and cannot be redefined, so top.postMessage is not gated', async () => {
  const page = await openFramed();
  await page.widget.evaluate(async () => {
    await guardReady;
    window.top.postMessage({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'drop_database' } }, '*');
  });
  await page.waitForFunction(() => hostLog.length > 0);
  // Expected: it reaches the host. The host must enforce tool permissions itself (README, threat model).
  assert.deepEqual(await hostLog(page), ['tools/call {"name":"drop_database"}']);
  await page.close();
});

test('JSON-RPC smuggled as text or in a batch stays in the widget and is reported; other text passes', async () => {
  const page = await openFramed();
  await page.widget.evaluate(async () => {
    await guardReady;
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'drop_database' } };
    window.parent.postMessage(JSON.stringify(call), '*');
    window.parent.postMessage([{ jsonrpc: '2.0', method: 'ui/initialize' }, call], '*');
    window.parent.postMessage(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ui/initialize' }), '*');
    await request('ui/initialize', {});
  });
  await page.waitForFunction(() => hostLog.length === 2);
  assert.deepEqual(await hostLog(page), ['text {"jsonrpc":"2.0","id":2,"method":"ui/initialize"}', 'ui/initialize {}']);
  assert.deepEqual(await page.widget.evaluate(() => violations), ['tool-call widget-guard', 'tool-call widget-guard']);
  await page.close();
});
