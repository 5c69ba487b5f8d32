// The size budget of what every widget downloads on every render: the Wasm engine plus the loader
// (which inlines the wasm-bindgen glue), gzip -9. Deterministic, so it is checked here, not benchmarked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

// The target for the whole guard (network, privileged APIs, sanitizer) is 60 KB. The sanitizer
// took it to about 73 KB, and the MCP Apps gate, the fuzzers' sanitizer fixes and the adversarial
// suite's 12 bypass fixes to 77,361 bytes; until that is won back (README: size levers), these
// budgets stop it from growing further.
const BUDGET = 76 * 1024;
// widget-guard.inline.js carries the same Wasm in base64, which gzip compresses about 28% worse.
const INLINE_BUDGET = 96 * 1024;

test(`widget-guard.wasm + widget-guard.js stay within ${BUDGET} bytes gzip`, (t) => {
  const sizes = Object.fromEntries(['widget-guard.wasm', 'widget-guard.js'].map((file) => {
    const bytes = readFileSync(`dist/${file}`);
    return [file, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }];
  }));
  const total = Object.values(sizes).reduce((sum, size) => sum + size.gzip, 0);
  for (const [file, size] of Object.entries(sizes)) t.diagnostic(`${file}: ${size.raw} bytes, ${size.gzip} gzip`);
  t.diagnostic(`total: ${total} bytes gzip (budget ${BUDGET})`);
  assert.ok(total <= BUDGET, `${total} bytes gzip is over the ${BUDGET}-byte budget`);
});

test(`widget-guard.inline.js (the engine embedded) stays within ${INLINE_BUDGET} bytes gzip`, (t) => {
  const gzip = gzipSync(readFileSync('dist/widget-guard.inline.js'), { level: 9 }).length;
  t.diagnostic(`widget-guard.inline.js: ${gzip} gzip`);
  assert.ok(gzip <= INLINE_BUDGET, `${gzip} bytes gzip is over the ${INLINE_BUDGET}-byte budget`);
});
