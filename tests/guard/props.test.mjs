// The sanitizer in the widget: install({ sanitizeProps: true }) replaces what window.openai
// exposes before widget code reads it, guard.props() and guard.sanitizeProps/redactText, with a
// fake Apps SDK host (window.openai set before the guard loads, as the host does).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { PAGE_CSP, startBrowser } from './harness.mjs';

let browser;
before(async () => {
  browser = await startBrowser();
});
after(() => browser.close());

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const HOST = `<script>window.openai = {
  toolInput: { query: 'orders for jane.doe@example.com' },
  toolOutput: { order: { id: 'ORD-2024-000123', total: 129.99, customer: { email: 'jane.doe@example.com', phone: '+1 415 555 0142' } }, session: '${JWT}' },
  widgetState: null,
};</script>`;

test('sanitizeProps: true: window.openai props are withheld until sanitized, then sanitized, keys and other values intact', async () => {
  const page = await browser.open({
    options: { connectDomains: ['https://api.test'], sanitizeProps: true },
    csp: PAGE_CSP,
    head: HOST,
    afterInstall: `window.early = window.openai.toolOutput;
      window.reads = 0; window.addEventListener('openai:set_globals', () => reads++);`,
  });
  const result = await page.evaluate(async () => {
    const guard = await guardReady;
    const output = window.openai.toolOutput;
    window.openai.toolOutput = { note: 'call me at +1 415 555 0199', id: 7 }; // the host updates it
    return {
      early: window.early,
      output,
      same: window.openai.toolInput === window.openai.toolInput,
      updated: window.openai.toolOutput,
      props: guard.props(),
      reads,
      frozen: Object.isFrozen(output),
      audit: guard.audit().filter((event) => event.type === 'redaction').map((event) => event.reason),
    };
  });
  assert.equal(result.early, null, 'read before the engine was ready: withheld, not raw');
  assert.deepEqual(result.output, {
    order: { id: 'ORD-2024-000123', total: 129.99, customer: { email: '[REDACTED:email]', phone: '[REDACTED:phone]' } },
    session: '[REDACTED:jwt]',
  });
  assert.equal(result.same, true, 'a cached copy per raw value');
  assert.deepEqual(result.updated, { note: 'call me at [REDACTED:phone]', id: 7 });
  assert.deepEqual(result.props.toolInput, { query: 'orders for [REDACTED:email]' });
  assert.equal(result.props.widgetState, null);
  assert.ok(result.reads >= 1, 'openai:set_globals told the widget to read again');
  assert.equal(result.frozen, true);
  assert.ok(result.audit.includes('redacted email at /order/customer/email (high confidence)'), result.audit.join('\n'));
  assert.ok(!JSON.stringify(result.audit).includes('jane.doe'));
  await page.close();
});

test('guard.sanitizeProps and guard.redactText in the page; bad input is refused by key', async () => {
  const page = await browser.open({ options: { connectDomains: ['https://api.test'] }, csp: PAGE_CSP });
  const result = await page.evaluate(async (jwt) => {
    const guard = await guardReady;
    const attempt = (fn) => { try { return fn(); } catch (e) { return `${e.name}: ${e.message}`; } };
    return {
      props: guard.sanitizeProps({ user: { name: 'Jane', email: 'jane.doe@example.com' }, list: [1, 'ok', jwt] }, { mode: 'mask' }),
      text: guard.redactText(`login for jane.doe@example.com with Bearer ${jwt}`),
      fn: attempt(() => guard.sanitizeProps({ f() {} })),
      option: attempt(() => guard.sanitizeProps({}, { mdoe: 'x' })),
      untouched: guard.sanitizeProps({ passwordHint: 'Use at least 12 characters', uuid: '550e8400-e29b-41d4-a716-446655440000' }),
    };
  }, JWT);
  assert.deepEqual(result.props.value.user, { name: 'Jane', email: '****.com' });
  assert.equal(result.props.value.list[1], 'ok');
  assert.deepEqual(result.props.findings.map((f) => f.pointer), ['/user/email', '/list/2']);
  assert.equal(result.text, 'login for [REDACTED:email] with Bearer [REDACTED:authorization]');
  assert.match(result.fn, /^TypeError: sanitizeProps: a function at key "f" is not JSON/);
  assert.match(result.option, /^TypeError: widget-guard sanitize: .*mdoe/);
  assert.deepEqual(result.untouched.findings, []);
  await page.close();
});
