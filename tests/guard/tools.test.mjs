// The tool-call gate on window.openai, with a fake Apps SDK host: every gate path (allowed, not
// allow-listed, destructive confirmed, destructive refused, no confirmation callback,
// rate-limited, openExternal on and off the list), sanitized arguments, and tamper attempts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { PAGE_CSP, startBrowser } from './harness.mjs';

let browser;
before(async () => {
  browser = await startBrowser();
});
after(() => browser.close());

// The host's bridge: records what actually reached the host.
const HOST = `<script>window.hostLog = [];
window.openai = {
  callTool: async (name, args) => { hostLog.push(['callTool', name, JSON.stringify(args)]); return { ok: name }; },
  sendFollowUpMessage: async (message) => { hostLog.push(['followUp', JSON.stringify(message)]); },
  openExternal: ({ href }) => { hostLog.push(['openExternal', href]); },
};</script>`;

const OPTIONS = {
  connectDomains: ['https://api.test'],
  redirects: ['https://docs.test'],
  tools: ['search_orders', { name: 'cancel_order', destructiveHint: true }, 'delete_account'],
  destructiveTools: ['delete_account'],
  toolRateLimit: { calls: 3, perMs: 60000 },
};

async function open(extra = {}, afterInstall = '') {
  return browser.open({ options: { ...OPTIONS, ...extra }, csp: PAGE_CSP, head: HOST, afterInstall });
}

test('every gate path, as the host sees it', async () => {
  const page = await open({}, `window.answers = [true, false];
    window.asked = [];`);
  // confirmTool is a function, so it is set in the page: answers come from the widget's own dialog.
  const result = await page.evaluate(async () => {
    await guardReady;
    const call = (name, args) => attempt(() => window.openai.callTool(name, args));
    return {
      allowed: await call('search_orders', { q: 'shoes' }),
      unlisted: await call('drop_database', {}),
      noCallback: await call('cancel_order', { id: 7 }),
      log: hostLog.map((entry) => entry.slice(0, 2).join(' ')),
      violations: violations.map((v) => `${v.sink} ${v.violatedDirective}`),
    };
  });
  assert.deepEqual(result.allowed.value, { ok: 'search_orders' });
  assert.match(result.unlisted.message, /widget-guard refused the tool call: blocked: the widget may not call the tool "drop_database": add it to tools/);
  assert.match(result.noCallback.message, /cancel_order is destructive and install\(\) was given no confirmTool callback/);
  assert.deepEqual(result.log, ['callTool search_orders'], 'only the allowed call reached the host');
  assert.deepEqual(result.violations, ['tool-call tools', 'tool-declined consent']);
  await page.close();
});

test('destructive tools wait for the confirmTool answer: confirmed goes through, declined is refused and reported', async () => {
  // Options with a function cannot travel as JSON: this page installs the guard itself.
  const page = await browser.open({
    install: false,
    csp: PAGE_CSP,
    head: HOST,
    afterInstall: `window.violations = []; window.asked = []; let answers = [true, false];
      window.attempt = async (fn) => { try { return { value: await fn() }; } catch (e) { return { error: e.name, message: e.message }; } };
      window.guardReady = WidgetGuard.install({ ...${JSON.stringify(OPTIONS)},
        confirmTool: async ({ tool, args }) => { asked.push(tool + ' ' + JSON.stringify(args)); return answers.shift(); },
        onViolation: (v) => violations.push(v) });`,
  });
  const result = await page.evaluate(async () => {
    await guardReady;
    return {
      confirmed: await attempt(() => window.openai.callTool('cancel_order', { id: 7 })),
      declined: await attempt(() => window.openai.callTool('delete_account', {})),
      asked,
      log: hostLog.map((entry) => entry.slice(0, 2).join(' ')),
      declinedReport: violations.find((v) => v.sink === 'tool-declined')?.reason,
      audit: (await guardReady).audit().filter((e) => e.type === 'tool').map((e) => `${e.sink} ${e.method} ${e.allowed}`),
    };
  });
  assert.deepEqual(result.confirmed.value, { ok: 'cancel_order' });
  assert.match(result.declined.message, /delete_account is destructive and the user did not confirm it/);
  assert.deepEqual(result.asked, ['cancel_order {"id":7}', 'delete_account {}']);
  assert.deepEqual(result.log, ['callTool cancel_order']);
  assert.match(result.declinedReport, /the user declined the destructive tool call "delete_account"/);
  assert.deepEqual(result.audit, [
    'destructive-tool-call cancel_order true',
    'tool-call delete_account true',
    'tool-declined delete_account false',
  ]);
  await page.close();
});

