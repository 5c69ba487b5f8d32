// Requests past the guard: sinks it might not know, objects that lie about themselves, tampered
// prototypes, URL parser tricks, redirects, beacons and pings. Each test asserts on what reached
// the loopback servers (`served`, `servedRequests`), never on what a promise in the page says.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { OPTIONS, PAGE_CSP, PAGE_HELPERS, assertNothingLeaked, servedRequests, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();
const open = (afterInstall = '') => session.browser.open({ options: OPTIONS, csp: PAGE_CSP, afterInstall: PAGE_HELPERS + afterInstall });

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
