// The window.openai tool-call gate against hosts whose bridge is shaped otherwise than a plain
// object (a class, a frozen object) and against arguments changed after the user confirmed.
// The fake host's log (what reached the host) is the record.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PAGE_CSP, useBrowser } from './helpers.mjs';

const session = useBrowser();

const OPTIONS = { connectDomains: ['https://api.test'], tools: ['search', { name: 'cancel_order', destructiveHint: true }] };

/** A page whose host bridge is `bridge` (an expression), guarded with `options` plus `extra` (source text, for functions). */
function openWithBridge(bridge, extra = '') {
  return session.browser.open({
    install: false,
    csp: PAGE_CSP,
    head: `<script>window.hostLog = []; window.openai = ${bridge};</script>`,
    afterInstall: `window.guardReady = WidgetGuard.install({ ...${JSON.stringify(OPTIONS)}, ${extra} });
      window.outcome = (promise) => Promise.resolve().then(() => promise).then(() => 'sent', (error) => error.message);`,
  });
}

test('tool calls through a bridge defined as a class (the method on its prototype, also called through the prototype) or frozen (its methods cannot be wrapped: widget code gets a gated stand-in) → an unlisted tool is refused; a listed one reaches the host (guard; stated limit: the frozen bridge is the stand-in\'s prototype, reachable by code set on evading the gate)', async () => {
  const bridges = {
    classPrototype: '(new (class Bridge { async callTool(name) { hostLog.push(name); return name; } })())',
    frozen: 'Object.freeze({ async callTool(name) { hostLog.push(name); return name; } })',
  };
  for (const [shape, bridge] of Object.entries(bridges)) {
    const page = await openWithBridge(bridge);
    const result = await page.evaluate(async (viaPrototype) => {
      await guardReady;
      return {
        direct: await outcome(openai.callTool('drop_database')),
        throughPrototype: viaPrototype ? await outcome(Object.getPrototypeOf(openai).callTool.call(openai, 'drop_database')) : undefined,
        listed: await outcome(openai.callTool('search')),
        hostLog,
      };
    }, shape === 'classPrototype');
    assert.match(result.direct, /widget-guard refused the tool call/, shape);
    assert.equal(result.listed, 'sent', shape);
    assert.deepEqual(result.hostLog, ['search'], `${shape}: only the listed tool reached the host`);
    if (shape === 'classPrototype') assert.match(result.throughPrototype, /widget-guard refused the tool call/);
    await page.close();
  }
});

test('a destructive tool call whose arguments the caller changes after asking: the host receives what the user confirmed (guard)', async () => {
  const page = await openWithBridge(
    '{ async callTool(name, args) { hostLog.push(name + " " + JSON.stringify(args)); return name; } }',
    'confirmTool: ({ tool, args }) => new Promise((resolve) => setTimeout(() => { window.shown = JSON.stringify(args); resolve(true); }, 50))',
  );
  const result = await page.evaluate(async () => {
    await guardReady;
    const args = { orderId: '42' };
    const call = openai.callTool('cancel_order', args);
    setTimeout(() => { args.orderId = '*'; }, 10); // after the question, before the answer
    return { call: await outcome(call), shown, hostLog };
  });
  assert.deepEqual(result, { call: 'sent', shown: '{"orderId":"42"}', hostLog: ['cancel_order {"orderId":"42"}'] });
  await page.close();
});
