// Tamper attempts against an installed guard, each in a fresh page so one cannot help another:
// replaced intrinsics, saved references, new realms, reinstalling. Every attempt must leave
// the unlisted origin blocked and the listed one allowed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { OPTIONS, PAGE_CSP, served, startBrowser } from './harness.mjs';

let browser;
before(async () => {
  browser = await startBrowser();
});
after(() => browser.close());

/**
 * Opens a page whose widget code (`tamper`, run right after install) attacks the guard; returns
 * what `probe` sees, or without a probe, the JSON the tamper script puts in `document.title`.
 */
async function attack(tamper, probe) {
  const page = await browser.open({ options: OPTIONS, csp: PAGE_CSP, afterInstall: tamper });
  let result;
  if (probe) {
    result = await page.evaluate(probe);
  } else {
    // The page reports through its title: page.title() reads it from Playwright's isolated world,
    // which the page's tampering cannot reach (page.evaluate runs in the tampered main world).
    while (!(await page.title())) await new Promise((resolve) => setTimeout(resolve, 50));
    result = JSON.parse(await page.title());
  }
  await page.close();
  return result;
}

function assertStillGuarded(result) {
  const leaked = served.filter((request) => request.startsWith('evil.test'));
  assert.deepEqual(leaked, [], 'no request reached the unlisted origin');
  assert.equal(result.blocked.error, 'TypeError', JSON.stringify(result.blocked));
  assert.match(result.blocked.message, /widget-guard refused fetch/);
  assert.equal(result.allowed.value?.host, 'api.test', JSON.stringify(result.allowed));
}

test('the wrappers cannot be overwritten, deleted or redefined', async () => {
  const result = await attack(
    `window.tampered = [];
     for (const attempt of [
       () => { window.fetch = () => 'unguarded'; },
       () => { delete window.fetch; },
       () => Object.defineProperty(window, 'fetch', { value: () => 'unguarded' }),
       () => Object.defineProperty(XMLHttpRequest.prototype, 'open', { value: () => {} }),
       () => { Navigator.prototype.sendBeacon = () => true; },
       () => Object.defineProperty(window, 'WebSocket', { value: class {} }),
       () => Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', { get: () => null }),
     ]) { try { attempt(); } catch (e) { tampered.push(e.name); } }`,
    async () => ({ ...(await blockedAndAllowed()), tampered, beacon: navigator.sendBeacon('https://evil.test/b') }),
  );
  assertStillGuarded(result);
  assert.deepEqual(result.tampered, ['TypeError', 'TypeError', 'TypeError', 'TypeError']);
  assert.equal(result.beacon, false);
});

test('replacing the intrinsics the guard and its glue use changes nothing, before and after the engine is ready', async () => {
  // The attack and its probe run in the page's own script, while everything is replaced (the
  // engine is still loading).
  const result = await attack(
    `const saved = { call: Function.prototype.call, apply: Function.prototype.apply, reflectApply: Reflect.apply,
       construct: Reflect.construct, iterator: Array.prototype[Symbol.iterator], charCodeAt: String.prototype.charCodeAt,
       split: String.prototype.split, encodeInto: TextEncoder.prototype.encodeInto, encode: TextEncoder.prototype.encode,
       decode: TextDecoder.prototype.decode, Uint8Array: window.Uint8Array, parse: JSON.parse, then: Promise.prototype.then,
       instantiate: WebAssembly.instantiate, compile: WebAssembly.compile, streaming: WebAssembly.instantiateStreaming,
       getPrototypeOf: Object.getPrototypeOf, defineProperty: Object.defineProperty, freeze: Object.freeze };
     const buffer = Object.getOwnPropertyDescriptor(WebAssembly.Memory.prototype, 'buffer');
     const lie = () => { throw new Error('replaced intrinsic called'); };
     Object.defineProperty(Array.prototype, '1', { set: lie, get: () => 'https://evil.test/', configurable: true });
     Object.defineProperty(WebAssembly.Memory.prototype, 'buffer', { get: lie, configurable: true });
     Function.prototype.call = Function.prototype.apply = lie;
     Reflect.apply = Reflect.construct = lie;
     Array.prototype[Symbol.iterator] = lie;
     String.prototype.charCodeAt = () => 0x61;
     String.prototype.split = lie;
     TextEncoder.prototype.encodeInto = TextEncoder.prototype.encode = lie;
     TextDecoder.prototype.decode = () => '{}';
     window.Uint8Array = function () { return [0, 0, 0]; };
     JSON.parse = () => ({ proceed: true });
     WebAssembly.instantiate = WebAssembly.compile = WebAssembly.instantiateStreaming = lie;
     Promise.prototype.then = function (resolve) { return resolve && resolve({ ok: true, status: 200, arrayBuffer: lie }); };
     Object.getPrototypeOf = Object.freeze = lie;
     const outcome = async (request) => { try { const response = await request(); return { value: { host: 'api.test', status: response.status } }; } catch (e) { return { error: e.name, message: e.message }; } };
     window.tamperResult = (async () => {
       const result = { early: await outcome(() => fetch('https://evil.test/early')) };
       await guardReady;
       result.blocked = await outcome(() => fetch('https://evil.test/x'));
       result.allowed = await outcome(() => fetch('https://api.test/v1/x'));
       Object.defineProperty = saved.defineProperty;
       delete Array.prototype[1];
       Object.defineProperty(WebAssembly.Memory.prototype, 'buffer', buffer);
       Function.prototype.call = saved.call; Function.prototype.apply = saved.apply;
       Reflect.apply = saved.reflectApply; Reflect.construct = saved.construct;
       Array.prototype[Symbol.iterator] = saved.iterator; String.prototype.charCodeAt = saved.charCodeAt;
       String.prototype.split = saved.split; TextEncoder.prototype.encodeInto = saved.encodeInto;
       TextEncoder.prototype.encode = saved.encode; TextDecoder.prototype.decode = saved.decode;
       window.Uint8Array = saved.Uint8Array; JSON.parse = saved.parse; Promise.prototype.then = saved.then;
       WebAssembly.instantiate = saved.instantiate; WebAssembly.compile = saved.compile;
       WebAssembly.instantiateStreaming = saved.streaming; Object.getPrototypeOf = saved.getPrototypeOf;
       Object.freeze = saved.freeze;
       document.title = JSON.stringify(result);
     })();`,
    null,
  );
  // The request made while the engine loaded was held, then refused: the server never saw it
  // (what its promise settles to is up to the widget's own replaced Promise.prototype.then).
  assertStillGuarded(result);
});

