// Shared by the adversarial suite: one Chromium per test file (tests/guard/harness.mjs), the
// widget CSP that `csp-tools generate` makes, and assertions on what reached the loopback servers,
// the only record an attack inside the page cannot rewrite.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

import { OPTIONS, PAGE_CSP, served, servedRequests, startBrowser } from '../guard/harness.mjs';

export { OPTIONS, PAGE_CSP, served, servedRequests };

const CSP_TOOLS = 'target/release/csp-tools';
const CONFIG = 'tests/adversarial/widget-csp.toml';

/**
 * Starts Chromium for the file's tests; `session.browser` once `before` has run. `session.open`
 * gives a guarded page under the test CSP with PAGE_HELPERS (then `afterInstall`);
 * `session.openUnderCsp` the inline build under the generated CSP, for what only the browser stops.
 */
export function useBrowser() {
  const session = {
    open: (afterInstall = '') => session.browser.open({ options: OPTIONS, csp: PAGE_CSP, afterInstall: PAGE_HELPERS + afterInstall }),
    openUnderCsp: (options = OPTIONS) =>
      session.browser.open({ options, csp: generatedCsp, script: 'widget-guard.inline.js', afterInstall: PAGE_HELPERS }),
  };
  before(async () => {
    session.browser = await startBrowser();
  });
  after(() => session.browser.close());
  return session;
}

/**
 * The policy `csp-tools generate --config widget-csp.toml` produces for the widget, with the
 * page's own inline scripts hashed into script-src (`--hashes-from`), as a widget author ships it.
 * Pass it as `open({ csp: generatedCsp })`: the harness calls it with the page's HTML.
 */
export function generatedCsp(html) {
  if (!existsSync(CSP_TOOLS)) throw new Error(`${CSP_TOOLS} is missing: run cargo build --release -p csp-tools`);
  const dir = mkdtempSync(join(tmpdir(), 'adversarial-csp-'));
  try {
    writeFileSync(join(dir, 'widget.html'), html);
    const header = execFileSync(CSP_TOOLS, ['generate', '--config', CONFIG, '--hashes-from', join(dir, 'widget.html')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); // its notes (an external script is not hashed) are expected
    return header.match(/^Content-Security-Policy: (.*)$/m)[1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Requests that reached the servers under `marker` (a path segment unique to one test). */
export function reached(marker) {
  return served.filter((request) => request.includes(marker));
}

/** Waits (bounded) until a request under `marker` reached the servers: the positive control of an attack. */
export async function waitForServed(marker, timeout = 5000) {
  const deadline = Date.now() + timeout;
  while (reached(marker).length === 0) {
    if (Date.now() > deadline) assert.fail(`nothing reached the servers under ${marker}; served: ${served.slice(-20).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return reached(marker);
}

/** Nothing under `marker` reached an unlisted origin (evil.test), nor, with `paths`, those paths. */
export function assertNothingLeaked(marker, paths = []) {
  const leaked = served.filter((request) => request.includes(marker) && (request.startsWith('evil.test') || paths.some((path) => request.includes(path))));
  assert.deepEqual(leaked, [], `requests that got out: ${leaked.join(', ')}`);
}

/**
 * Page-side helpers, installed with `afterInstall`: `waitFor(fn)` polls a condition (bounded, for
 * states no event announces, like a popup turning same-origin), `cspViolations` collects the
 * browser's own `securitypolicyviolation` events and `cspBlocked(n, directive?)` awaits n of them
 * (of that directive) and returns them sorted.
 */
export const PAGE_HELPERS = `
  window.waitFor = async (condition, timeout = 5000) => {
    for (const deadline = Date.now() + timeout; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      try { const value = condition(); if (value) return value; } catch (_) {}
    }
    throw new Error('timed out waiting for ' + condition);
  };
  window.cspViolations = [];
  window.cspWaiters = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI.replace(/[?#].*/, ''));
    cspWaiters = cspWaiters.filter((w) => !w());
  });
  window.cspBlocked = (count, directive = '') => new Promise((resolve, reject) => {
    const matching = () => cspViolations.filter((v) => v.startsWith(directive)).sort();
    const done = () => matching().length >= count && (resolve(matching()), true);
    if (!done()) { cspWaiters.push(done); setTimeout(() => reject(new Error('CSP violations so far: ' + cspViolations.join(', '))), 5000); }
  });`;
