// Privileged APIs in real Chromium: every API of both presets blocked (with the documented
// behaviour) or allowed by override, and the tamper paths: prototypes, saved references, new frames.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { PAGE_CSP, startBrowser } from './harness.mjs';

let browser;
before(async () => {
  browser = await startBrowser();
});
after(() => browser.close());

const BASE = { connectDomains: ['https://api.test'], redirects: ['https://docs.test'] };

/**
 * Calls every API in the page, or with `inFrame` from a fresh same-origin iframe's realm (its
 * own prototypes and constructors); returns, per API, whether the guard reported it and what the
 * call gave.
 */
function callEverything(inFrame) {
  return (async () => {
    await guardReady;
    let w = window;
    if (inFrame) {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      w = frame.contentWindow;
    }
    const nav = w.navigator;
    const calls = {
      alert: () => w.alert('hi'),
      confirm: () => w.confirm('sure?'),
      prompt: () => w.prompt('name?'),
      print: () => w.print(),
      clipboard: () => w.Clipboard.prototype.writeText.call(nav.clipboard, 'copied'),
      'execCommand-clipboard': () => w.Document.prototype.execCommand.call(w.document, 'copy'),
      geolocation: () => nav.geolocation.getCurrentPosition(() => {}, () => {}),
      getUserMedia: () => nav.mediaDevices.getUserMedia({ audio: true }),
      getDisplayMedia: () => nav.mediaDevices.getDisplayMedia(),
      notifications: () => w.Notification.requestPermission(),
      'file-pickers': () => w.showOpenFilePicker(),
      'payment-request': () => new w.PaymentRequest([{ supportedMethods: 'https://pay.test/' }], { total: { label: 't', amount: { currency: 'USD', value: '1' } } }),
      credentials: () => nav.credentials.get({ password: true }),
      usb: () => nav.usb.getDevices(),
      bluetooth: () => nav.bluetooth.getAvailability(),
      serial: () => nav.serial.getPorts(),
      hid: () => nav.hid.getDevices(),
      midi: () => nav.requestMIDIAccess(),
      'service-worker': () => nav.serviceWorker.register('/sw.js'),
      worker: () => new w.Worker('/worker.js'),
      webrtc: () => new w.RTCPeerConnection(),
      webtransport: () => new w.WebTransport('https://api.test/wt'),
      'window-open': () => w.open('https://docs.test/help'),
    };
    const available = {
      usb: 'usb' in nav, bluetooth: 'bluetooth' in nav, serial: 'serial' in nav, hid: 'hid' in nav, midi: 'requestMIDIAccess' in nav,
      'file-pickers': 'showOpenFilePicker' in w, 'payment-request': 'PaymentRequest' in w, webtransport: 'WebTransport' in w,
    };
    const results = {};
    for (const [api, call] of Object.entries(calls)) {
      if (available[api] === false) continue;
      const before = violations.length;
      let outcome;
      try {
        const value = call();
        outcome = { value: await Promise.race([Promise.resolve(value).then((v) => (v === undefined ? 'undefined' : String(v))), new Promise((r) => setTimeout(() => r('pending'), 300))]) };
      } catch (error) {
        outcome = { error: error.name, guard: /widget-guard refused/.test(error.message) };
      }
      const reported = violations.slice(before).some((v) => v.sink === api);
      results[api] = { reported, ...outcome };
    }
    return results;
  })();
}

const APPS_SDK_BLOCKED = ['alert', 'confirm', 'prompt', 'clipboard', 'execCommand-clipboard', 'worker', 'webrtc', 'webtransport'];

test('apps-sdk preset (the default): the APIs chat hosts forbid, plus workers, WebRTC and WebTransport', async () => {
  const page = await browser.open({ options: BASE, csp: PAGE_CSP });
  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs++; dialog.dismiss(); });
  const results = await page.evaluate(callEverything, false);
  const reported = Object.keys(results).filter((api) => results[api].reported).sort();
  assert.deepEqual(reported, [...APPS_SDK_BLOCKED].filter((api) => api in results).sort(), JSON.stringify(results, null, 1));
  assert.deepEqual(
    [results.alert.value, results.confirm.value, results.prompt.value, results['execCommand-clipboard'].value],
    ['undefined', 'false', 'null', 'false'],
    'inert values, as a sandbox without allow-modals gives',
  );
  assert.deepEqual([results.clipboard.error, results.clipboard.guard], ['NotAllowedError', true]);
  assert.deepEqual([results.worker.error, results.webrtc.error], ['SecurityError', 'SecurityError']);
  assert.equal(dialogs, 0, 'no dialog was shown');
  await page.close();
});

test('strict preset blocks every API; an override allows one back', async () => {
  const page = await browser.open({ options: { ...BASE, apis: 'strict', allowApis: ['alert'] }, csp: PAGE_CSP });
  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs++; dialog.dismiss(); });
  const results = await page.evaluate(callEverything, false);
  const unreported = Object.keys(results).filter((api) => !results[api].reported);
  assert.deepEqual(unreported, ['alert'], JSON.stringify(results, null, 1));
  assert.equal(dialogs, 1, 'the allowed alert showed its dialog');
  assert.equal(results.geolocation.error, 'SecurityError');
  assert.deepEqual([results.getUserMedia.error, results.getUserMedia.guard], ['NotAllowedError', true]);
  assert.equal(results.notifications.value, 'denied');
  assert.equal(results['window-open'].value, 'null', 'strict blocks popups even to listed redirects');
  assert.deepEqual([results.credentials.error, results.credentials.guard], ['NotAllowedError', true]);
  await page.close();
});

