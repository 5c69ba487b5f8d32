// End to end over the demo site in headless Chromium: the mock host embeds the widget (another
// origin, sandboxed iframe, served with the CSP csp-tools generates); every button is clicked and
// the panel's rows, the browser's own violation events and what reached the host are asserted.
// A screenshot is saved to tests/.artifacts/ when a test fails.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, test } from 'node:test';

import { startDemo } from '../../demo-site/server.mjs';
import { launchChromium } from '../lib/browser.mjs';

let demo;
let browser;
let page;
let widget;
before(async () => {
  demo = await startDemo({ port: Number(process.env.DEMO_TEST_PORT || 18765) });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${demo.origins.host}/`);
  widget = page.frameLocator('#widget');
  await widget.locator('#panel tr.ready').waitFor();
});
afterEach(async (t) => {
  if (t.passed === false || t.error) {
    mkdirSync('tests/.artifacts', { recursive: true });
    await page.screenshot({ path: `tests/.artifacts/demo-${t.name.replace(/\W+/g, '-')}.png`, fullPage: true });
  }
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

/** Clicks a button in the widget and returns the newest panel row that matches `what`. */
async function click(action, what) {
  await widget.locator(`button[data-action="${action}"]`).click();
  const row = widget.locator('#panel tbody tr', { hasText: what }).first();
  await row.waitFor();
  return (await row.locator('td').allTextContents()).map((text) => text.trim());
}

test('the widget is served with the CSP csp-tools generated from demo-site/csp.toml', async () => {
  const response = await page.request.get(`${demo.origins.widget}/`);
  const policy = response.headers()['content-security-policy'];
  assert.equal(policy, demo.policy);
  assert.match(policy, /connect-src http:\/\/localhost:\d+;/);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
});

test('network: allowed fetch, unlisted origin, wrong path, wrong method, WebSocket, beacon, redirect, new iframe', async () => {
  assert.deepEqual((await click('fetch-allowed', 'fetch /v1/items')).slice(0, 2), ['fetch /v1/items', 'allowed']);
  const cases = [
    ['fetch-unlisted', 'fetch unlisted origin', /TypeError: Failed to fetch: widget-guard refused fetch: blocked: http:\/\/127\.0\.0\.1:\d+\/steal: no source in connect-src matches/],
    ['fetch-path', 'fetch wrong path', /GET http:\/\/localhost:\d+\/admin\/users matches no allow rule; nearest is http:\/\/localhost:\d+ \(path differs\)/],
    ['fetch-method', 'fetch wrong method', /DELETE http:\/\/localhost:\d+\/v1\/items matches no allow rule; nearest is .* \(method not allowed\)/],
    ['websocket', 'WebSocket', /SecurityError: widget-guard refused WebSocket: blocked: ws:\/\/127\.0\.0\.1:\d+\/socket/],
    ['redirect', 'fetch that redirects', /answered with a redirect, and no allow rule with followRedirects covers it/],
    // In a frame sandboxed without allow-same-origin, the sandbox gives the new frame its own
    // opaque origin, so the browser refuses the access before the guard is asked.
    ['realm-escape', 'fetch from a new iframe', /SecurityError: .*Blocked a frame with origin "null" from accessing a cross-origin frame/],
  ];
  for (const [action, what, reason] of cases) {
    const [, decision, text] = await click(action, what);
    assert.equal(decision, 'refused', what);
    assert.match(text, reason, what);
  }
  assert.deepEqual((await click('beacon', 'sendBeacon')).slice(1, 3), ['allowed', 'refused (false)']);
  const guardRows = await widget.locator('#panel tbody tr', { hasText: 'guard: ' }).allTextContents();
  assert.ok(guardRows.length >= 6, 'each refusal of the guard also arrived as a widget-guard:violation event');
  assert.ok(!guardRows.join('\n').includes('token=abc'), 'reports never carry the query');
});

test('privileged APIs: alert, confirm, prompt, clipboard', async () => {
  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs++; dialog.dismiss(); });
  assert.deepEqual((await click('alert', 'alert')).slice(0, 3), ['alert', 'allowed', 'undefined']);
  assert.deepEqual((await click('confirm', 'confirm')).slice(0, 3), ['confirm', 'allowed', 'false']);
  assert.deepEqual((await click('prompt', 'prompt')).slice(0, 3), ['prompt', 'allowed', 'null']);
  const clipboard = await click('clipboard', 'clipboard');
  assert.equal(clipboard[1], 'refused');
  assert.match(clipboard[2], /NotAllowedError: widget-guard refused clipboard/);
  assert.equal(dialogs, 0, 'no dialog reached the user');
  const reported = await widget.locator('#panel tbody tr', { hasText: 'guard: ' }).allTextContents();
  for (const api of ['alert', 'confirm', 'prompt', 'clipboard']) assert.ok(reported.some((row) => row.startsWith(`guard: ${api}`)), api);
});

test('tool calls: allowed, destructive with the in-widget confirmation, not allow-listed', async () => {
  assert.equal((await click('tool-search', 'callTool search_items'))[1], 'allowed');
  await widget.locator('button[data-action="tool-destructive"]').click();
  await widget.locator('#confirm-dialog[open]').waitFor();
  assert.match(await widget.locator('#confirm-text').textContent(), /Really run delete_order\(\{"id":"ORD-2024-000123"\}\)/);
  await widget.locator('#confirm-yes').click();
  await widget.locator('#panel tbody tr', { hasText: 'callTool delete_order' }).first().waitFor();
  const unlisted = await click('tool-unlisted', 'callTool drop_database');
  assert.equal(unlisted[1], 'refused');
  const hostCalls = await page.locator('#host-calls li').allTextContents();
  assert.deepEqual(hostCalls, ['search_items({"q":"mug"})', 'delete_order({"id":"ORD-2024-000123"})'], 'only the allowed calls reached the host');
});

test("the browser's own CSP blocks what the guard cannot see: an image from an unlisted origin", async () => {
  await widget.locator('button[data-action="image"]').click();
  const row = widget.locator('#panel tbody tr', { hasText: 'browser CSP: img-src' }).first();
  await row.waitFor();
  assert.match(await row.textContent(), /the browser refused http:\/\/127\.0\.0\.1:\d+\/pixel\.png/);
});

test('props: raw on the host side, sanitized inside the widget', async () => {
  const raw = await page.locator('#raw-props').textContent();
  assert.match(raw, /jane\.doe@example\.com/);
  const inWidget = JSON.parse(await widget.locator('#props-view').textContent());
  assert.equal(inWidget.orders[0].customer.email, '[REDACTED:email]');
  assert.equal(inWidget.orders[0].customer.name, 'Jane Doe');
  assert.equal(inWidget.orders[1].card, '[REDACTED:card]');
  assert.equal(inWidget.session, '[REDACTED:jwt]');
  assert.equal(inWidget.orders[0].total, 18.5, 'non-secret values are untouched');
});