test('a burst is rate-limited per tool; follow-up messages too', async () => {
  const page = await open({ toolRateLimit: { calls: 3, perMs: 60000 } });
  const result = await page.evaluate(async () => {
    await guardReady;
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await attempt(() => window.openai.callTool('search_orders', { page: i }))).error ?? 'ok');
    const followUps = [];
    for (let i = 0; i < 4; i++) followUps.push((await attempt(() => window.openai.sendFollowUpMessage({ prompt: 'more' }))).error ?? 'ok');
    return { outcomes, followUps, reason: violations.find((v) => v.violatedDirective === 'toolRateLimit')?.reason, calls: hostLog.length };
  });
  assert.deepEqual(result.outcomes, ['ok', 'ok', 'ok', 'Error', 'Error']);
  assert.deepEqual(result.followUps, ['ok', 'ok', 'ok', 'Error']);
  assert.match(result.reason, /"search_orders" was called 3 times in the last 60000 ms, the limit; raise toolRateLimit/);
  assert.equal(result.calls, 6, 'the host saw 3 tool calls and 3 follow-ups');
  await page.close();
});

test('openExternal follows the redirects list; arguments leaving the widget are sanitized with sanitizeProps', async () => {
  const page = await open({ sanitizeProps: true });
  const result = await page.evaluate(async () => {
    await guardReady;
    return {
      offList: await attempt(() => window.openai.openExternal({ href: 'https://evil.test/phish?token=1' })),
      onList: await attempt(() => window.openai.openExternal({ href: 'https://docs.test/help' })),
      tool: await attempt(() => window.openai.callTool('search_orders', { q: 'orders of jane.doe@example.com' })),
      followUp: await attempt(() => window.openai.sendFollowUpMessage({ prompt: 'my card is 4111 1111 1111 1111' })),
      log: hostLog,
    };
  });
  assert.match(result.offList.message, /widget-guard refused openExternal: blocked: https:\/\/evil\.test\/phish is not in the guard's redirects/);
  assert.deepEqual(result.log, [
    ['openExternal', 'https://docs.test/help'],
    ['callTool', 'search_orders', '{"q":"orders of [REDACTED:email]"}'],
    ['followUp', '{"prompt":"my card is [REDACTED:card]"}'],
  ]);
  await page.close();
});

test('the bridge cannot be unwrapped: locked methods, saved references, a bridge installed later', async () => {
  const page = await browser.open({
    options: OPTIONS,
    csp: PAGE_CSP,
    afterInstall: `window.hostLog = [];
      // The host installs its bridge after the guard.
      window.openai = { callTool: async (name) => { hostLog.push(name); return name; } };
      window.hostBridge = window.openai;
      window.saved = window.openai.callTool;
      window.tampered = [];
      for (const attempt of [
        () => { 'use strict'; window.openai.callTool = async (name) => name; },
        () => Object.defineProperty(window.openai, 'callTool', { value: async () => 'raw' }),
      ]) { try { attempt(); } catch (e) { tampered.push(e.name); } }
      // Replacing the whole bridge gains nothing: the widget's own object is gated in turn.
      window.openai = { callTool: async (name) => 'widget ' + name };`,
  });
  const result = await page.evaluate(async () => {
    await guardReady;
    return {
      tampered,
      saved: await attempt(() => saved('drop_database')),
      current: await attempt(() => hostBridge.callTool('drop_database')),
      replaced: await attempt(() => window.openai.callTool('drop_database')),
      allowed: await attempt(() => hostBridge.callTool('search_orders')),
      log: hostLog,
    };
  });
  assert.deepEqual(result.tampered, ['TypeError', 'TypeError']);
  assert.match(result.saved.message, /may not call the tool "drop_database"/);
  assert.match(result.current.message, /may not call the tool "drop_database"/);
  assert.match(result.replaced.message, /may not call the tool "drop_database"/);
  assert.equal(result.allowed.value, 'search_orders');
  assert.deepEqual(result.log, ['search_orders']);
  await page.close();
});
