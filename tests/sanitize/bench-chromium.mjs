// Throughput of the sanitizer's Wasm in headless Chromium (not CI):
//   node widget-guard/build.mjs && node tests/sanitize/bench-chromium.mjs
// Loads the built guard in a widget page (the test harness) and times guard.redactText and
// guard.sanitizeProps: best of 3 after a warm-up run.
import { OPTIONS, PAGE_CSP, startBrowser } from '../guard/harness.mjs';

const browser = await startBrowser();
const tab = await browser.open({ options: OPTIONS, csp: PAGE_CSP, script: 'widget-guard.inline.js' });
const r = await tab.evaluate(async () => {
const guard = await guardReady;
const { redactText, sanitizeProps } = guard;
const rate = (bytes, f) => { f(); let best = Infinity; for (let k = 0; k < 3; k++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t); } return bytes / 1e3 / best; };
const log = 'order ORD-2024-000123 shipped at 2024-05-01T10:22:31Z, 3 items, total 129.99 EUR; '.repeat(120000);
const prose = 'The quick brown fox jumps over the lazy dog while the widget renders its list. '.repeat(125000);
const item = { id: 'ORD-2024-000123', uuid: '550e8400-e29b-41d4-a716-446655440000', email: 'jane.doe@example.com',
  card: '4111 1111 1111 1111', token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', createdAt: '2024-05-01T10:22:31.000Z',
  note: 'Deliver to the back door, ring twice', total: 129.99, items: [1, 2, 3] };
const props = Array.from({ length: 20000 }, () => structuredClone(item));
const propsBytes = JSON.stringify(props).length;
return {
  log: rate(log.length, () => redactText(log)),
  prose: rate(prose.length, () => redactText(prose)),
  props: rate(propsBytes, () => sanitizeProps(props)),
  propsMB: propsBytes / 1e6,
  ua: navigator.userAgent,
};
});
await browser.close();
console.log(r.ua.match(/Chrome\/[\d.]+/)?.[0]);
console.log(`redactText, log lines: ${r.log.toFixed(1)} MB/s`);
console.log(`redactText, prose: ${r.prose.toFixed(1)} MB/s`);
console.log(`sanitizeProps, ${r.propsMB.toFixed(1)} MB of props (incl. JSON.stringify/parse): ${r.props.toFixed(1)} MB/s`);
