// What only the browser's CSP can stop: resource loads by markup and CSS. No script wrapper sees
// an <img> or a url() in a stylesheet, so these run under the policy `csp-tools generate` makes
// for the widget (widget-csp.toml) and must reach nothing but 'self'.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertNothingLeaked, useBrowser, waitForServed } from './helpers.mjs';

const session = useBrowser();

test('CSS, image, font, media, frame and object loads to unlisted origins: blocked by the generated CSP, nothing reaches the server (browser CSP)', async () => {
  const page = await session.openUnderCsp();
  const blocked = await page.evaluate(async () => {
    await guardReady;
    const evil = (name) => `https://evil.test/adv-markup/${name}`;
    document.body.innerHTML = `
      <img src="${evil('img')}">
      <img srcset="${evil('srcset')} 2x">
      <input type="image" src="${evil('input-image')}">
      <video poster="${evil('poster')}"></video>
      <audio src="${evil('audio')}"></audio>
      <svg><image href="${evil('svg-image')}"></image></svg>
      <link rel="stylesheet" href="${evil('style.css')}">
      <iframe src="${evil('frame')}"></iframe>
      <object data="${evil('object')}"></object>
      <div id="styled">x</div>
      <img src="/adv-markup/self-image">`;
    // CSSOM and constructed stylesheets are not inline styles: style-src does not stop them, so
    // what they load answers to img-src and font-src.
    document.getElementById('styled').style.backgroundImage = `url(${evil('cssom-background')})`;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`@font-face { font-family: x; src: url(${evil('font')}); } body { font-family: x; background: url(${evil('sheet-background')}); }`);
    document.adoptedStyleSheets = [sheet];
    new FontFace('y', `url(${evil('fontface')})`).load().catch(() => {});
    return cspBlocked(13);
  });
  assert.deepEqual(blocked, [
    'font-src https://evil.test/adv-markup/font',
    'font-src https://evil.test/adv-markup/fontface',
    'frame-src https://evil.test', // frame and object reports carry only the origin
    'img-src https://evil.test/adv-markup/cssom-background',
    'img-src https://evil.test/adv-markup/img',
    'img-src https://evil.test/adv-markup/input-image',
    'img-src https://evil.test/adv-markup/poster',
    'img-src https://evil.test/adv-markup/sheet-background',
    'img-src https://evil.test/adv-markup/srcset',
    'img-src https://evil.test/adv-markup/svg-image',
    'media-src https://evil.test/adv-markup/audio',
    'object-src https://evil.test',
    'style-src-elem https://evil.test/adv-markup/style.css',
  ]);
  await waitForServed('widget.test/adv-markup/self-image'); // 'self' still loads: the policy, not a dead network, decided
  assertNothingLeaked('adv-markup');
  await page.close();
});