test('references saved after install are the wrappers', async () => {
  const result = await attack(
    `window.saved = { fetch: window.fetch, open: XMLHttpRequest.prototype.open, WebSocket: window.WebSocket };`,
    async () => ({
      ...(await blockedAndAllowed()),
      saved: await attempt(() => saved.fetch.call(null, 'https://evil.test/')),
      socket: await attempt(() => new saved.WebSocket('wss://evil.test/')),
      constructor: new WebSocket('wss://live.test/').constructor === WebSocket,
      noOriginal: Object.getPrototypeOf(WebSocket) === Function.prototype,
    }),
  );
  assertStillGuarded(result);
  assert.equal(result.saved.error, 'TypeError');
  assert.equal(result.socket.error, 'SecurityError');
  assert.equal(result.constructor, true);
  assert.equal(result.noOriginal, true, 'the original constructor is not reachable through the prototype chain');
});

test('a fresh same-origin iframe, however it is made or reached, does not give back an unguarded fetch', async () => {
  const result = await attack('', async () => {
    const probe = (win) => attempt(() => win.fetch('https://evil.test/from-frame'));
    const frame = document.createElement('iframe');
    document.body.appendChild(frame);
    const holder = document.createElement('div');
    document.body.append(holder);
    holder.innerHTML = '<iframe></iframe>';
    const srcdoc = document.createElement('iframe');
    srcdoc.srcdoc = '<p>hello</p>';
    document.body.insertAdjacentElement('beforeend', srcdoc);
    await new Promise((resolve) => (srcdoc.onload = resolve));
    const nested = frame.contentDocument.createElement('iframe');
    frame.contentDocument.body.appendChild(nested);
    return {
      contentWindow: await probe(frame.contentWindow),
      frames0: await probe(frames[0]),
      innerHTML: await probe(frames[1]),
      srcdocAfterLoad: await probe(frames[2]),
      nested: await probe(frames[0][0]),
      xhrFromFrame: await attempt(() => {
        const xhr = new frames[0].XMLHttpRequest();
        xhr.open('GET', 'https://evil.test/');
        xhr.send();
      }),
      wsFromFrame: await attempt(() => new frames[1].WebSocket('wss://evil.test/')),
      allowedFromFrame: await attempt(() => frames[0].fetch('https://api.test/v1/ok').then((r) => r.json())),
    };
  });
  for (const name of ['contentWindow', 'frames0', 'innerHTML', 'srcdocAfterLoad', 'nested']) {
    assert.equal(result[name].error, 'TypeError', `${name}: ${JSON.stringify(result[name])}`);
    assert.match(result[name].message, /widget-guard refused fetch/);
  }
  assert.equal(result.xhrFromFrame.error, 'NetworkError');
  assert.equal(result.wsFromFrame.error, 'SecurityError');
  assert.equal(result.allowedFromFrame.value.host, 'api.test');
});

test('a second install() cannot loosen the policy', async () => {
  const result = await attack(
    `window.second = WidgetGuard.install({ csp: 'connect-src *', mode: 'report' });`,
    async () => ({ ...(await blockedAndAllowed()), same: second === guardReady, mode: (await second).mode }),
  );
  assertStillGuarded(result);
  assert.equal(result.same, true);
  assert.equal(result.mode, 'enforce');
});