test('blockApis adds to a preset; the audit trail records API calls', async () => {
  const page = await browser.open({ options: { ...BASE, blockApis: ['geolocation'] }, csp: PAGE_CSP });
  const result = await page.evaluate(async () => {
    const guard = await guardReady;
    let error;
    try {
      navigator.geolocation.getCurrentPosition(() => {});
    } catch (e) {
      error = e.message;
    }
    return { error, audit: guard.audit().filter((event) => event.type === 'api').map((event) => `${event.sink} ${event.allowed}`) };
  });
  assert.match(result.error, /widget-guard refused geolocation: blocked: geolocation is a privileged API: .*add "geolocation" to allowApis/);
  assert.deepEqual(result.audit, ['geolocation false']);
  await page.close();
});

test('prototypes, saved references and new frames do not give the originals back', async () => {
  const page = await browser.open({
    options: BASE,
    csp: PAGE_CSP,
    afterInstall: `window.saved = { writeText: Clipboard.prototype.writeText, alert: window.alert, exec: document.execCommand };
      window.redefined = [];
      for (const attempt of [
        () => Object.defineProperty(Clipboard.prototype, 'writeText', { value: () => 'original' }),
        () => { delete window.alert; },
        () => Object.defineProperty(Document.prototype, 'execCommand', { value: () => true }),
      ]) { try { attempt(); } catch (e) { redefined.push(e.name); } }`,
  });
  const result = await page.evaluate(async () => {
    await guardReady;
    violations.length = 0;
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const outcomes = [];
    const attempt = async (fn) => { try { outcomes.push(String(await fn())); } catch (e) { outcomes.push(e.name); } };
    await attempt(() => saved.writeText.call(navigator.clipboard, 'x'));
    await attempt(() => saved.alert('x'));
    await attempt(() => saved.exec.call(document, 'copy'));
    await attempt(() => frames[0].alert('x'));
    await attempt(() => frames[0].navigator.clipboard.writeText('x'));
    await attempt(() => frame.contentWindow.Clipboard.prototype.readText.call(navigator.clipboard));
    return { outcomes, redefined, reported: violations.map((v) => v.sink) };
  });
  assert.deepEqual(result.redefined, ['TypeError', 'TypeError']);
  assert.deepEqual(result.outcomes, ['NotAllowedError', 'undefined', 'false', 'undefined', 'NotAllowedError', 'NotAllowedError']);
  assert.deepEqual(result.reported, ['clipboard', 'alert', 'execCommand-clipboard', 'alert', 'clipboard', 'clipboard']);
  await page.close();
});

test('strict: the legacy navigator.getUserMedia and webkitGetUserMedia are refused too, through their error callback', async () => {
  const page = await browser.open({ options: { ...BASE, apis: 'strict' }, csp: PAGE_CSP });
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const call = (name) => new Promise((resolve) => {
      navigator[name]({ video: true }, () => resolve('granted'), (error) => resolve(`${error.name} ${/widget-guard refused/.test(error.message)}`));
    });
    return { getUserMedia: await call('getUserMedia'), webkitGetUserMedia: await call('webkitGetUserMedia'), reported: violations.filter((v) => v.sink === 'getUserMedia').length };
  });
  assert.deepEqual(outcomes, { getUserMedia: 'NotAllowedError true', webkitGetUserMedia: 'NotAllowedError true', reported: 2 });
  await page.close();
});

test('strict, with every API allowed back by override, reports nothing', async () => {
  const everything = ['alert', 'confirm', 'prompt', 'clipboard', 'execCommand-clipboard', 'print', 'window-open', 'geolocation',
    'getUserMedia', 'getDisplayMedia', 'notifications', 'file-pickers', 'payment-request', 'credentials', 'usb', 'bluetooth',
    'serial', 'hid', 'midi', 'service-worker', 'worker', 'webrtc', 'webtransport'];
  const page = await browser.open({ options: { ...BASE, apis: 'strict', allowApis: everything }, csp: PAGE_CSP });
  page.on('dialog', (dialog) => dialog.dismiss());
  const results = await page.evaluate(callEverything, false);
  const reported = Object.keys(results).filter((api) => results[api].reported || results[api].guard);
  assert.deepEqual(reported, [], JSON.stringify(results, null, 1));
  assert.ok(Object.keys(results).length >= 15, 'most APIs exist in headless Chromium');
  await page.close();
});

test("strict, every API reached through a fresh iframe's own prototypes and constructors is still refused", async () => {
  const page = await browser.open({ options: { ...BASE, apis: 'strict' }, csp: PAGE_CSP });
  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs++; dialog.dismiss(); });
  const results = await page.evaluate(callEverything, true);
  const unreported = Object.keys(results).filter((api) => !results[api].reported);
  assert.deepEqual(unreported, [], JSON.stringify(results, null, 1));
  assert.equal(dialogs, 0);
  await page.close();
});
