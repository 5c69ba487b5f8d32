// Benchmarks widget-guard in headless Chromium: the time of one allow/deny decision (guard.check,
// which canonicalises the URL with the browser's parser and returns the reason) next to a
// hand-written `new URL()` + allow-list check in the same page, the time from the guard's script
// start to ready, and what the insertion hooks cost DOM code (appendChild into the document and
// into a shadow root, with and without the guard). Usage: node widget-guard/build.mjs && node widget-guard/benches/browser.mjs
import { OPTIONS, PAGE_CSP, startBrowser } from '../../tests/guard/harness.mjs';

const browser = await startBrowser();
const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];

const startup = async (script) => {
  const times = [];
  for (let i = 0; i < 25; i++) {
    const page = await browser.open({ options: OPTIONS, csp: PAGE_CSP, script });
    // From the end of the guard script's download (it runs right away: a classic, blocking script) to
    // ready, as the page itself timed it (not when this evaluation happens to run).
    times.push(await page.evaluate(async (name) => {
      await guardReady;
      return guardReadyAt - performance.getEntriesByType('resource').find((entry) => entry.name.endsWith(name)).responseEnd;
    }, script));
    await page.close();
  }
  return median(times);
};
const startups = { fetched: await startup('widget-guard.js'), inline: await startup('widget-guard.inline.js') };

const page = await browser.open({ options: OPTIONS, csp: PAGE_CSP });
const decisions = await page.evaluate(async () => {
  const guard = await guardReady;
  const urls = ['https://api.test/v1/items?page=2', 'https://evil.test/steal', 'https://api.test/admin', 'https://cdn.test/a.png'];
  // The hand-written baseline: what a widget author would otherwise write.
  const rules = [{ origin: 'https://api.test', prefix: '/v1/' }, { origin: 'https://cdn.test', prefix: '/' }];
  const handWritten = (url) => {
    const parsed = new URL(url, location.href);
    return rules.some((rule) => parsed.origin === rule.origin && parsed.pathname.startsWith(rule.prefix));
  };
  const time = (decide) => {
    const batches = [];
    for (let batch = 0; batch < 60; batch++) {
      const start = performance.now();
      for (let i = 0; i < 2000; i++) decide(urls[i & 3]);
      batches.push(((performance.now() - start) * 1000) / 2000);
    }
    return batches.sort((a, b) => a - b)[30];
  };
  time((url) => guard.check(url)); // warm-up
  return { check: time((url) => guard.check(url)), allows: time((url) => guard.allows(url)), handWritten: time(handWritten) };
});

/** Median time of 5,000 appendChild calls into the document or a shadow root, over 7 runs. */
const insertion = async (install) => {
  const page = await browser.open({ options: OPTIONS, csp: PAGE_CSP, install });
  const times = await page.evaluate(async () => {
    if (window.guardReady) await guardReady;
    const run = (parent) => {
      const start = performance.now();
      for (let i = 0; i < 5000; i++) parent.appendChild(document.createElement('span'));
      return performance.now() - start;
    };
    const runs = { document: [], shadow: [] };
    for (let r = 0; r < 7; r++) {
      runs.document.push(run(document.body.appendChild(document.createElement('div'))));
      runs.shadow.push(run(document.body.appendChild(document.createElement('div')).attachShadow({ mode: 'open' })));
      document.body.replaceChildren();
    }
    return runs;
  });
  await page.close();
  return { document: median(times.document), shadow: median(times.shadow) };
};
const inserts = { without: await insertion(false), with: await insertion(true) };
await browser.close();

console.log(`startup (script start → ready), median of 25 page loads: widget-guard.inline.js ${startups.inline.toFixed(2)} ms, widget-guard.js + fetching widget-guard.wasm ${startups.fetched.toFixed(2)} ms`);
console.log(`5,000 appendChild, median of 7: into the document ${inserts.with.document.toFixed(1)} ms guarded, ${inserts.without.document.toFixed(1)} ms without; into a shadow root ${inserts.with.shadow.toFixed(1)} ms guarded, ${inserts.without.shadow.toFixed(1)} ms without`);
console.log(`one decision, median over 60 batches of 2000: guard.allows ${decisions.allows.toFixed(2)} µs, guard.check (with reason) ${decisions.check.toFixed(2)} µs, hand-written new URL() + allow-list ${decisions.handWritten.toFixed(2)} µs`);
